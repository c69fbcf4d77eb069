"""Relative links to files that do not exist, and anchors that match no heading.

Relative links and images are resolved from the linking file (a leading ``/`` means
the project root). ``#anchors``, in the same file or in another Markdown file of the
doc set, must match a heading slug as GitHub computes it (lower case, punctuation but
``-`` and ``_`` dropped, spaces as ``-``, ``-1``, ``-2`` for repeated headings) or an
HTML ``id``/``name``. External URLs (``https:``, ``mailto:``…) are never fetched.
HTML ``<a href="...">`` links are checked like Markdown links.

With the ``site`` setting (generator ``mkdocs``, ``tech-docs``, ``hugo``, ``docusaurus``),
links in the site's pages are read as the built site serves them: site-absolute URLs
(``/runbooks/x/``), directory URLs and indexes, ``x.html`` for ``x.md`` or
``x.html.md.erb``, and redirects; anchors follow the generator's slugs (MkDocs
``steps_1``, tech-docs ``what-s-new``, ``gitlab``'s folded dashes), and ``{#id}`` counts.

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
_FIX_FILE = "fix the path (it is relative to this file) or remove the link"
_FIX_SITE = "fix the path (a site URL or a source file) or remove the link"


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
                _FIX_SITE if ctx.site_map.serves(doc.abspath) else _FIX_FILE,
                link.target,
            )
            continue
        target_doc = ctx.by_abspath.get(abspath)
        if not (options.check_anchors and fragment and target_doc is not None):
            continue
        anchors = _anchors(target_doc, ctx)
        if fragment.lower() not in {a.lower() for a in anchors}:
            close = difflib.get_close_matches(fragment.lower(), sorted(anchors), n=1)
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


def _anchors(doc: Document, ctx: Context) -> set[str]:
    """The anchors of ``doc`` as the ``site`` generator makes them (GitHub's by default)."""
    if ctx.config.site.generator == "github":
        return doc.anchors
    return ctx.cached(f"site-anchors:{doc.abspath}", lambda: ctx.site_map.anchors(doc))
