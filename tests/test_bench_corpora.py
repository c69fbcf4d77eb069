"""The pure parts of ``bench.corpora``: verdicts and tables, corpus preparation, run plumbing.

No timing is asserted: the corpus is a real git repository made in a temporary folder with
fixed dates, served as a local mirror the way the benchmark is given one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpora import attempt, parse_args
from bench.measure import CommandFailed, Sample, median_sample, run_measured
from bench.pinned_corpora import CONFIG, Corpus, PrepareError, mirror_of, prepare
from bench.speed_measures import Bench, markdownlint_files
from bench.target_table import Row, markdown_table, ratio, text_table
from tests.gitrepo import GitRepo

# -- verdicts and tables ----------------------------------------------------------------


def test_ratio_target_met_missed_and_unjudged() -> None:
    met = Row("cold", "s", 1.0, 20.0, ratio=ratio(1.0, 20.0), target="≤ 0.1×", limit=0.1)
    missed = Row("cold", "s", 4.0, 20.0, ratio=ratio(4.0, 20.0), target="≤ 0.1×", limit=0.1)
    info = Row("floor", "s", floor=2.0, markdownlint=20.0, ratio=0.1)
    assert met.met is True and met.verdict() == "met"
    assert missed.met is False and missed.verdict() == "missed: 2.00× the bound"
    assert info.met is None and info.verdict() == ""


def test_figure_target_and_missing_comparison() -> None:
    wall = Row("warm", "s", 0.45, target="≤ 0.3 s", limit=0.3, judged="figure")
    assert wall.verdict() == "missed: 1.50× the bound"
    assert Row("warm", "s", 0.2, limit=0.3, judged="figure").verdict() == "met"
    close = Row("rss", "MiB", 401.0, ratio=4.01, limit=4.0)
    assert close.verdict() == "missed by 0.2%"  # not "1.00×", which reads as met
    # A target whose comparison could not be measured is not silently met.
    no_tool = Row("cold", "s", 1.0, None, ratio=ratio(1.0, None), limit=0.1)
    assert no_tool.met is None and no_tool.verdict() == "not measured"
    assert ratio(1.0, 0.0) is None


def test_tables_show_figures_ratios_verdicts_and_notes() -> None:
    rows = [
        Row("cold CPU, a|b", "s", 0.5, 10.0, 0.25, ratio=0.05, target="≤ 0.1×", limit=0.1),
        Row("peak RSS", "MiB", 312.4, target="≤ 250 MiB", limit=250, judged="figure", note="n"),
    ]
    text = text_table(rows)
    assert "0.500 s" in text and "10.00 s" in text and "0.050×" in text and "312 MiB" in text
    assert "met" in text and "missed: 1.25× the bound" in text
    assert "[peak RSS] n" in text
    md = markdown_table(rows).splitlines()
    assert md[0] == (
        "| measure | target | ops-lint | markdownlint-cli2 | floor / reference | ratio | met? |"
    )
    assert md[3].startswith("| peak RSS | ≤ 250 MiB | 312 MiB |")
    assert "a\\|b" in md[2]  # a pipe in a cell does not split it
    assert all(line.count(" | ") == md[0].count(" | ") for line in md[2:])
    as_json = json.loads(json.dumps(rows[1].as_dict()))
    assert as_json["met"] is False and as_json["ops_lint"] == 312.4


def test_markdownlint_file_count_and_options() -> None:
    out = "markdownlint-cli2 v0.22.1\nFinding: **/*.md\nLinting: 242 file(s)\nSummary: 7 error(s)\n"
    assert markdownlint_files(out) == 242
    assert markdownlint_files("no summary") is None
    assert parse_args(["--quick", "--only", "cold,rss"]).measures == ["cold", "rss"]
    assert parse_args(["--json"]).json == "-"  # JSON on stdout instead of the table
    assert parse_args(["--json", "out.json"]).json == "out.json"
    with pytest.raises(SystemExit):
        parse_args(["--only", "cold,speed"])


# -- run plumbing -----------------------------------------------------------------------


def test_run_measured_accepts_listed_exit_codes_only(tmp_path: Path) -> None:
    exit_one = [sys.executable, "-c", "import sys; sys.exit(1)"]
    sample = run_measured(exit_one, tmp_path, ok=(0, 1))
    assert sample.wall > 0 and sample.cpu > 0 and sample.rss_mib > 0
    crash = [sys.executable, "-c", "import sys; print('boom', file=sys.stderr); sys.exit(2)"]
    with pytest.raises(CommandFailed, match=r"exited 2.*boom"):
        run_measured(crash, tmp_path, ok=(0, 1))


def test_median_sample_takes_each_figure_on_its_own() -> None:
    runs = [Sample(1.0, 9.0, 50.0), Sample(3.0, 1.0, 70.0), Sample(2.0, 5.0, 10.0)]
    assert median_sample(runs) == Sample(2.0, 5.0, 50.0)


def test_a_failed_measure_is_a_row_and_the_others_still_run(tmp_path: Path) -> None:
    bench = Bench(parse_args(["--quick", "--cache-dir", str(tmp_path)]))
    try:

        def crash() -> None:
            run_measured([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)

        attempt(bench, "warm", crash)
        attempt(bench, "precommit", lambda: bench.rows.append(Row("pre-commit", "s", 0.1)))
    finally:
        shutil.rmtree(bench.scratch)
    assert list(bench.failed) == ["warm"] and "exited 3" in bench.failed["warm"]
    assert [r.measure for r in bench.rows] == ["warm: FAILED", "pre-commit"]


# -- corpus preparation -----------------------------------------------------------------


def _upstream(tmp_path: Path) -> tuple[GitRepo, str, Path]:
    """A repository with markdownlint configs, served from ``mirror/acme+handbook/repo``."""
    repo = GitRepo(tmp_path / "work")
    pin = repo.commit(
        "Handbook",
        date="2026-01-05",
        files={
            "README.md": "# Handbook\n",
            "docs/runbooks/restart.md": "# Restart\n\nSteps.\n",
            "docs/guide.md": "# Guide\n",
            "docs/logo.gif": "GIF89a not really\n",
            ".markdownlint.yaml": "MD013: false\ncustomRules: [./rules.js]\n",
            "docs/.markdownlint-cli2.jsonc": '{"customRules": ["x"]}\n',
            "package.json": json.dumps({"name": "h", "markdownlint-cli2": {"config": {}}}),
            ".ops-lint.yaml": "docs: [docs/runbooks]\n",
        },
    )
    repo.commit("After the pin", date="2026-02-01", files={"docs/later.md": "# Later\n"})
    mirror = tmp_path / "mirror"
    (mirror / "acme+handbook").mkdir(parents=True)
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(repo.path), str(mirror / "acme+handbook" / "repo")],
        check=True,
        capture_output=True,
    )
    return repo, pin, mirror


def test_prepare_pins_writes_config_and_removes_markdownlint_configs(tmp_path: Path) -> None:
    _, pin, mirror = _upstream(tmp_path)
    corpus = Corpus("acme", "handbook", pin)
    assert mirror_of(corpus, mirror) == mirror / "acme+handbook" / "repo"
    ready = prepare(corpus, tmp_path / "cache", mirror)
    root = tmp_path / "cache" / "acme+handbook"
    assert ready.root == root and ready.head == pin
    assert ready.markdown_files == 3  # the pin's, not the branch tip's
    assert not (root / "docs/later.md").exists()
    assert (root / ".ops-lint.yaml").read_text() == CONFIG == 'docs: ["."]\n'
    assert not (root / ".markdownlint.yaml").exists()
    assert not (root / "docs/.markdownlint-cli2.jsonc").exists()
    assert json.loads((root / "package.json").read_text()) == {"name": "h"}
    assert sorted(ready.removed_configs) == [
        ".markdownlint.yaml",
        "docs/.markdownlint-cli2.jsonc",
        "package.json: markdownlint-cli2 key",
    ]
    summary = ready.summary()
    assert summary["commit"] == pin and summary["markdown_files"] == 3
    assert summary["removed"] == ready.removed_configs


def test_prepare_again_restores_an_edited_doc_and_reuses_the_clone(tmp_path: Path) -> None:
    _, pin, mirror = _upstream(tmp_path)
    corpus = Corpus("acme", "handbook", pin)
    first = prepare(corpus, tmp_path / "cache", mirror)
    doc = first.root / "docs/runbooks/restart.md"
    doc.write_text("# Restart\n\nSteps.\nEdited by an interrupted run.\n")
    marker = first.root / ".git" / "reused"
    marker.write_text("")
    again = prepare(corpus, tmp_path / "cache", mirror)
    assert doc.read_text() == "# Restart\n\nSteps.\n"
    assert marker.exists()  # not cloned again
    assert again.removed_configs == first.removed_configs


def test_a_pin_the_source_lacks_is_an_error(tmp_path: Path) -> None:
    _, _, mirror = _upstream(tmp_path)
    with pytest.raises(PrepareError, match="does not hold"):
        prepare(Corpus("acme", "handbook", "0" * 40), tmp_path / "cache", mirror)
    with pytest.raises(PrepareError, match="no mirror"):
        prepare(Corpus("acme", "elsewhere", "0" * 40), tmp_path / "cache", mirror)


def _drop_blob(repo: GitRepo, pin: str, path: str) -> None:
    blob = repo.git("rev-parse", f"{pin}:{path}").strip()
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()


def test_checkout_errors_are_tolerated_unless_a_doc_is_missing(tmp_path: Path) -> None:
    repo, pin, _ = _upstream(tmp_path)
    _drop_blob(repo, pin, "docs/logo.gif")  # loose objects: the repo was never packed
    mirror = tmp_path / "plain"
    (mirror / "acme+handbook").mkdir(parents=True)
    (mirror / "acme+handbook" / "repo").symlink_to(repo.path)
    ready = prepare(Corpus("acme", "handbook", pin), tmp_path / "cache", mirror)
    assert ready.markdown_files == 3 and ready.checkout_errors
    assert "docs/logo.gif" in " ".join(ready.checkout_errors)

    _drop_blob(repo, pin, "docs/guide.md")
    with pytest.raises(PrepareError, match="missing after checkout"):
        prepare(Corpus("acme", "handbook", pin), tmp_path / "cache2", mirror)
