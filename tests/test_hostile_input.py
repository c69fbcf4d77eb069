"""Hostile and broken input, faults and security (issue 8): one test per hostile input.

Each test asserts the protection itself, so it fails if the protection is removed. Work
that could hang runs in a subprocess with a generous timeout: a termination check, never
a speed test. docs/hostile-inputs.md lists every row with the test that backs it.
"""

from __future__ import annotations

import builtins
import json
import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from ops_lint import doc_file as document_mod  # where doc files are opened
from ops_lint.checks import CheckKind, registry
from ops_lint.git.history import HistorySettings, read_history
from tests.conftest import Run, write_tree
from tests.gitrepo import GitRepo

HANG_GUARD = 120  # seconds: only a process that never ends can reach it
AS_OF = "2026-11-27"
RUNBOOK = (
    "---\ntype: runbook\ntitle: {title}\nowner: t\nlast_reviewed: 2025-03-01\n"
    "review_cycle_days: 90\n---\n# {title}\n\nSteps.\n"
)
MARKER = "MARKER-5f3c9e"


def runbook(title: str = "A") -> str:
    return RUNBOOK.format(title=title)


def run_guarded(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """The CLI in a subprocess that must end within HANG_GUARD seconds."""
    proc = subprocess.run(
        [sys.executable, "-m", "ops_lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=HANG_GUARD,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def by_path(run: Run) -> dict[str, list[tuple[str, str]]]:
    """(code, message) of each diagnostic, by path, from a JSON run."""
    out: dict[str, list[tuple[str, str]]] = {}
    for diag in run.json()["diagnostics"]:
        out.setdefault(diag["path"], []).append((diag["code"], diag["message"]))
    return out


class OpenRecorder:
    """Wraps ``open`` in ops_lint.doc_file: which files were opened, how many bytes read."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.read: dict[str, int] = {}

    def __call__(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> IO[Any]:
        name = os.fspath(file)
        self.opened.append(name)
        handle = builtins.open(file, mode, *args, **kwargs)  # noqa: SIM115 - the caller closes it
        real_read = handle.read

        def read(size: int = -1) -> Any:
            data = real_read(size)
            self.read[name] = self.read.get(name, 0) + len(data)
            return data

        handle.read = read  # type: ignore[method-assign]
        return handle


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> OpenRecorder:
    recorder = OpenRecorder()
    monkeypatch.setattr(document_mod, "open", recorder, raising=False)
    return recorder


# -- never a traceback -------------------------------------------------------------------

_BOOM = """
import sys
from ops_lint.checks import registry
from ops_lint.cli import main

def boom(doc, options, ctx):
    raise RuntimeError("boom")
    yield

kind = registry()["placeholders"]
registry()["placeholders"] = kind._replace(run=boom)
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("debug", [False, True], ids=["one-line", "debug-traceback"])
def test_bug_in_a_check_is_one_line_exit_3(debug: bool, tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/x.md": "# X\n"})
    args = ["--debug"] if debug else []
    proc = subprocess.run(
        [sys.executable, "-c", _BOOM, *args, "check", "--no-git", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    if debug:
        assert "Traceback" in proc.stderr and "RuntimeError: boom" in proc.stderr
        return
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "internal error while processing ops-docs/x.md (OPS004)" in lines[0]
    assert "RuntimeError: boom" in lines[0] and "--debug" in lines[0]


def test_bug_in_a_check_in_process(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object) -> Iterator[Any]:
        raise ValueError("bad\nvalue")
        yield  # pragma: no cover

    kind: CheckKind = registry()["placeholders"]
    monkeypatch.setitem(registry(), "placeholders", kind._replace(run=boom))
    write_tree(tmp_path, {"ops-docs/x.md": "# X\n"})
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache")
    assert result.code == 3 and result.out == ""
    assert result.err.count("\n") == 1  # the exception's newline is folded
    assert "internal error while processing ops-docs/x.md (OPS004): ValueError: bad value" in (
        result.err
    )


# -- bounded work --------------------------------------------------------------------------


def _alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "---\n" + "\n".join(lines) + "\n---\n# T\n"


BOUNDED: dict[str, tuple[str, str, str]] = {
    # name: (content, code expected on the file, message fragment)
    "yaml-alias-bomb": (_alias_bomb(), "OPS001", "more than 100000 nodes"),
    "yaml-10000-deep-flow": (
        "---\nk: " + "[" * 10_000 + "]" * 10_000 + "\n---\n# T\n",
        "OPS001",
        "nesting depth",
    ),
    "yaml-3000-deep-block": (  # indentation makes 10,000 levels 50 MB: see the size limit
        "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(3_000)) + "---\n# T\n",
        "OPS001",
        "nesting depth",
    ),
    "markdown-10000-deep-list": ("# T\n\n" + "- " * 10_000 + "x\n", "OPS006", "max-nesting: 20"),
    "markdown-10000-deep-quote": ("# T\n\n" + ">" * 10_000 + " x\n", "OPS006", "max-nesting: 20"),
    "markdown-10000-deep-mixed": (
        "# T\n\n" + "> - " * 5_000 + "x\n",
        "OPS006",
        "max-nesting: 20",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BOUNDED))
def test_nesting_and_expansion_are_bounded(name: str, tmp_path: Path) -> None:
    content, code, fragment = BOUNDED[name]
    write_tree(tmp_path, {"ops-docs/x.md": content, "ops-docs/ok.md": "# Fine\n"})
    result = run_guarded(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    found = by_path(result)
    assert [m for c, m in found["ops-docs/x.md"] if c == code and fragment in m], found
    assert "ops-docs/ok.md" not in found  # the rest of the set is checked as usual


def test_nesting_limit_is_configurable(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {"ops-docs/x.md": "# T\n\n" + "- " * 30 + "x\n", ".ops-lint.yaml": "max-nesting: 100\n"},
    )
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 0 and result.json()["diagnostics"] == []
    (tmp_path / ".ops-lint.yaml").write_text("max-nesting: 10\n")
    found = by_path(ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json"))
    assert [c for c, _m in found["ops-docs/x.md"]] == ["OPS006"]


PATHOLOGICAL = {
    "open-brackets": "[" * 50_000,
    "emphasis-runs": "*a" * 50_000,
    "unclosed-links": "[a](b" * 20_000,
    "nested-emphasis": "*_" * 20_000 + "x" + "_*" * 20_000,
    "backticks": "`" * 30_000 + "a" + "``" * 15_000,
    "link-in-link": "[" * 10_000 + "a](b)" * 10_000,
    "html-comments": "<!--" * 30_000,
    "pipes": "|" * 100_000 + "\n|---|\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_inline_patterns_finish(name: str, tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/x.md": "# T\n\n" + PATHOLOGICAL[name] + "\n"})
    result = run_guarded(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code in (0, 1), result.err
    assert result.json()["summary"]["files"] == 1


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_line_endings_give_real_line_numbers(newline: str, tmp_path: Path, ops_lint: Any) -> None:
    text = newline.join(["# A", "", "Owner TBD.", "", "- item <number>", ""])
    write_tree(tmp_path, {"ops-docs/x.md": text.encode()})
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert [(d["line"], d["column"]) for d in result.json()["diagnostics"]] == [(3, 7), (5, 8)]


@pytest.mark.slow
def test_table_with_100000_rows(tmp_path: Path) -> None:
    rows = "".join(f"| r{i} | {'TBD' if i % 1000 == 0 else 'ok'} |\n" for i in range(100_000))
    write_tree(tmp_path, {"ops-docs/x.md": "# T\n\n| a | b |\n|---|---|\n" + rows})
    result = run_guarded(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1, result.err
    diags = result.json()["diagnostics"]
    assert [(d["code"], d["line"], d["column"]) for d in diags] == [
        ("OPS004", 5 + i, 7 + len(str(i))) for i in range(0, 100_000, 1000)
    ]


def test_50_mb_single_line_file_is_not_read_past_the_limit(
    tmp_path: Path, ops_lint: Any, opened: OpenRecorder
) -> None:
    write_tree(tmp_path, {"ops-docs/ok.md": "# Fine\n"})
    big = tmp_path / "ops-docs/big.md"
    with big.open("wb") as handle:
        chunk = b"a" * (1 << 20)
        for _ in range(50):
            handle.write(chunk)
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1
    assert by_path(result) == {
        "ops-docs/big.md": [
            ("OPS000", "file is larger than the 5,000,000-byte limit (max_file_size)")
        ]
    }
    assert opened.read[str(big)] == 5_000_001  # max-file-size + 1, never the 50 MB


def test_max_file_size_is_configurable(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/x.md": "# T\n\n" + "a" * 200 + "\n"})
    (tmp_path / ".ops-lint.yaml").write_text("max-file-size: 100\n")
    found = by_path(ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json"))
    assert found["ops-docs/x.md"] == [
        ("OPS000", "file is larger than the 100-byte limit (max_file_size)")
    ]


# -- the file system is not trusted -------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project, holding a doc that must never be read."""
    folder = tmp_path / "outside"
    write_tree(folder, {"secret.md": f"# {MARKER}\n\n[x]({MARKER}.md) TBD\n"})
    return folder


def _assert_never_read(result: Run, opened: OpenRecorder, outside: Path) -> None:
    assert MARKER not in result.out + result.err
    real = os.path.realpath(outside)
    assert not [p for p in opened.opened if os.path.realpath(p).startswith(real)]


def test_symlinks_out_of_the_project_are_reported_not_read(
    tmp_path: Path, outside: Path, ops_lint: Any, opened: OpenRecorder
) -> None:
    project = tmp_path / "project"
    write_tree(project, {"ops-docs/a.md": "# A\n", "ops-docs/b.md": "# B\n"})
    docs = project / "ops-docs"
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "secret.md").symlink_to(outside / "secret.md")
    (docs / "up.md").symlink_to("../../..")
    (docs / "inside.md").symlink_to("a.md")  # inside the project: read as usual
    result = ops_lint(project, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1
    outside_msg = [("OPS000", "symlink points outside the project; not read")]
    assert by_path(result) == {
        "ops-docs/passwd.md": outside_msg,
        "ops-docs/secret.md": outside_msg,
        "ops-docs/up.md": outside_msg,
    }
    assert "root:" not in result.out
    assert str(docs / "inside.md") in opened.opened
    _assert_never_read(result, opened, outside)
    assert "/etc/passwd" not in opened.opened


def test_symlinked_directory_is_not_followed_out_of_the_project(
    tmp_path: Path, outside: Path, ops_lint: Any, opened: OpenRecorder
) -> None:
    project = tmp_path / "project"
    write_tree(project, {"ops-docs/a.md": "# A\n"})
    (project / "ops-docs/vendor").symlink_to(outside)
    result = ops_lint(project, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 0 and result.json()["summary"]["files"] == 1
    _assert_never_read(result, opened, outside)
    # named on the command line (as pre-commit would), it is reported, not read
    named = ops_lint(
        project, "check", "--no-git", "--no-cache", "--format", "json", "ops-docs/vendor/secret.md"
    )
    assert named.code == 1
    assert by_path(named) == {
        "ops-docs/vendor/secret.md": [("OPS000", "symlink points outside the project; not read")]
    }
    _assert_never_read(named, opened, outside)


def test_symlinked_docs_root_out_of_the_project_exits_2(
    tmp_path: Path, outside: Path, ops_lint: Any, opened: OpenRecorder
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "ops-docs").symlink_to(outside)
    result = ops_lint(project, "check", "--no-git", "--no-cache")
    assert result.code == 2
    assert result.err == (
        "ops-lint: error: docs root 'ops-docs' is a symlink out of the project; not read\n"
    )
    _assert_never_read(result, opened, outside)


@pytest.mark.slow
def test_fifo_and_socket_are_skipped_without_hanging(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# A\n"})
    os.mkfifo(tmp_path / "ops-docs/fifo.md")
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("this OS has no UNIX domain sockets")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "ops-docs/sock.md"))
        for args in ([], ["ops-docs/fifo.md", "ops-docs/sock.md", "ops-docs/a.md"]):
            result = run_guarded(tmp_path, "check", "--no-cache", "--format", "json", *args)
            assert result.code == 0, result.err
            assert result.json()["summary"]["files"] == 1
            assert result.json()["diagnostics"] == []
    finally:
        sock.close()


@pytest.mark.slow
def test_device_file_is_skipped(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# A\n"})
    (tmp_path / "ops-docs/zero.md").symlink_to("/dev/zero")  # a device; outside too
    (tmp_path / ".ops-lint.yaml").write_text("docs: [ops-docs]\ninclude: ['**/*.md', zero]\n")
    result = run_guarded(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1, result.err
    found = by_path(result)
    assert found["ops-docs/zero.md"] == [("OPS000", "symlink points outside the project; not read")]
    # a docs root among the devices is never walked: it is outside the project
    (tmp_path / ".ops-lint.yaml").write_text("docs: [ops-docs, /dev]\ninclude: ['**/*.md', zero]\n")
    result = run_guarded(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 2 and "outside the project" in result.err, result.err
    assert result.out == ""


def test_unreadable_file_is_a_diagnostic(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# A\n", "ops-docs/locked.md": "# L\n"})
    locked = str(tmp_path / "ops-docs/locked.md")

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> IO[Any]:
        if os.fspath(file) == locked:  # as root, chmod 000 would not stop the read
            raise PermissionError(13, "Permission denied", locked)
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(document_mod, "open", guarded_open, raising=False)
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1
    assert by_path(result) == {
        "ops-docs/locked.md": [("OPS000", "cannot read file: Permission denied")]
    }


ODD_NAMES = ["with space.md", "ünïcødé-日本.md", "new\nline.md", "tab\tand;semi.md", "-dash.md"]


@pytest.mark.slow
def test_odd_file_names_keep_their_paths(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    files = {f"ops-docs/{name}": runbook(f"T{i}") + "\nTBD\n" for i, name in enumerate(ODD_NAMES)}
    repo.commit("write", date="2025-01-10", files=files)
    args = ["check", "--no-cache", "--format", "json", "--as-of", AS_OF, "--select", "OPS004,OPS6"]
    result = run_guarded(repo.path, *args)
    assert result.code == 1, result.err
    found = by_path(result)
    assert sorted(found) == sorted(files)
    for path in files:  # git history reached every file: stale by its review date
        assert sorted(c for c, _m in found[path]) == ["OPS004", "OPS601"], path
    github = run_guarded(repo.path, "check", "--no-git", "--format", "github", "--select", "OPS004")
    assert len(github.out.splitlines()) == len(files)  # the newline in a name is escaped
    assert all(line.startswith("::error file=ops-docs/") for line in github.out.splitlines())


def test_case_only_rename_keeps_the_last_edit_date(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": runbook()})
    repo.commit("rename", date="2026-06-01", moves={"ops-docs/a.md": "ops-docs/A.md"})
    assert "ops-docs/A.md" in repo.git("ls-files")
    path = str(repo.path / "ops-docs/A.md")
    history = read_history(repo.path, [path], [str(repo.path / "ops-docs")], HistorySettings())
    change = history.docs[path].last_change
    assert change is not None and (change.date.isoformat(), change.subject) == (
        "2026-01-10",
        "write",
    )


# -- nothing is executed or fetched --------------------------------------------------------

UNSAFE = f'!!python/object/apply:os.system ["touch {MARKER}"]'


def test_unsafe_tag_in_front_matter_is_a_diagnostic(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/x.md": f"---\ntitle: {UNSAFE}\n---\n# X\n"})
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1
    [(code, message)] = by_path(result)["ops-docs/x.md"]
    assert code == "OPS001" and "could not determine a constructor" in message
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("where", ["config", "pack"])
def test_unsafe_tag_in_config_or_pack_exits_2(where: str, tmp_path: Path, ops_lint: Any) -> None:
    files: dict[str, str | bytes] = {"ops-docs/x.md": "# X\n"}
    if where == "config":
        files[".ops-lint.yaml"] = f"docs: {UNSAFE}\n"
    else:
        files[".ops-lint.yaml"] = "packs: [mine.yaml]\n"
        files["mine.yaml"] = f"pack: {UNSAFE}\nrules: []\n"
    write_tree(tmp_path, files)
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "invalid YAML" in result.err
    assert not (tmp_path / MARKER).exists()


def test_unsafe_tag_in_owners_roster_is_a_diagnostic(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "ops-docs/x.md": runbook(),
            "ops-docs/owners.yaml": f"teams:\n  - id: {UNSAFE}\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache", "--format", "json")
    assert result.code == 1
    [message] = [m for c, m in by_path(result)["ops-docs/x.md"] if c == "OPS105"]
    assert "not valid YAML" in message
    assert not (tmp_path / MARKER).exists()


def test_config_error_stays_one_line(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/x.md": "# X\n", ".ops-lint.yaml": '"a\\nb\\rc": 1\n'})
    result = ops_lint(tmp_path, "check", "--no-git")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "unknown key 'a b c'" in result.err


def test_links_are_never_fetched(tmp_path: Path, ops_lint: Any) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    port = server.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    try:
        write_tree(
            tmp_path,
            {
                "ops-docs/x.md": (
                    f"---\ntype: runbook\ntitle: X\nowner: t\nlast_reviewed: 2026-11-01\n"
                    f"review_cycle_days: 90\nsee: {url}/fm\n---\n# X\n\n[a]({url}/a) "
                    f"![i]({url}/i.png) <{url}/auto>\n\n[r]: {url}/ref\n\n[ref][r] "
                    f'<img src="{url}/html.png">\n'
                ),
            },
        )
        for args in (["check", "--no-cache"], ["freshness", "--format", "html"]):
            result = ops_lint(tmp_path, *args)
            assert result.code in (0, 1), result.err
        with pytest.raises(BlockingIOError):  # no connection is waiting to be accepted
            server.accept()
    finally:
        server.close()


EVIL_TITLE = '::error::x%0A</script>"><img src=x onerror=alert(1)>'
EVIL_LINK = "nope::warning%0A</script>&quot;><img src=x>.md"


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            "ops-docs/x::y.md": (
                f"---\ntype: runbook\ntitle: '{EVIL_TITLE}'\nowner: '<img src=x>'\n"
                f"last_reviewed: 2025-01-01\nreview_cycle_days: 90\n---\n# {EVIL_TITLE}\n\n"
                f"[bad]({EVIL_LINK.replace(' ', '%20')}) TBD <img src=x>\n"
            ),
            ".ops-lint.yaml": "select: [OPS000, OPS004, OPS005]\n",
        },
    )
    return tmp_path


def test_markdown_compliance_report_embeds_no_html(evil: Path, ops_lint: Any) -> None:
    result = ops_lint(evil, "check", "--no-git", "--format", "markdown")
    assert result.code == 1
    assert "&lt;img src=x" in result.out  # the finding is there, as text
    assert "<img" not in result.out and "</script>" not in result.out


def test_freshness_markdown_embeds_no_html(evil: Path, ops_lint: Any) -> None:
    result = ops_lint(evil, "freshness", "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "x::y.md" in result.out
    assert "<img" not in result.out and "</script>" not in result.out


def test_machine_formats_keep_hostile_text_inert(evil: Path, ops_lint: Any) -> None:
    def check(fmt: str) -> str:
        result = ops_lint(evil, "check", "--no-git", "--format", fmt)
        assert result.code == 1
        return str(result.out)

    github = check("github").splitlines()
    assert len(github) == 2  # OPS004 and OPS005: nothing starts a third command
    assert all(line.startswith("::error file=ops-docs/x::y.md,") is False for line in github)
    assert all(line.startswith("::error file=ops-docs/x%3A%3Ay.md,") for line in github)
    junit = ET.fromstring(check("junit"))  # parses: everything embedded is escaped
    failures = "".join(f.text or "" for f in junit.iter("failure"))
    assert "</script>" in failures
    sarif = json.loads(check("sarif"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"ops-docs/x::y.md"}
    report = json.loads(check("json"))
    assert {d["path"] for d in report["diagnostics"]} == {"ops-docs/x::y.md"}


# -- git faults ------------------------------------------------------------------------------


def _git_run(cwd: Path, *args: str) -> Run:
    result = run_guarded(cwd, *args)
    assert "Traceback" not in result.err
    assert result.code in (0, 1), result.err
    return result


def _fresh(cwd: Path) -> Run:
    return _git_run(
        cwd, "check", "--no-cache", "--format", "json", "--as-of", AS_OF, "--select", "OPS6"
    )


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2025-01-10", files={"ops-docs/a.md": runbook()})
    repo.commit("edit", date="2025-02-10", files={"ops-docs/a.md": runbook() + "More.\n"})
    return repo


def _object_file(repo: GitRepo, rev: str) -> Path:
    sha = repo.git("rev-parse", rev).strip()
    return repo.path / ".git" / "objects" / sha[:2] / sha[2:]


@pytest.mark.slow
def test_missing_commit_object_is_a_warning(repo: GitRepo) -> None:
    _object_file(repo, "HEAD~1").unlink()
    result = _fresh(repo.path)
    assert result.err.count("warning: git history unavailable (git failed:") == 1
    found = by_path(result)  # freshness falls back to the review date
    assert [c for c, _m in found["ops-docs/a.md"]] == ["OPS601"]
    report = _git_run(repo.path, "freshness", "--as-of", AS_OF, "--format", "json")
    assert report.json()["history"]["available"] is False
    assert "git failed" in report.json()["history"]["reason"]


@pytest.mark.slow
def test_missing_blob_object_is_a_warning(repo: GitRepo) -> None:
    _object_file(repo, "HEAD:ops-docs/a.md").unlink()
    result = _fresh(repo.path)
    assert [c for c, _m in by_path(result)["ops-docs/a.md"]] == ["OPS601"]
    assert result.err.count("warning: git history is damaged: 1 object(s) are missing") == 1


@pytest.mark.slow
def test_corrupt_object_is_a_warning(repo: GitRepo) -> None:
    path = _object_file(repo, "HEAD")
    path.chmod(0o644)
    path.write_bytes(b"not a zlib stream")
    result = _fresh(repo.path)
    assert "warning: git history unavailable (git failed:" in result.err


@pytest.mark.slow
def test_detached_head_works_normally(repo: GitRepo) -> None:
    attached = by_path(_fresh(repo.path))
    repo.git("checkout", "-q", "--detach", "HEAD")
    result = _fresh(repo.path)
    assert "warning" not in result.err
    assert by_path(result) == attached
    report = _git_run(repo.path, "freshness", "--as-of", AS_OF, "--format", "json").json()
    assert report["docs"][0]["last_change"]["date"] == "2025-02-10"


@pytest.mark.slow
def test_no_commit_touches_the_docs(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("readme", date="2025-01-10", files={"README.md": "x\n"})
    write_tree(repo.path, {"ops-docs/a.md": runbook()})  # never committed
    report = _git_run(repo.path, "freshness", "--as-of", AS_OF, "--format", "json").json()
    assert report["history"]["available"] is True
    [doc] = report["docs"]
    assert doc["uncommitted"] is True and doc["last_change"] is None


@pytest.mark.slow
def test_docs_in_a_submodule(tmp_path: Path) -> None:
    inner = GitRepo(tmp_path / "inner")
    inner.commit("write", date="2025-01-10", files={"ops-docs/a.md": runbook()})
    outer = GitRepo(tmp_path / "outer")
    outer.commit("readme", date="2025-01-10", files={"README.md": "x\n"})
    outer.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(inner.path), "sub")
    outer.commit("add submodule", date="2025-02-01")
    write_tree(outer.path, {".ops-lint.yaml": "docs: [sub/ops-docs]\n"})
    result = _fresh(outer.path)
    assert [c for c, _m in by_path(result)["sub/ops-docs/a.md"]] == ["OPS601"]
    report = _git_run(outer.path, "freshness", "--as-of", AS_OF, "--format", "json").json()
    assert [d["path"] for d in report["docs"]] == ["sub/ops-docs/a.md"]


@pytest.mark.slow
def test_git_worktree_works(repo: GitRepo, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    repo.git("worktree", "add", "-q", str(tree), "HEAD")
    result = _fresh(tree)
    assert "warning" not in result.err
    assert [c for c, _m in by_path(result)["ops-docs/a.md"]] == ["OPS601"]
    report = _git_run(tree, "freshness", "--as-of", AS_OF, "--format", "json").json()
    assert report["docs"][0]["last_change"]["date"] == "2025-02-10"


# -- never loses data ------------------------------------------------------------------------


def _snapshot(base: Path) -> dict[str, bytes]:
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and ".ops_lint_cache" not in p.relative_to(base).parts
    }


def _project(tmp_path: Path) -> Path:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2025-01-10", files={"ops-docs/a.md": runbook() + "\nTBD\n"})
    return repo.path


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--output", "out/lint.json", "--format", "json"],
        ["check", "--output", "lint.sarif", "--format", "sarif", "--no-cache"],
        ["freshness", "--output", "out/fresh.html", "--format", "html"],
    ],
    ids=["check", "check-no-cache", "freshness"],
)
def test_commands_write_only_what_they_are_asked(
    args: list[str], tmp_path: Path, ops_lint: Any
) -> None:
    root = _project(tmp_path)
    before = _snapshot(root)
    result = ops_lint(root, *args, "--as-of", AS_OF)
    assert result.code in (0, 1), result.err
    after = _snapshot(root)
    output = args[args.index("--output") + 1]
    assert set(after) - set(before) == {output}
    assert {k: v for k, v in after.items() if k != output} == before
    cache = root / ".ops_lint_cache"
    assert not cache.exists() if "--no-cache" in args else True


def test_init_writes_only_its_files(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"keep/notes.md": "mine\n", ".ops-lint.yaml": "docs: [keep]\n"})
    before = _snapshot(tmp_path)
    result = ops_lint(tmp_path, "init")
    assert result.code == 0, result.err
    after = _snapshot(tmp_path)
    assert after[".ops-lint.yaml"] == before[".ops-lint.yaml"]  # kept, never overwritten
    assert set(after) - set(before) == {
        "ops-docs/handover/operations-handover.md",
        "ops-docs/runbooks/example-runbook.md",
        "ops-docs/owners.yaml",
        ".pre-commit-config.yaml",
    }
    assert {k: after[k] for k in before} == before


@pytest.mark.parametrize("command", ["check", "freshness"])
def test_interrupted_report_write_leaves_the_old_report(
    command: str, tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    report = root / "report.txt"
    report.write_text("the previous report\n")

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    replace: Callable[..., None] = interrupt
    monkeypatch.setattr("ops_lint.report_io.os.replace", replace)
    result = ops_lint(root, command, "--output", str(report), "--as-of", AS_OF)
    assert result.code == 130 and "interrupted" in result.err
    assert report.read_text() == "the previous report\n"
    left = {p.name for p in root.iterdir()} - {".ops_lint_cache"}
    assert left == {".git", "ops-docs", "report.txt"}
