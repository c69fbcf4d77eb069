"""Errors that end a run with exit code 2 and one line for the user."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command line, config or rule pack: exit code 2."""


class ConfigError(UsageError):
    """The configuration file is invalid."""


class PackError(UsageError):
    """A rule pack is invalid."""
