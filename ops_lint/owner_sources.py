"""A doc's owner from outside the doc: ``CODEOWNERS``, ``OWNERS`` files, a default owner.

``owner_sources`` in the config lists the sources in order of precedence (default:
``[front-matter]``); the first that names an owner for a doc gives the doc's owners:

- ``front-matter``: the doc's owner keys (``owner:``);
- ``codeowners``: the owners of the doc's path in ``CODEOWNERS`` (``ops_lint.codeowners``),
  each one owner, from ``.github/CODEOWNERS line 4``;
- ``owners-files``: the approvers of the nearest ``OWNERS`` files (``ops_lint.owners_files``),
  one owner that is the group of approvers;
- ``default``: ``default_owner`` from the config.

Every owner read here keeps where it was read, which findings and the freshness report
show: ``edi-l2-support (.github/CODEOWNERS line 4)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ops_lint import codeowners
from ops_lint.governance import position
from ops_lint.governance.owners import OwnerRef
from ops_lint.model import Document
from ops_lint.owners_files import NAME, OwnersTree

NO_OWNER = "(no owner)"


class OwnerSources:
    """The project's owner files, read once per run, and the default owner."""

    def __init__(self, root: Path, default_owner: str = "") -> None:
        self.root = root
        self.default_owner = default_owner.strip()
        self._codeowners: codeowners.CodeOwners | None = None
        self.tree = OwnersTree(root)

    @property
    def codeowners(self) -> codeowners.CodeOwners:
        if self._codeowners is None:
            self._codeowners = codeowners.load(self.root)
        return self._codeowners

    def refs(self, doc: Document, source: str) -> list[OwnerRef]:
        """The owners ``source`` gives ``doc`` (none when it names none)."""
        at = position(doc, 1)
        if source == "codeowners":
            found = self.codeowners
            return [
                OwnerRef(owner, at, "codeowners", origin=f"{found.path} line {line}")
                for owner, line in found.owners_of(doc.path)
            ]
        if source == "owners-files":
            approval = self.tree.approval(doc.path)
            if not approval.approvers:
                return []
            origin = f"approvers in {', '.join(approval.files)}"
            text = ", ".join(approval.approvers)
            return [OwnerRef(text, at, "owners-files", origin=origin, members=approval.approvers)]
        if source == "default" and self.default_owner:
            return [OwnerRef(self.default_owner, at, "default", origin="default_owner in config")]
        return []

    def label(
        self, doc: Document, sources: Sequence[str], front_matter: str, default: str | None
    ) -> str:
        """The doc's owner as the freshness report shows it: ``front_matter`` (the owner
        its front-matter names, or ``NO_OWNER``) or the first of ``sources`` that names
        one, then ``default``; read elsewhere, with where: ``@org/sre (CODEOWNERS line 4)``."""
        for source in sources:
            if source == "front-matter":
                if front_matter != NO_OWNER:
                    return front_matter
                continue
            refs = self.refs(doc, source)
            if refs:
                return label(refs)
        return default or NO_OWNER

    def problems(self, doc: Document, sources: Sequence[str]) -> list[str]:
        """Why an owner file that ``sources`` reads for ``doc`` could not be used."""
        out: list[str] = []
        if "codeowners" in sources:
            found = self.codeowners
            out += [f"{found.path}: {problem}" for problem in found.problems]
        if "owners-files" in sources:
            problem = self.tree.approval(doc.path).problem
            out += [problem] if problem else []
        return out


def label(declared: Sequence[OwnerRef]) -> str:
    """A doc's own owners as the freshness report shows them, with where they were
    read when that is not the doc: ``@org/sre (.github/CODEOWNERS line 4)``."""
    if not declared:
        return NO_OWNER
    names = ", ".join(o.text for o in declared)
    origins = sorted({o.origin for o in declared if o.origin})
    return f"{names} ({'; '.join(origins)})" if origins else names


def side_files(root: Path, sources: Sequence[str], docs: Sequence[str]) -> list[Path]:
    """The owner files a run with ``sources`` may read for ``docs`` (absolute paths),
    whether or not they exist: what a memo of the run depends on."""
    files: list[Path] = []
    if "codeowners" in sources:
        files += [root / location for location in codeowners.LOCATIONS]
    if "owners-files" in sources:
        folders: set[Path] = set()
        for doc in docs:
            folder = Path(doc).parent
            while folder not in folders and (folder == root or root in folder.parents):
                folders.add(folder)
                folder = folder.parent
        files += [folder / NAME for folder in sorted(folders)]
    return files
