"""The editor snippets of the README's "Editor integration" section start the server."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from tests.conftest import run_cli

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Editor integration: `ops-lint server`", 1)[1].split("\n## ", 1)[0]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", SECTION, flags=re.M | re.S)


def test_vs_code_settings() -> None:
    (block,) = _blocks("json")
    settings = json.loads(block)
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == [
        "ops-lint",
        "server",
    ]
    assert "markdown" in settings["glspc.server.languageId"]


def test_helix_languages_toml() -> None:
    (block,) = _blocks("toml")
    config = tomllib.loads(block)
    server = config["language-server"]["ops-lint"]
    assert [server["command"], *server["args"]] == ["ops-lint", "server"]
    (markdown,) = [lang for lang in config["language"] if lang["name"] == "markdown"]
    assert "ops-lint" in markdown["language-servers"]


def test_neovim_snippets() -> None:
    blocks = _blocks("lua")
    assert len(blocks) == 2
    assert all('cmd = { "ops-lint", "server" }' in b for b in blocks)


def test_the_command_they_run_exists(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "server", "--help")
    assert run.code == 0 and "Language Server Protocol" in run.out
