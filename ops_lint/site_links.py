"""How a link in a built doc site maps to a source file, and which anchors a page has.

Without a ``site`` setting links resolve as on a code-hosting site: from the linking file,
a leading ``/`` from the project root. With one, links in docs under the site's ``root``
follow the generator: a site-absolute link (``/runbooks/x/``) starts at ``root`` after
``base_url``; a link to ``.md`` is relative to its file, any other to the page's URL
(``a/b.md`` is served at ``a/b/`` with directory URLs); ``x.html`` is ``x.md``,
``x.html.md`` or ``x.html.md.erb``; ``dir/`` is its ``index.md``, ``README.md`` or
``_index.md``; a redirect (mkdocs-redirects ``redirect_maps`` in ``mkdocs.yml``, tech-docs
``redirects`` in ``config/tech-docs.yml``) leads to where it points.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ops_lint.frontmatter import safe_load, yaml_problem
from ops_lint.model import Document
from ops_lint.safe_files import UnsafeFile, read_text
from ops_lint.slugs import SlugStyle, heading_anchors

Generator = Literal["github", "gitlab", "mkdocs", "tech-docs", "hugo", "docusaurus"]

_DEFAULT_ROOT = {"mkdocs": "docs", "tech-docs": "source", "hugo": "content", "docusaurus": "docs"}
_DEFAULT_REDIRECTS = {"mkdocs": "mkdocs.yml", "tech-docs": "config/tech-docs.yml"}
_DEFAULT_STYLE: dict[str, SlugStyle] = {
    "gitlab": "gitlab",
    "mkdocs": "python-markdown",
    "tech-docs": "tech-docs",
}
_INDEXES = ("index.md", "README.md", "_index.md", "index.html.md", "index.html.md.erb")
_HTML_SOURCES = (".md", ".html.md", ".html.md.erb", ".html.erb", ".html")
_MAX_HOPS = 5
# A YAML tag (``!!python/name:...``, ``!ENV``): mkdocs.yml uses tags the safe loader refuses.
_TAG = re.compile(r"(?<![^\s\[{,:-])!!?+[A-Za-z][^\s,\[\]{}]*+")
_URL = re.compile(r"[a-z][a-z0-9+.-]*+:", re.I)


def _leaves(path: str) -> bool:
    """True if a relative ``path`` is absolute or climbs out of the folder it starts in."""
    return posixpath.isabs(path) or posixpath.normpath(path).split("/", 1)[0] == ".."


class SiteSettings(BaseModel):
    """The ``site`` config section: the generator that builds the docs into a site."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    generator: Generator = "github"
    root: str | None = None  # the docs folder (default: docs, source, content; "." for github)
    base_url: str = "/"
    url_style: Literal["directory", "html"] | None = None  # default: html for tech-docs
    redirects: str | None = None  # default: mkdocs.yml, config/tech-docs.yml
    slugs: SlugStyle | None = None  # default: the generator's
    indexes: list[str] = Field(default_factory=lambda: list(_INDEXES))

    @field_validator("root", "redirects")
    @classmethod
    def _inside(cls, value: str | None) -> str | None:
        """Paths are relative to the project root and stay inside it."""
        if value is not None and ("\0" in value or _leaves(value)):
            raise ValueError(f"{value[:200]!r} must be a path inside the project")
        return value

    @property
    def root_dir(self) -> str:
        return self.root if self.root is not None else _DEFAULT_ROOT.get(self.generator, ".")

    @property
    def style(self) -> Literal["directory", "html"]:
        if self.url_style is not None:
            return self.url_style
        return "html" if self.generator == "tech-docs" else "directory"

    @property
    def slug_style(self) -> SlugStyle:
        return self.slugs or _DEFAULT_STYLE.get(self.generator, "github")

    @property
    def redirects_file(self) -> str | None:
        return self.redirects or _DEFAULT_REDIRECTS.get(self.generator)

    @property
    def is_site(self) -> bool:
        """False for code-hosting sites, where links resolve as files do."""
        return self.generator not in ("github", "gitlab")


