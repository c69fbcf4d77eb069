"""Errors that end a run with exit code 2 and one line for the user."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command line, config or rule pack: exit code 2."""


class ConfigError(UsageError):
    """The configuration file is invalid."""


class PackError(UsageError):
    """A rule pack is invalid."""


class InternalError(Exception):
    """A bug, raised with the file being processed so the one-line report can name it."""

    def __init__(self, where: str, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.where = where
        self.__cause__ = cause

    def __reduce__(self) -> tuple[type[InternalError], tuple[str, BaseException]]:
        # raised in a parsing worker process: must survive the trip back
        return (InternalError, (self.where, RuntimeError(str(self))))
