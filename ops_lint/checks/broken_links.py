"""Relative links to files that do not exist, and anchors that match no heading.

Relative links and images are resolved from the linking file (a leading ``/`` means
the project root). ``#anchors``, in the same file or in another Markdown file of the
doc set, must match a heading slug as GitHub computes it (lower case, punctuation but
``-`` and ``_`` dropped, spaces as ``-``, ``-1``, ``-2`` for repeated headings) or an
HTML ``id``/``name``. External URLs (``https:``, ``mailto:``…) are never fetched.

A link whose target leaves the project (``../../../../etc/passwd``, ``/etc/passwd`` taken
from the project root, or a path through a symlink inside the project that points out of
it) is a finding of its own, "link leaves the project; not checked", whether or not the
target exists: nothing outside the project is ever looked at, so a report cannot tell
which files exist on the machine that ran it. ``file:`` URLs are not links (the Markdown
parser drops them) and are never followed.

Options:
- ``check_anchors``: check ``#fragments`` too (default true).

Fail: ``[DLQ runbook](../runbooks/routing-dlq.md)`` when the file is named
``routing-dlq-backlog.md``; ``[matrix](#incident-matrix)`` when the heading is
"Incident Classification Matrix".

Pass: ``[matrix](#2-incident-classification-matrix)`` for ``## 2. Incident Classification Matrix``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "broken-links"


class Options(CheckOptions):
    check_anchors: bool = True


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    checked = 0
    for link in doc.links:
        resolved = ctx.resolve_link(doc, link.target)
        if resolved is None:
            continue
        checked += 1
        abspath, fragment = resolved
        if ctx.outside(abspath):
            yield Finding(
                link.line,
                link.column,
                f"link leaves the project; not checked: '{link.target[:200]}'",
                "link to a file inside the project, or to a URL",
                link.target[:200],
            )
            continue
        if not ctx.exists(abspath):
            yield Finding(
                link.line,
                link.column,
                f"broken link: '{link.target}' points to {ctx.project_path(abspath)}, "
                "which does not exist",
                "fix the path (it is relative to this file) or remove the link",
                link.target,
            )
            continue
        target_doc = ctx.by_abspath.get(abspath)
        if not (options.check_anchors and fragment and target_doc is not None):
            continue
        if fragment.lower() not in {a.lower() for a in target_doc.anchors}:
            close = difflib.get_close_matches(fragment.lower(), sorted(target_doc.anchors), n=1)
            hint = f"did you mean '#{close[0]}'?" if close else "link to an existing heading"
            where = "this file" if target_doc is doc else target_doc.path
            yield Finding(
                link.line,
                link.column,
                f"broken anchor: '#{fragment}' matches no heading in {where}",
                hint,
                link.target,
            )
    if checked:
        yield Evidence(1, f"{checked} relative links resolve")
