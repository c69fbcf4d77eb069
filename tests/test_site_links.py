"""Site-aware link checking: generator URLs, redirects, slugs, and HTML links."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.document_builder import build
from ops_lint.site_links import SiteMap, SiteSettings, url_key
from ops_lint.slugs import (
    explicit_anchor,
    gitlab_slug,
    heading_anchors,
    python_markdown_slug,
    redcarpet_slug,
    tech_docs_slug,
)
from tests.conftest import FIXTURES, write_tree

SITES = FIXTURES / "sites"

MKDOCS_BROKEN = [
    "docs/index.md:15:25 #on-call--escalation",
    "docs/index.md:15:64 #steps-1",
    "docs/index.md:16:11 runbooks/missing.md",
    "docs/index.md:16:42 /runbooks/no-such/",
    "docs/index.md:17:14 #no-such-section",
    "docs/runbooks/disk-full.md:11:25 db-failover/",
    "docs/runbooks/disk-full.md:11:48 img/missing.png",
]
TECH_DOCS_BROKEN = [
    "source/alerts/high-cpu.html.md:13:51 #whats-new",
    "source/index.html.md.erb:17:25 #whats-new-2024",
    "source/index.html.md.erb:17:52 #steps-1",
    "source/index.html.md.erb:17:73 /alerts/disk.html",
    "source/index.html.md.erb:18:10 alerts/nope.html",
    "source/index.html.md.erb:18:51 #mitigation",
]


def _run(project: Path, ops_lint: Any) -> list[str]:
    result = ops_lint(project, "check", "--format", "json", "--no-git", "--no-cache")
    assert result.code in (0, 1), result.err
    diags = result.json()["diagnostics"]
    assert {d["code"] for d in diags} <= {"OPS005"}
    return sorted(f"{d['path']}:{d['line']}:{d['column']} {_quoted(d['message'])}" for d in diags)


def _quoted(message: str) -> str:
    """The link target or anchor a finding quotes."""
    return message.split("'")[1]


def _site(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(SITES / name, project)
    return project


@pytest.mark.parametrize(
    ("name", "broken"), [("mkdocs", MKDOCS_BROKEN), ("tech-docs", TECH_DOCS_BROKEN)]
)
def test_fixture_site_valid_links_pass_and_broken_ones_are_found(
    name: str, broken: list[str], tmp_path: Path, ops_lint: Any
) -> None:
    assert _run(_site(name, tmp_path), ops_lint) == broken


@pytest.mark.parametrize("name", ["mkdocs", "tech-docs"])
def test_without_the_site_setting_site_urls_do_not_resolve(
    name: str, tmp_path: Path, ops_lint: Any
) -> None:
    project = _site(name, tmp_path)
    config = yaml.safe_load((project / ".ops-lint.yaml").read_text(encoding="utf-8"))
    del config["site"]
    (project / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    found = _run(project, ops_lint)
    assert len(found) > len(MKDOCS_BROKEN if name == "mkdocs" else TECH_DOCS_BROKEN) + 5


def test_html_links_are_checked_without_a_site(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            ".ops-lint.yaml": "docs: [ops-docs]\nselect: [OPS005]\n",
            "ops-docs/a.md": '# A\n\n<p>See <a class="x" href="b.md#b">b</a>, '
            "<a href='gone.md'>gone</a>.</p>\n\nAnd <a href=\"b.md#nope\">inline</a>.\n",
            "ops-docs/b.md": "# B\n",
        },
    )
    assert _run(tmp_path, ops_lint) == ["ops-docs/a.md:3:51 gone.md", "ops-docs/a.md:5:14 #nope"]


def test_a_malformed_redirects_file_is_a_notice(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            ".ops-lint.yaml": "docs: [docs]\nselect: [OPS005]\nsite: {generator: mkdocs}\n",
            "mkdocs.yml": "plugins: [redirects: {redirect_maps: {a.md: [}\n",
            "docs/index.md": "# Home\n\n[old](old.md)\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache")
    assert result.code == 1
    assert "site redirects: mkdocs.yml: line 1" in result.out + result.err
    assert "Traceback" not in result.err


def test_site_root_outside_the_project_is_a_config_error(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {".ops-lint.yaml": "site: {generator: mkdocs, root: ../docs}\n"})
    result = ops_lint(tmp_path, "check")
    assert result.code == 2
    assert "site.root" in result.err


def test_html_href_positions_skip_comments() -> None:
    source = (
        '# T\n\nSee <a href="x.md">x</a> <!-- <a href="no.md"> -->\n\n<div>\n<!--\n'
        '<a href="c.md">\n-->\n<p><a class="b" href=\'y.html?q=1&amp;b\'>y</a></p>\n</div>\n'
    )
    links = build("a.md", "/p/a.md", source).links
    assert [(link.target, link.line, link.column) for link in links] == [
        ("x.md", 3, 14),
        ("y.html?q=1&b", 9, 23),
    ]


def _map(tmp_path: Path, files: list[str], **settings: Any) -> SiteMap:
    write_tree(tmp_path, dict.fromkeys(files, "# x\n"))
    root = tmp_path.as_posix()
    return SiteMap(SiteSettings(**settings), root, {}, lambda p: Path(p).is_file())


def test_base_url_and_directory_urls(tmp_path: Path) -> None:
    site = _map(tmp_path, ["docs/a/b.md", "docs/a/index.md"], generator="mkdocs", base_url="/ops/")
    page = (tmp_path / "docs/a/b.md").as_posix()
    assert site.resolve(page, "/ops/a/") == (tmp_path / "docs/a/index.md").as_posix()
    assert site.resolve(page, "/ops/a/b/") == page
    assert site.resolve(page, "../") == (tmp_path / "docs/a/index.md").as_posix()
    assert site.resolve(page, "../b/") == page


def test_html_url_style_maps_html_to_sources(tmp_path: Path) -> None:
    files = ["source/a/b.html.md.erb", "source/a/index.html.md", "source/c.md"]
    site = _map(tmp_path, files, generator="tech-docs")
    page = (tmp_path / "source/a/b.html.md.erb").as_posix()
    assert site.resolve(page, "/c.html") == (tmp_path / "source/c.md").as_posix()
    assert site.resolve(page, "index.html") == (tmp_path / "source/a/index.html.md").as_posix()
    assert site.resolve(page, "b.html") == page


def test_redirect_loops_stop(tmp_path: Path) -> None:
    site = _map(tmp_path, ["docs/index.md"], generator="mkdocs")
    site.redirects.update({"a": "b.md", "b": "a.md"})
    page = (tmp_path / "docs/index.md").as_posix()
    assert not Path(site.resolve(page, "a.md")).exists()


def test_url_keys_compare_source_and_url_forms() -> None:
    assert {url_key(p) for p in ("a/b.md", "/a/b/", "a/b.html", "a/b/index.html")} == {"a/b"}
    assert url_key("/index.html") == url_key("README.md") == ""


@pytest.mark.parametrize(
    ("title", "slug"),
    [  # GitLab's documented examples
        ("This header has spaces in it", "this-header-has-spaces-in-it"),
        ("This header has a :thumbsup: in it", "this-header-has-a-thumbsup-in-it"),
        ("This header has Unicode in it: 한글", "this-header-has-unicode-in-it-한글"),
        ("This header has 3.5 in it (and parentheses)", "this-header-has-35-in-it-and-parentheses"),
        ("This -- is a test", "this-is-a-test"),
    ],
)
def test_gitlab_slugs(title: str, slug: str) -> None:
    assert gitlab_slug(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [  # markdown.extensions.toc.slugify
        ("Café Ünïcode — test!", "cafe-unicode-test"),
        ("On-call & escalation", "on-call-escalation"),
        ("What's new? (2024)", "whats-new-2024"),
        ("한글 title", "title"),
    ],
)
def test_python_markdown_slugs(title: str, slug: str) -> None:
    assert python_markdown_slug(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [  # redcarpet html.c rndr_header_anchor
        ("Hello World", "hello-world"),
        ("What's new? (2024)", "what-s-new-2024"),
        ("Q & A", "q-a"),
        ("Café", "caf"),
        ("--a--b--", "a-b"),
    ],
)
def test_redcarpet_slugs(title: str, slug: str) -> None:
    assert redcarpet_slug(title) == slug


def test_repeated_headings_per_generator() -> None:
    headings = [("Overview", 1), ("Steps", 2), ("Steps", 2), ("Steps", 2)]
    assert heading_anchors(headings, "github") == {"overview", "steps", "steps-1", "steps-2"}
    assert heading_anchors(headings, "gitlab") == {"overview", "steps", "steps-1", "steps-2"}
    expected_py = {"overview", "steps", "steps_1", "steps_2"}
    assert heading_anchors(headings, "python-markdown") == expected_py
    assert heading_anchors(headings, "redcarpet") == {"overview", "steps"}
    expected_tech = {"overview", "steps", "overview-steps", "overview-steps-2"}
    assert heading_anchors(headings, "tech-docs") == expected_tech
    assert tech_docs_slug("  What's <em>new</em>?  ") == "what-s-em-new-em"


def test_explicit_anchors() -> None:
    assert explicit_anchor("Title {#my-id}") == ("Title", "my-id")
    assert explicit_anchor("Title { .cls #my-id }") == ("Title", "my-id")
    assert explicit_anchor("Title {: #my-id}") == ("Title", "my-id")
    assert explicit_anchor("Set {a, b}") == ("Set {a, b}", None)
    assert heading_anchors([("T {#x}", 1)], "python-markdown") == {"x"}
    assert heading_anchors([("T {#x}", 1)], "github", explicit=False) == {"t-x"}


def test_a_changed_redirects_file_is_not_answered_from_the_memo(
    tmp_path: Path, ops_lint: Any
) -> None:
    project = _site("mkdocs", tmp_path)
    args = ("check", "--format", "json", "--no-git")
    assert len(ops_lint(project, *args).json()["diagnostics"]) == len(MKDOCS_BROKEN)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("disk-full.md", "gone.md"))
    assert len(ops_lint(project, *args).json()["diagnostics"]) == len(MKDOCS_BROKEN) + 2


@pytest.mark.parametrize(
    "markup", ["<a " * 50_000, "<a href=" * 50_000, '<a href="' + "x" * 200_000, "&a" * 100_000]
)
def test_hostile_markup_is_read_in_linear_time(markup: str) -> None:
    doc = build("a.md", "/p/a.md", f"# {markup}\n\n<div>\n{markup}\n</div>\n")
    assert len(doc.links) <= 1
    assert heading_anchors([(markup + " {#x", 1)], "tech-docs")
    assert redcarpet_slug(markup) is not None


def test_hostile_attribute_blocks_are_read_in_linear_time() -> None:
    for title in ("{ " + "a " * 100_000 + "}", "{#" * 50_000 + "}", "{ .a" * 50_000 + "}"):
        assert explicit_anchor(title)[1] is None


def test_hugo_sections_and_docusaurus_routes(tmp_path: Path) -> None:
    hugo = _map(tmp_path / "h", ["content/ops/_index.md", "content/ops/a.md"], generator="hugo")
    page = (tmp_path / "h/content/ops/a.md").as_posix()
    assert hugo.resolve(page, "/ops/") == (tmp_path / "h/content/ops/_index.md").as_posix()
    assert hugo.resolve(page, "../") == (tmp_path / "h/content/ops/_index.md").as_posix()
    files = ["docs/guide/b.md", "docs/intro.md"]
    docusaurus = _map(tmp_path / "d", files, generator="docusaurus", base_url="/docs/")
    page = (tmp_path / "d/docs/intro.md").as_posix()
    assert docusaurus.resolve(page, "/docs/guide/b") == (tmp_path / "d/docs/guide/b.md").as_posix()
    assert docusaurus.resolve(page, "guide/b.md") == (tmp_path / "d/docs/guide/b.md").as_posix()


def test_gitlab_anchors_apply_to_every_doc(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            ".ops-lint.yaml": "docs: [ops-docs]\nselect: [OPS005]\nsite: {generator: gitlab}\n",
            "ops-docs/a.md": "# A\n\n## Pager -- escalation\n\n[ok](#pager-escalation) "
            "[github](#pager----escalation)\n",
        },
    )
    assert _run(tmp_path, ops_lint) == ["ops-docs/a.md:5:34 #pager----escalation"]
