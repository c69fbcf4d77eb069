"""``ops-lint init``: scaffold a doc set, roster, config and pre-commit hook in a repository.

The templates live in ``ops_lint/templates/`` (package data). Every ``{{ ... }}`` in them is a
placeholder that ``ops-lint check`` reports (OPS004 in the docs; OPS104 for roster members,
once a doc names their team) until someone fills it in. Placeholders are written as
``{{ name }}``, not ``<name>``: a rendered Markdown page hides ``<name>`` as an unknown HTML
tag (an empty title, blank table cells), while ``{{ name }}`` shows as written. The values the
bundled pack already dictates (section titles, table headers, the severity policy's response
times, the freeze at an exhausted error budget) are filled in. An existing file is never
overwritten: it is kept and reported, and for an existing ``.pre-commit-config.yaml`` the hook
snippet to add is printed instead.
"""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from ops_lint import __version__
from ops_lint.errors import UsageError
from ops_lint.report_io import create_temp

PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"


class Scaffold(NamedTuple):
    """One file ``init`` writes: its path relative to the target directory and its template."""

    path: str
    template: str


def scaffolds(docs: str) -> list[Scaffold]:
    return [
        Scaffold(f"{docs}/handover/operations-handover.md", "handover.md"),
        Scaffold(f"{docs}/runbooks/example-runbook.md", "runbook.md"),
        Scaffold(f"{docs}/owners.yaml", "owners.yaml"),
        Scaffold(".ops-lint.yaml", "ops-lint.yaml"),
        Scaffold(PRE_COMMIT_CONFIG, "pre-commit-config.yaml"),
    ]


def render(template: str, docs: str, today: dt.date | None = None) -> str:
    """The text of a template, with ``{docs}``, ``{version}`` and ``{today}`` substituted.

    ``last_reviewed`` gets the scaffold date rather than a placeholder: a placeholder there is
    also a schema error (OPS002) and an invalid review date (OPS602), three findings for one
    blank, and the date the doc was written is a true starting point for its review cycle.
    """
    text = resources.files("ops_lint").joinpath("templates", template).read_text(encoding="utf-8")
    date = (today or dt.date.today()).isoformat()
    return text.replace("{docs}", docs).replace("{version}", __version__).replace("{today}", date)


def hook_snippet() -> str:
    """The ``repos:`` entry to add to an existing ``.pre-commit-config.yaml``."""
    text = render("pre-commit-config.yaml", "")
    return text[text.index("  - repo:") :]


def check_docs_dir(docs: str) -> str:
    """``--docs`` as a clean relative POSIX path inside the target directory."""
    path = PurePosixPath(docs.replace("\\", "/"))
    if not docs.strip() or path.is_absolute() or ".." in path.parts or str(path) == ".":
        raise UsageError(f"--docs {docs!r}: give a folder inside DIR, e.g. ops-docs")
    return str(path)


def _create(path: Path, text: str) -> bool:
    """Write ``path`` atomically unless it exists; False if it already did.

    The text goes to a temp file in the same folder, which is then hard-linked to its name:
    the link fails if the name exists, so a file that appeared meanwhile is never replaced.
    The file gets the mode any new file gets (0666 less the umask), not a temp file's 0600.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = create_temp(str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if path.exists():
                return False
            os.replace(tmp, path)
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def init(target: Path, docs: str, shown: str, today: dt.date | None = None) -> list[str]:
    """Scaffold ``target``; the lines to print. ``shown`` is ``target`` as the user gave it."""
    docs = check_docs_dir(docs)
    lines: list[str] = []
    for item in scaffolds(docs):
        display = os.path.normpath(os.path.join(shown, item.path))
        try:
            created = _create(target / item.path, render(item.template, docs, today))
        except OSError as exc:
            raise UsageError(f"{display}: cannot write: {exc.strerror or exc}") from None
        if created:
            lines.append(f"created: {display}")
            continue
        lines.append(f"exists, kept: {display}")
        if item.path == PRE_COMMIT_CONFIG:
            lines.append(f"add the ops-lint hook to the 'repos:' of {display}:")
            lines.append(hook_snippet().rstrip("\n"))
    lines.append(
        "next: replace every {{ ... }} placeholder, then run 'ops-lint check' "
        "(it lists what is still to fill in)"
    )
    return lines