def url_key(path: str) -> str:
    """One form of a site path for comparing redirects: ``a.md``, ``a/``, ``/a.html``
    and ``a/index.html`` are all ``a``."""
    key = path.strip().split("#", 1)[0].split("?", 1)[0].strip("/")
    for suffix in (".html.md.erb", ".html.md", ".html.erb", ".md", ".html"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    for index in ("/index", "/README", "/_index"):
        if key.endswith(index):
            key = key[: -len(index)]
    return "" if key in ("index", "README", "_index") else key


def _redirect_map(data: Any, generator: str) -> dict[str, str]:
    if not isinstance(data, dict):
        return {}
    if generator == "mkdocs":
        plugins = data.get("plugins") or ()
        for plugin in [plugins] if isinstance(plugins, dict) else plugins:
            if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
                return _pairs(plugin["redirects"].get("redirect_maps"))
        return {}
    return _pairs(data.get("redirects"))


def _pairs(found: Any) -> dict[str, str]:
    if not isinstance(found, dict):
        return {}
    return {url_key(str(k)): str(v) for k, v in found.items() if isinstance(v, str | int)}


def load_redirects(settings: SiteSettings, root: Path) -> tuple[dict[str, str], str | None]:
    """The site's redirects by :func:`url_key`, and a one-line problem if the file that
    holds them cannot be read (an absent default file is no problem)."""
    name = settings.redirects_file
    if name is None:
        return {}, None
    try:
        text = read_text(root / name, root)
        data = safe_load(_TAG.sub("", text))
    except FileNotFoundError:
        return {}, (f"site redirects file {name} not found" if settings.redirects else None)
    except UnsafeFile as exc:
        return {}, f"site redirects: {exc}"
    except yaml.YAMLError as exc:
        return {}, f"site redirects: {name}: {yaml_problem(exc)}"
    return _redirect_map(data, settings.generator), None


class SiteMap:
    """Link resolution for the docs of one site (``abspath`` strings, POSIX)."""

    def __init__(
        self,
        settings: SiteSettings,
        project_root: str,
        redirects: dict[str, str],
        exists: Callable[[str], bool],
    ) -> None:
        self.settings = settings
        self.site_root = posixpath.normpath(posixpath.join(project_root, settings.root_dir))
        self.redirects = redirects
        self.exists = exists

    def serves(self, abspath: str) -> bool:
        """True if the file at ``abspath`` is a page of the site."""
        return self.settings.is_site and abspath.startswith(self.site_root.rstrip("/") + "/")

    def page_dir(self, abspath: str) -> str:
        """The site path (relative to the site root) of the folder a page's URL is in."""
        rel = posixpath.relpath(abspath, self.site_root)
        stem = posixpath.basename(rel).split(".", 1)[0]
        if self.settings.style == "html" or stem in ("index", "README", "_index"):
            return posixpath.dirname(rel)
        return url_key(rel)  # a/b.md is served at a/b/

    def resolve(self, doc_abspath: str, path: str) -> str:
        """The source file a link ``path`` (no fragment, decoded) of a site page names."""
        if path.startswith("/"):
            base = self.settings.base_url.rstrip("/")
            if base and (path == base or path.startswith(base + "/")):
                path = path[len(base) :]
            return self.lookup(path.lstrip("/"), path.endswith("/"))
        from_file = self._from_file(doc_abspath, path)
        if self.exists(from_file):
            return from_file  # a source file or asset, relative to the linking file
        if posixpath.splitext(path)[1] not in ("", ".html"):  # a file gone, or redirected
            return self.lookup(posixpath.relpath(from_file, self.site_root))
        site_path = posixpath.join(self.page_dir(doc_abspath), path)
        return self.lookup(site_path, path.endswith("/"))

    def _from_file(self, doc_abspath: str, path: str) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(doc_abspath), path))

    def lookup(self, site_path: str, folder: bool = False, hops: int = 0) -> str:
        """The source of ``site_path``: the first candidate that exists, else a redirect's
        target, else the first candidate (to name in a finding)."""
        site_path = posixpath.normpath(site_path or ".")
        candidates = self.candidates(site_path, folder)
        for candidate in candidates:
            if self.exists(candidate):
                return candidate
        target = self.redirects.get(url_key(site_path))
        if target is not None and hops < _MAX_HOPS:
            if _URL.match(target) or target.startswith("//"):
                return self.site_root  # an external redirect: not checked
            return self.lookup(target.split("#", 1)[0].lstrip("/"), target.endswith("/"), hops + 1)
        return candidates[0]

    def candidates(self, site_path: str, folder: bool) -> list[str]:
        """Source files that may serve ``site_path``, most likely first."""
        at = posixpath.normpath(posixpath.join(self.site_root, site_path))
        indexes = [posixpath.join(at, name) for name in self.settings.indexes]
        if site_path == ".":
            return indexes
        if folder:  # a/ is a/index.md, or a.md served at a/ with directory URLs
            return [*indexes, at + ".md", at + ".html.md", at + ".html.md.erb"]
        if at.endswith(".html"):
            stem = at[: -len(".html")]
            found = [stem + suffix for suffix in _HTML_SOURCES]
            if stem.endswith("/index"):
                found += [posixpath.join(stem[: -len("/index")], n) for n in self.settings.indexes]
            return found
        if posixpath.splitext(at)[1]:
            return [at]
        return [at + ".md", *indexes, at + ".html.md", at + ".html.md.erb", at]

    def anchors(self, doc: Document) -> set[str]:
        """The anchors of ``doc``: its HTML ids and its headings' slugs as the site makes
        them (``{#id}`` blocks count on generated sites)."""
        headings = [(section.title, section.level) for section in doc.sections]
        html_ids = doc.anchors - heading_anchors(headings, "github", explicit=False)
        explicit = self.settings.is_site and self.serves(doc.abspath)
        style = self.settings.slug_style if explicit or not self.settings.is_site else "github"
        return html_ids | heading_anchors(headings, style, explicit=explicit)

    @property
    def reads_pages(self) -> bool:
        """Whether the map reads redirects from the pages themselves (tech-docs)."""
        return self.settings.generator == "tech-docs"

    def add_old_paths(self, docs: Iterable[Document]) -> None:
        """Redirects from the ``old_paths`` front-matter of tech-docs pages."""
        if not self.reads_pages:
            return
        for doc in docs:
            old = doc.meta.get("old_paths") if self.serves(doc.abspath) else None
            for path in old if isinstance(old, list) else ():
                target = posixpath.relpath(doc.abspath, self.site_root)
                self.redirects.setdefault(url_key(str(path)), target)


_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "tel:", "data:", "javascript:")


def resolve_target(
    doc_abspath: str, target: str, root: str, site_map: Callable[[], SiteMap]
) -> tuple[str, str] | None:
    """``(abspath, fragment)`` of a relative link in the doc at ``doc_abspath``, or None
    for URLs and empty targets.

    ``abspath`` is ``doc_abspath`` for a same-file ``#fragment``. A link starting with
    ``/`` is taken from the project ``root``, as on a code-hosting site; a page of the
    site (``site_map``, built when first needed) links as the site serves it.
    """
    target = target.strip()
    lowered = target.lower()
    if not target or lowered.startswith(_SCHEMES) or target.startswith("//"):
        return None
    if "://" in target.split("#", 1)[0]:
        return None
    path, _, fragment = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return doc_abspath, unquote(fragment)
    site = site_map()
    if site.serves(doc_abspath):
        return site.resolve(doc_abspath, path), unquote(fragment)
    if path.startswith("/"):
        base = root
        path = path.lstrip("/")
    else:
        base = posixpath.dirname(doc_abspath)
    return posixpath.normpath(posixpath.join(base, path)), unquote(fragment)
