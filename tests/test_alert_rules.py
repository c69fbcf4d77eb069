"""Reading Prometheus alert-rule files and mapping their runbook links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ops_lint.alert_rules import RunbookSettings, find_files, load_alert_rules, runbook_path
from ops_lint.checks._triggers import looks_like_alert
from ops_lint.config import check_paths, validate
from ops_lint.errors import ConfigError

RULES = """\
groups:
  - name: a
    rules:
      - record: x:rate5m
        expr: rate(x[5m])
      - alert: DiskFull
        annotations:
          runbook: docs/disk.md
          runbook_url: https://runbooks.example.com/disk-full
"""

CRDS = """\
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
    - name: b
      rules:
        - alert: KubePodCrashLooping
---
kind: PrometheusRule
spec:
  groups:
    - name: c
      rules:
        - alert: etcdMembersDown
          annotations: {runbook_url: alerts/etcd/etcdMembersDown.md}
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_alerts_of_rule_files_and_crds_with_their_lines(tmp_path: Path) -> None:
    _write(tmp_path, {"rules/a.yaml": RULES, "deploy/crd.yaml": CRDS})
    settings = RunbookSettings(alert_rules=["rules/*.yaml", "deploy/**/*.yaml"])
    found = load_alert_rules(str(tmp_path), settings)
    got = [(a.name, a.runbook, os.path.basename(a.abspath), a.line) for a in found.alerts]
    assert got == [
        ("KubePodCrashLooping", None, "crd.yaml", 8),
        ("etcdMembersDown", "alerts/etcd/etcdMembersDown.md", "crd.yaml", 15),
        ("DiskFull", "https://runbooks.example.com/disk-full", "a.yaml", 6),
    ]
    assert found.problems == []


def test_annotation_keys_are_tried_in_the_configured_order(tmp_path: Path) -> None:
    _write(tmp_path, {"a.yaml": RULES})
    settings = RunbookSettings(alert_rules=["a.yaml"], annotations=["runbook", "runbook_url"])
    assert [a.runbook for a in load_alert_rules(str(tmp_path), settings).alerts] == ["docs/disk.md"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("groups: [unclosed\n", "is not valid YAML: line 2"),
        ("a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n" * 3000, "is not valid YAML"),
        ("- just a list\n", "holds no 'groups'"),
    ],
)
def test_a_malformed_file_is_a_problem_not_an_error(
    tmp_path: Path, text: str, problem: str
) -> None:
    _write(tmp_path, {"rules/bad.yaml": text})
    found = load_alert_rules(str(tmp_path), RunbookSettings(alert_rules=["rules/*.yaml"]))
    assert found.alerts == []
    assert len(found.problems) == 1
    assert problem in found.problems[0][2]


def test_undecodable_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"groups: \xff\n")
    found = load_alert_rules(str(tmp_path), RunbookSettings(alert_rules=["bad.yaml"]))
    assert "not UTF-8" in found.problems[0][2]
    assert str(tmp_path) not in found.problems[0][2]


def test_a_symlink_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(RULES, encoding="utf-8")
    project = tmp_path / "project"
    (project / "rules").mkdir(parents=True)
    (project / "rules" / "a.yaml").symlink_to(outside)
    found = load_alert_rules(str(project), RunbookSettings(alert_rules=["rules/*.yaml"]))
    assert found.alerts == []
    assert "outside the project" in found.problems[0][2]


def test_patterns_follow_gitignore_rules(tmp_path: Path) -> None:
    names = ["a/x.rules.yml", "b/c/y.rules.yml", "z.yml", ".git/q.rules.yml"]
    _write(tmp_path, dict.fromkeys(names, ""))
    got = [os.path.relpath(p, tmp_path) for p in find_files(str(tmp_path), ["*.rules.yml"])]
    assert got == ["a/x.rules.yml", "b/c/y.rules.yml"]
    anchored = find_files(str(tmp_path), ["b/**/*.yml"])
    assert [os.path.relpath(p, tmp_path) for p in anchored] == ["b/c/y.rules.yml"]
    assert find_files(str(tmp_path), ["../*.yml"]) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("https://github.com/o/r/blob/main/alerts/A.md#fix", "/p/alerts/A.md"),
        ("docs/disk%20full.md?x=1", "/p/docs/disk full.md"),
        ("/docs/disk.md", "/p/docs/disk.md"),
        ("https://wiki.example.com/A", None),
        ("https://github.com/o/r/blob/main/{{ $labels.alertname }}.md", None),
        ("  ", None),
    ],
)
def test_runbook_links_map_to_paths(target: str, expected: str | None) -> None:
    settings = RunbookSettings(runbook_base_url=["https://github.com/o/r/blob/main/"])
    assert runbook_path(target, "/p", settings) == expected


def test_runbook_root_is_where_links_are_taken_from() -> None:
    settings = RunbookSettings(runbook_root="runbooks")
    assert runbook_path("alerts/A.md", "/p", settings) == "/p/runbooks/alerts/A.md"


@pytest.mark.parametrize(
    ("name", "alert"),
    [
        ("KubePodCrashLooping", True),
        ("`etcdMembersDown`", True),
        ("SSPDown", True),
        ("DNSErrors", True),
        ("Overview", False),
        ("Disk full", False),
        ("EDI_STALLED", True),  # a configured alert's name
        ("Alertmanager reload failed", False),
    ],
)
def test_what_looks_like_an_alert_name(name: str, alert: bool) -> None:
    assert looks_like_alert(name, frozenset({"EDI_STALLED"})) is alert


def test_config_rejects_unknown_sources_and_roots_outside_the_project(tmp_path: Path) -> None:
    source = tmp_path / ".ops-lint.yaml"
    with pytest.raises(ConfigError, match="trigger_from"):
        validate({"runbooks": {"trigger_from": ["title"]}}, source)
    with pytest.raises(ConfigError, match="alert_rules"):
        validate({"runbooks": {"alert_rules": ["{a,b}" * 9]}}, source)
    outside = validate({"runbooks": {"runbook_root": "../elsewhere"}}, source)
    with pytest.raises(ConfigError, match=r"runbooks\.runbook_root"):
        check_paths(outside, tmp_path, source)
