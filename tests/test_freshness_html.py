"""The HTML freshness report leads with the answer and stays readable at 300 docs.

Structure is checked without a browser (headline numbers against the JSON report, the
grouping at 300 docs, nothing fetched from the network); one test renders the page in
headless Chromium when it is installed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ops_lint.reports import html_chart
from ops_lint.reports.html import COLLAPSE_AT
from tests.conftest import write_tree
from tests.gitrepo import GitRepo
from tests.test_freshness_report import build_repo

AS_OF = "2026-11-27"
STATUSES = ("stale", "due-soon", "never-reviewed", "fresh")


class Page(HTMLParser):
    """What a reader sees, as data: tiles, section order, groups and rows."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sections: list[str] = []
        self.tiles: dict[str, int] = {}
        self.owner_groups: list[str] = []  # each collapsed owner's summary text
        self.status_groups: list[list[str]] = []  # per docs table, its status groups
        self.doc_rows = 0
        self.urls: list[str] = []
        self.svg_heights: list[int] = []
        self._tile: str | None = None
        self._summary: list[str] | None = None
        self._in_docs_table = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("href", "src", "action", "xlink:href") and v]
        if tag == "section" and a.get("id"):
            self.sections.append(str(a["id"]))
        if tag == "div" and "tile" in (a.get("class") or ""):
            self._tile = a.get("data-status")
        if tag == "summary" and "details" in self.tags[:-1]:
            self._summary = []
        if tag == "table":
            self._in_docs_table = a.get("class") == "docs"
            if self._in_docs_table:
                self.status_groups.append([])
        if tag == "tbody" and self._in_docs_table and a.get("data-status"):
            self.status_groups[-1].append(str(a["data-status"]))
        if tag == "tr" and self._in_docs_table and a.get("class") in STATUSES:
            self.doc_rows += 1
        if tag == "svg":
            self.svg_heights.append(int(a.get("height") or 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary" and self._summary is not None:
            self.owner_groups.append("".join(self._summary))
            self._summary = None
        if tag == "table":
            self._in_docs_table = False

    def handle_data(self, data: str) -> None:
        if self._tile and data.strip().isdigit():
            self.tiles[self._tile] = int(data)
            self._tile = None
        if self._summary is not None:
            self._summary.append(data)


def _doc(i: int, owners: int) -> str:
    reviewed = dt.date(2026, 1, 1) + dt.timedelta(days=(i * 37) % 330)
    review = "" if i % 23 == 0 else f"last_reviewed: {reviewed}\n"
    kind = "policy" if i % 5 == 0 else "runbook"
    return (
        f"---\ntitle: Doc {i}\ntype: {kind}\nowner: team-{i % owners}\n{review}"
        f"review_cycle_days: 90\n---\n\n# Doc {i}\n\nBody.\n"
    )


def _doc_set(path: Path, docs: int, owners: int = 6) -> Path:
    """``docs`` docs over ``owners`` owners in one commit; review dates spread over 2026."""
    files = {f"ops-docs/d{i:04d}.md": _doc(i, owners) for i in range(docs)}
    GitRepo(path).commit("Import the doc set", date="2026-01-02", files=files)
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _doc_set(tmp_path_factory.mktemp("big") / "repo", 300)


def _reports(ops_lint: Any, repo: Path, *args: str) -> tuple[dict[str, Any], str]:
    runs = [
        ops_lint(repo, "freshness", "--as-of", AS_OF, "--format", f, *args)
        for f in ("json", "html")
    ]
    assert all(r.code == 0 for r in runs), [r.err for r in runs]
    return json.loads(runs[0].out), runs[1].out


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {s: data["summary"]["by_status"][s]["count"] for s in STATUSES}


def test_headline_numbers_are_the_json_counts(big: Path, ops_lint: Any) -> None:
    data, html = _reports(ops_lint, big)
    page = Page(html)
    counts = _counts(data)
    assert page.tiles == counts
    assert len({n for n in counts.values() if n}) > 1  # a mix of statuses, not one bucket
    assert f"<b>{counts['stale']}</b> of 300 docs are stale" in html
    assert page.sections[:3] == ["headline", "trend", "chart"]  # the answer comes first


def test_owner_lines_sum_to_the_owner_counts(big: Path, ops_lint: Any) -> None:
    data, html = _reports(ops_lint, big)
    owners = html.split('<table class="owners">', 1)[1].split("</table>", 1)[0]
    for owner, counts in data["summary"]["by_owner"].items():
        cells = owners.split(f"<td>{owner}</td>", 1)[1].split("</tr>", 1)[0]
        numbers = [int(c) for c in cells.replace("</td>", "").split('<td class="num">')[1:]]
        assert numbers == [*(counts[s] for s in STATUSES), sum(counts.values())], owner
    stale_first = [o for o in data["summary"]["by_owner"] if o in owners]
    order = sorted(stale_first, key=lambda o: owners.index(f"<td>{o}</td>"))
    stale = [data["summary"]["by_owner"][o]["stale"] for o in order]
    assert stale == sorted(stale, reverse=True)  # the owner with most stale docs first


def test_300_docs_are_grouped_by_owner_and_status(big: Path, ops_lint: Any) -> None:
    data, html = _reports(ops_lint, big)
    page = Page(html)
    by_owner = data["summary"]["by_owner"]
    assert len(page.owner_groups) == len(by_owner) == 6  # one collapsed group per owner
    for summary in page.owner_groups:
        owner = summary.split(" \u2014 ")[0]
        total = sum(by_owner[owner].values())
        assert f"{total} docs: " in summary
        assert f"{by_owner[owner]['stale']} stale" in summary or not by_owner[owner]["stale"]
    assert page.doc_rows == 300  # every doc has its row, inside its group
    for groups in page.status_groups:  # each owner's table split by status, in order
        assert groups and groups == sorted(groups, key=STATUSES.index)
    assert max(page.svg_heights) < 1100  # the chart grows with owners, not with docs


def test_a_small_report_shows_every_row(tmp_path: Path, ops_lint: Any) -> None:
    repo = _doc_set(tmp_path / "repo", COLLAPSE_AT - 1)
    data, html = _reports(ops_lint, repo)
    page = Page(html)
    assert "details" not in page.tags and page.doc_rows == COLLAPSE_AT - 1
    assert page.tiles == _counts(data)


def test_the_chart_height_is_bounded_by_owners_not_docs(
    tmp_path: Path, big: Path, ops_lint: Any
) -> None:
    small = _doc_set(tmp_path / "repo", 30)
    heights = [max(Page(_reports(ops_lint, r)[1]).svg_heights) for r in (small, big)]
    band = html_chart.MAX_STACK * html_chart.PITCH + 12  # the tallest band an owner gets
    assert heights[0] < heights[1] <= html_chart.TOP + 6 * band + 44  # 6 owners, any docs
    assert heights[1] < 300 * 18 / 4  # a bar per doc would be 18 px a doc


def test_most_overdue_lists_the_worst_first(big: Path, ops_lint: Any) -> None:
    data, html = _reports(ops_lint, big)
    stale = sorted((d["days_left"], d["path"]) for d in data["docs"] if d["status"] == "stale")
    worst = html.split('<table class="worst">', 1)[1].split("</table>", 1)[0]
    listed = [row.split("<code>", 1)[1].split("</code>", 1)[0] for row in worst.split("<tr>")[2:]]
    assert listed == [p for _, p in stale[:10]]
    assert f"Most overdue (10 of {len(stale)} stale)" in html


def test_nothing_is_fetched_from_the_network(big: Path, ops_lint: Any) -> None:
    _, html = _reports(ops_lint, big)
    page = Page(html)
    assert {"script", "link", "img", "iframe", "object", "embed"}.isdisjoint(page.tags)
    assert all(not u.startswith(("http:", "https:", "//", "data:")) for u in page.urls)
    rest = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "://" not in rest and "url(" not in rest and "@import" not in rest


def test_the_trend_comes_right_after_the_headline(tmp_path: Path, ops_lint: Any) -> None:
    repo = build_repo(tmp_path / "repo").path
    data, html = _reports(ops_lint, repo)
    assert "No trend: this report was made without <code>--previous</code>" in html
    old = {**data, "docs": [{**d, "status": "fresh"} for d in data["docs"]][1:]}
    (tmp_path / "q3.json").write_text(json.dumps(old), encoding="utf-8")
    data, html = _reports(ops_lint, repo, "--previous", str(tmp_path / "q3.json"))
    page = Page(html)
    assert page.sections[:3] == ["headline", "trend", "chart"]
    trend = data["trend"]
    line = ", ".join(
        f"{len(trend[k])} {k.replace('_', ' ')}"
        for k in ("newly_stale", "refreshed", "added", "removed")
    )
    assert f'<p class="answer">{line}.</p>' in html


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.slow
def test_renders_in_headless_chromium(tmp_path: Path, big: Path, ops_lint: Any) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    _, html = _reports(ops_lint, big)
    page = tmp_path / "report.html"
    write_tree(tmp_path, {"report.html": html})
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert 'id="headline"' in dom and dom.count('<details class="owner"') == 6
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert _png_size(shot) == (1280, 2000)
