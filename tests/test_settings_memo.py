"""The settings memo: a warm ``check`` rebuilds the config and rules without validating
them, gives the same answer, and reports a config or pack error exactly as a cold one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ops_lint import config as config_mod
from ops_lint import model_codec, packs, settings_memo
from ops_lint.cache_files import DIRNAME, read_signed, secret_key, write_signed
from ops_lint.model_codec import Malformed, Unencodable, decode, encode, round_trip
from tests.conftest import BUILT_VALIDATORS, run_cli, write_tree

GOLDEN = Path(__file__).resolve().parent / "golden" / "small"
MEMO = "settings-v1.bin"

PACK = (
    "pack: team\nrules:\n"
    "  - {code: TEAM001, name: fm, check: front-matter-schema, summary: s, severity: error,"
    " options: {schemas: team-schemas}}\n"
    "  - {code: TEAM002, name: sections, check: required-sections, summary: s,"
    " severity: warning, options: {required: {runbook: [Summary, [Steps, Actions]]}}}\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN, root, ignore=shutil.ignore_patterns(DIRNAME))  # no run's cache
    (root / ".git").mkdir()  # the repository top: the config search stops here
    return root


def _warm(root: Path, *args: str) -> Any:
    """Run twice (the second run answers from the memo) and return the second run."""
    first = run_cli(root, *args)
    second = run_cli(root, *args)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    return second


def _loaded(root: Path, memo: bool) -> tuple[config_mod.LoadedConfig, list[packs.Rule]]:
    loaded = config_mod.load(None, root, memo=memo)
    return loaded, packs.load_rules(loaded)


def test_a_warm_load_rebuilds_what_the_full_load_validates(project: Path) -> None:
    write_tree(project, {"rules/team.yaml": PACK, "rules/team-schemas/common.schema.json": "{}"})
    (project / ".ops-lint.yaml").write_text(
        "docs: [ops-docs]\npacks: [builtin, rules/team.yaml]\n"
        "rules:\n  OPS904: {severity: info}\n  TEAM002: {options: {non_empty: false}}\n"
        "vocabulary:\n  severity:\n    levels: [{name: P1, response: 15 min, major: true}]\n"
    )
    cold_config, cold_rules = _loaded(project, memo=False)
    assert not (project / DIRNAME / MEMO).exists()
    _loaded(project, memo=True)  # fills the memo
    assert (project / DIRNAME / MEMO).is_file()
    warm_config, warm_rules = _loaded(project, memo=True)
    assert warm_config.config == cold_config.config
    assert warm_rules == cold_rules
    for warm, cold in zip(warm_rules, cold_rules, strict=True):
        assert type(warm.options) is type(cold.options)
        assert warm.options.model_fields_set == cold.options.model_fields_set
        assert model_codec.json_dump(warm.options) == json.dumps(
            cold.options.model_dump(mode="json"), sort_keys=True
        )


def test_a_warm_check_imports_no_jsonschema_and_builds_no_validator(project: Path) -> None:
    target = "ops-docs/runbooks/dlq.md"
    code = (
        "import sys\n"
        "from ops_lint.cli import main\n"
        f"rc = main(['check', '--no-git', '--as-of', '2026-11-27', {target!r}])\n"
        + BUILT_VALIDATORS
        + "gone = [m for m in ('jsonschema', 'git', 'referencing') if m in sys.modules]\n"
        "print('RESULT', rc, gone, built, file=sys.stderr)\n"
    )

    def run() -> tuple[str, str]:
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False
        )
        result = [line for line in proc.stderr.splitlines() if line.startswith("RESULT")]
        assert result, proc.stderr
        return proc.stdout, result[-1]

    cold_out, cold = run()
    assert "'jsonschema'" in cold and "Config" in cold  # the cold run validates
    warm_out, warm = run()
    assert warm_out == cold_out
    assert warm == f"RESULT {cold.split()[1]} [] []"


def test_a_changed_config_is_validated_and_its_error_reported_as_without_a_memo(
    project: Path,
) -> None:
    _warm(project, "check")
    (project / ".ops-lint.yaml").write_text("docs: [ops-docs]\nmax-nesting: 2\n")
    with_memo = run_cli(project, "check")
    without = run_cli(project, "check", "--no-cache")
    assert with_memo.code == 2
    assert (with_memo.out, with_memo.err) == (without.out, without.err)
    assert "max-nesting" in with_memo.err


def test_a_changed_pack_is_validated_and_its_error_reported_as_without_a_memo(
    project: Path,
) -> None:
    write_tree(project, {"rules/team.yaml": PACK, "rules/team-schemas/common.schema.json": "{}"})
    (project / ".ops-lint.yaml").write_text("docs: [ops-docs]\npacks: [builtin, rules/team.yaml]\n")
    _warm(project, "check")
    (project / "rules/team.yaml").write_text(PACK.replace("severity: warning", "severity: loud"))
    with_memo = run_cli(project, "check")
    without = run_cli(project, "check", "--no-cache")
    assert with_memo.code == 2
    assert (with_memo.out, with_memo.err) == (without.out, without.err)
    assert "team.yaml: $.rules[1].severity" in with_memo.err


def test_a_rebuilt_rule_still_checks_the_file_system_its_options_name(project: Path) -> None:
    write_tree(project, {"rules/team.yaml": PACK, "rules/team-schemas/common.schema.json": "{}"})
    (project / ".ops-lint.yaml").write_text("docs: [ops-docs]\npacks: [builtin, rules/team.yaml]\n")
    assert _warm(project, "check").code in (0, 1)
    shutil.rmtree(project / "rules/team-schemas")
    with_memo = run_cli(project, "check")
    without = run_cli(project, "check", "--no-cache")
    assert with_memo.code == 2
    assert (with_memo.out, with_memo.err) == (without.out, without.err)
    assert "team-schemas is not a directory" in with_memo.err


@pytest.mark.parametrize("content", [b"", b"garbage", b"\0" * 32 + b'[["00", 1]]'])
def test_a_planted_memo_is_not_trusted(project: Path, content: bytes) -> None:
    cold = run_cli(project, "check", "--no-cache")
    (project / DIRNAME).mkdir()
    (project / DIRNAME / MEMO).write_bytes(content)
    warm = _warm(project, "check")
    assert (warm.code, warm.out) == (cold.code, cold.out)


def _forge_select(root: Path, select: list[str]) -> None:
    """Rewrite the remembered config's ``select``, signed with the current key: what a
    memo would say if anyone but this user's ops-lint could sign one."""
    secret = secret_key(root)
    assert secret is not None
    payload = read_signed(root, MEMO, secret)
    assert payload is not None
    entries = json.loads(payload)
    for _key, value in entries:
        encoded = value[0] if isinstance(value[0], list) else None
        if encoded and encoded[:2] == ["m", "ops_lint.config:Config"]:
            for field in encoded[2]:
                if field[0] == "select":
                    field[1] = ["l", select]
    write_signed(root, MEMO, secret, json.dumps(entries).encode())


