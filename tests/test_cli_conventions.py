"""CLI conventions every command keeps: --version, -h, [n] visible in help, --json a flag on stdout,
-q silent on stderr, status on stderr and data on stdout, output folders created."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from draftbot import __version__
from draftbot.cli import app
from verify_fixtures import CORRECT_DRAFT, corpus_store  # noqa: F401  (fixture)

COMMANDS = ["ingest", "sources", "search", "plan", "draft", "check", "eval"]
runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"draftbot {__version__}"


@pytest.mark.parametrize("cmd", [[], *([c] for c in COMMANDS)])
def test_dash_h_is_help_everywhere(cmd):
    short = runner.invoke(app, [*cmd, "-h"], env=ENV)
    long = runner.invoke(app, [*cmd, "--help"], env=ENV)
    assert short.exit_code == 0 and short.stdout == long.stdout and "Usage:" in short.stdout


def test_check_help_shows_the_citation_mark():
    text = runner.invoke(app, ["check", "--help"], env=ENV).stdout
    assert "each [n] must" in re.sub(r"\s+", " ", text)


def test_json_is_a_stdout_flag_wherever_it_exists_and_quiet_is_everywhere():
    import typer

    group = typer.main.get_command(app)
    with_json = []
    for name in COMMANDS:
        cmd = group.commands[name]
        opts = {o: p for p in cmd.params for o in getattr(p, "opts", [])}
        assert "-q" in opts and "--quiet" in opts, name
        if "--json" in opts:
            assert opts["--json"].is_flag, f"{name} --json takes a value"
            with_json.append(name)
    assert with_json == ["sources", "search", "check", "eval"]
    assert not group.commands["eval"].params[0].name == "json_out" and any(
        "--json-out" in p.opts for p in group.commands["eval"].params)


def test_quiet_means_nothing_on_stderr_and_data_stays_on_stdout(tmp_path, corpus_store):
    from conftest import CORPUS

    import shutil

    store, corpus = str(tmp_path / "s"), tmp_path / "corpus"
    corpus.mkdir()
    for f in CORPUS.glob("2026-06-04_*.md"):  # sources only (a README is reported as skipped)
        shutil.copy(f, corpus)
    r = runner.invoke(app, ["ingest", str(corpus), "--store", store, "-q"])
    assert r.exit_code == 0 and r.stderr == "" and r.stdout.startswith("added ")
    r = runner.invoke(app, ["search", "新能源汽车产量", "--store", store, "-q", "--json", "-k", "2"])
    assert r.exit_code == 0 and r.stderr == "" and len(json.loads(r.stdout)) == 2
    out = tmp_path / "new" / "folder" / "b.md"  # -o creates its folder
    r = runner.invoke(app, ["draft", "--date", "2026-06-04", "--store", store, "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert r.stderr == "" and r.stdout == "" and out.is_file()
    loud = runner.invoke(app, ["draft", "--date", "2026-06-04", "--store", store, "-o", str(out), "--force"])
    assert loud.stdout == "" and "wrote " in loud.stderr and "backend: extractive" in loud.stderr
    r = runner.invoke(app, ["check", str(CORRECT_DRAFT), "--store", str(corpus_store), "-q"])
    assert r.exit_code == 0 and r.stderr == "" and "OK" in r.stdout
