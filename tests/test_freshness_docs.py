"""The report's doc set reads each doc as the loader's light read does, file for file."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from ops_lint import loader
from ops_lint.config import Config, LoadedConfig
from ops_lint.discovery import discover
from ops_lint.doc_file import read_bytes
from ops_lint.freshness import under_review
from ops_lint.freshness_docs import ReportDocs, read_light
from ops_lint.git.history import History, PendingHistory
from tests.conftest import write_tree

FILES: dict[str, str | bytes] = {
    "ops-docs/runbooks/typed.md": "# Restart\n\nSteps.\n",
    "ops-docs/declared.md": "---\ntype: policy\nowner: sec\n---\nNo title.\n",
    "ops-docs/bad-yaml.md": "---\ntype: [runbook\n---\n# T\n",
    "ops-docs/utf16.md": "# T\n".encode("utf-16"),
    "ops-docs/binary.md": b"# T\n\0\0",
    "ops-docs/latin1.md": "# Caf\xe9\n".encode("latin-1"),
    "ops-docs/big.md": "# Big\n" + "x" * 5000,
    "ops-docs/crlf.md": "---\r\ntype: runbook\r\n---\r\n# CRLF\r\n",
    "ops-docs/empty.md": "",
}


def test_read_light_is_the_loaders_light_read(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("# Outside\n")
    os.symlink(outside, tmp_path / "ops-docs/link.md")
    loaded = LoadedConfig(
        Config.model_validate({"max_file_size": 1000, "types": {"**/runbooks/**": "runbook"}}),
        tmp_path,
        None,
    )
    candidates = discover(loaded)
    assert any(c.problem for c in candidates)  # the symlink out of the project
    files = [(c, c.problem or read_bytes(c.abspath, 1000)) for c in candidates]
    light = read_light(files, loaded)
    assert light == loader.load_documents(candidates, loaded, jobs=1, light=True)
    # a report's read: the titles of the docs under review only, the rest as it was
    judged = read_light(files, loaded, titles="judged")
    for full, lean in zip(light, judged, strict=True):
        if under_review(full, loaded.config):
            assert lean == full
        else:
            assert lean.sections == [] and dataclasses.replace(lean, sections=full.sections) == full
    assert {d.path for d in judged if d.sections} == {
        "ops-docs/runbooks/typed.md",
        "ops-docs/crlf.md",
    }
    by_path = {d.path: d for d in light}
    assert by_path["ops-docs/runbooks/typed.md"].doc_type == "runbook"
    assert by_path["ops-docs/declared.md"].doc_type == "policy"
    assert by_path["ops-docs/crlf.md"].title == "CRLF"
    assert by_path["ops-docs/big.md"].read_error is not None
    assert by_path["ops-docs/utf16.md"].read_error is not None


def test_owner_sources_are_read_only_when_asked(tmp_path: Path) -> None:
    write_tree(tmp_path, {"CODEOWNERS": "*.md @team-a\n"})
    loaded = LoadedConfig(Config(), tmp_path, None)
    docs = ReportDocs([], loaded.config, tmp_path, PendingHistory(History(available=False)))
    assert docs._owner_sources is None
    assert docs.owner_sources is docs.owner_sources  # read once