def test_a_memo_is_trusted_only_under_the_key_that_signed_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first-key"))
    assert config_mod.load(None, project, memo=True).config.select == ["OPS0", "OPS9"]
    _forge_select(project, ["FORGED"])
    assert config_mod.load(None, project, memo=True).config.select == ["FORGED"]  # used
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "second-key"))
    assert config_mod.load(None, project, memo=True).config.select == ["OPS0", "OPS9"]


def test_no_cache_writes_no_memo(project: Path) -> None:
    run_cli(project, "check", "--no-cache")
    assert not (project / DIRNAME / MEMO).exists()


class _Outside(BaseModel):
    x: int = 1


@pytest.mark.parametrize(
    "value", [{1.5: "a"}, (1, [2, {"k": (3,)}]), frozenset({"a"}), [None, True, 0, 0.5, "s"]]
)
def test_plain_values_round_trip_exactly(value: Any) -> None:
    data = round_trip(value)
    back = decode(json.loads(json.dumps(data)))
    assert back == value and type(back) is type(value)


def test_values_the_encoding_does_not_keep_are_refused() -> None:
    with pytest.raises(Unencodable):
        encode(Path("x"))
    with pytest.raises(Unencodable):
        encode(_Outside())  # a model outside ops_lint is never written
    with pytest.raises(Unencodable):
        round_trip(float("nan"))  # not equal to itself once rebuilt
    assert decode(encode(True)) is True and decode(encode(1)) == 1  # bool and int kept apart


@pytest.mark.parametrize(
    "data",
    [
        ["m", "os:system", [], []],
        ["m", "tests.test_settings_memo:_Outside", [["x", 1]], []],
        ["m", "ops_lint.config:Config.__class__", [], []],
        ["m", "ops_lint.errors:ConfigError", [], []],
        ["m", "ops_lint.config:DrillSettings", [["platform", None]], []],  # a field missing
        ["x", []],
        [],
    ],
)
def test_memo_data_naming_anything_but_an_ops_lint_model_is_refused(data: Any) -> None:
    with pytest.raises(Malformed):
        decode(data)


def test_the_tool_identity_follows_each_file_s_size_and_time(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "x = 1\n", "sub/b.yaml": "k: v\n", "sub/c.txt": "not code"})

    def identity() -> bytes:
        digest = hashlib.blake2b()
        settings_memo._stat_tree(tmp_path, digest)
        return digest.digest()

    first = identity()
    assert identity() == first
    (tmp_path / "sub/c.txt").write_text("still not code")
    assert identity() == first
    info = (tmp_path / "sub/b.yaml").stat()
    os.utime(tmp_path / "sub/b.yaml", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert identity() != first
    assert settings_memo.tool_identity() == settings_memo.tool_identity()
