"""--help stays true: every command exists, and every option the README shows is in its command's help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.cli import app

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ["ingest", "sources", "search", "plan", "draft", "check", "eval"]


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return result.output


def _readme_invocations() -> list[tuple[str, list[str]]]:
    """(command, options) for every `draftbot CMD …` in the README's code blocks."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", readme, flags=re.S):
        for m in re.finditer(r"draftbot (\w+)([^&\n#]*)", block):
            found.append((m.group(1), re.findall(r"(--[a-z][a-z-]*)", m.group(2))))
    return found


def test_top_level_help_lists_every_command():
    text = _help()
    for cmd in COMMANDS:
        assert re.search(rf"\b{cmd}\b", text), cmd


@pytest.mark.parametrize("cmd", COMMANDS)
def test_each_command_help_teaches_with_an_example(cmd):
    text = _help(cmd)
    assert "Usage:" in text and "--store" in text
    assert f"draftbot {cmd}" in text, f"`draftbot {cmd} --help` should show an example invocation"


def test_readme_commands_and_options_exist():
    invocations = _readme_invocations()
    assert {c for c, _ in invocations} >= {"ingest", "draft", "check", "search", "eval"}
    for cmd, options in invocations:
        assert cmd in COMMANDS, f"README uses unknown command `draftbot {cmd}`"
        text = _help(cmd)
        for opt in options:
            assert opt in text, f"README shows `draftbot {cmd} {opt}` but `draftbot {cmd} --help` has no {opt}"
