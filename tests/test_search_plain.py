"""A plain `draftbot search` is answered before typer and pydantic load (they cost a cold search
more than its work) and prints exactly what the full command prints; any other form, and any
error, is the full command's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from draftbot.commands.search_plain import parse

ROOT = Path(__file__).resolve().parents[1]
DAY = "2026-06-04"
# the full command: the same `main`, with no command answered before the framework
FULL = "import sys; from draftbot import cli; cli._PLAIN.clear(); sys.argv = ['draftbot', *sys.argv[1:]]; cli.main()"


def _run(args, full=False, env=None, cwd=None):
    cmd = [sys.executable, "-X", "importtime"] + (["-c", FULL] if full else ["-m", "draftbot.cli"])
    p = subprocess.run([*cmd, "search", *args], capture_output=True, text=True, cwd=cwd,
                       env={**os.environ, "NO_COLOR": "1", **(env or {})})
    mods = {m.group(1) for ln in p.stderr.splitlines() if (m := re.search(r"\|\s*([\w.]+)$", ln.rstrip()))}
    err = "\n".join(ln for ln in p.stderr.splitlines() if not ln.startswith("import time:"))
    return p, mods, err


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    s = tmp_path_factory.mktemp("plain-search") / "store"
    p = subprocess.run([sys.executable, "-m", "draftbot.cli", "ingest", str(ROOT / "corpus"), "--store", str(s), "-q"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]
    return s


@pytest.mark.parametrize("args", [
    ["规模以上工业增加值"],
    ["规模以上工业增加值", "--json"],
    ["数据要素 大赛", "--date", DAY, "--json", "-k", "5"],
    ["--mode", "lexical", "消费 服务业", "--since=2026-05-01", "--until", DAY],
    ["supply chain pressure", "--mode", "dense", "--json", "-k", "12"],
    ["新能源汽车", "--publisher", "国家统计局", "--publisher", "新华社", "--json"],
    ["zzqqxx 无此词", "--mode", "lexical", "-q"],
])
def test_the_plain_form_prints_what_the_full_command_prints_without_typer_or_pydantic(store, args):
    quick, mods, err = _run([*args, "--store", str(store)])
    full, mods_full, err_full = _run([*args, "--store", str(store)], full=True)
    assert quick.returncode == full.returncode == 0, err + err_full
    assert not {"typer", "draftbot.commands.search"} & mods
    # (chromadb, which a dense query by publisher alone still needs, brings pydantic and click)
    assert not {"pydantic", "click"} & mods or "chromadb" in mods
    assert "typer" in mods_full
    assert quick.stdout == full.stdout and err == err_full
    if "--json" in args:
        assert quick.stdout.startswith("[")


def test_errors_and_other_forms_are_the_full_commands(store, tmp_path):
    for args, says in ((["x", "--date", "2026-13-01"], "--date"), (["x", "--mode", "fuzzy"], "--mode"),
                       (["x", "--date", DAY, "--since", DAY], "--date cannot be combined"),
                       (["x", "-k", "0"], "-k"), (["x", "--store", str(tmp_path / "none")], "no store at")):
        p, mods, err = _run(args if "--store" in args else [*args, "--store", str(store)])
        assert p.returncode == 2 and says in err and "Traceback" not in err, (args, err)
        assert "typer" in mods
    help_, mods, _ = _run(["--help"])
    assert help_.returncode == 0 and "QUERY" in help_.stdout and "typer" in mods


def test_the_store_comes_from_the_environment_and_the_project_file(store, tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "draftbot.toml").write_text(f'store = "{store}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DRAFTBOT_STORE"}
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "draftbot.cli", "search", "工业", "--json"],
                       capture_output=True, text=True, cwd=project, env=env)
    assert p.returncode == 0 and p.stdout.startswith("[\n  {") and "| typer" not in p.stderr
    quick, mods, _ = _run(["工业", "--json"], env={"DRAFTBOT_STORE": str(store)}, cwd=tmp_path)
    assert quick.stdout == p.stdout and "typer" not in mods
    (project / "draftbot.toml").write_text(f'store = "{store}"\nstroe = "x"\n', encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "draftbot.cli", "search", "工业"], capture_output=True, text=True,
                         cwd=project, env=env)
    assert bad.returncode == 2 and "unknown setting 'stroe'" in bad.stderr and "Traceback" not in bad.stderr


def test_only_the_plain_form_is_parsed():
    a = parse(["search", "新能源 汽车", "-k", "5", "--date=2026-06-04", "--publisher", "A", "--publisher=B", "--json", "-q"])
    assert (a.query, a.k, a.date, a.publisher, a.as_json, a.quiet) == ("新能源 汽车", "5", "2026-06-04", ["A", "B"], True, True)
    for argv in (["search"], ["search", "-h"], ["search", "x", "--help"], ["search", "x", "y"], ["search", "x", "-k"],
                 ["search", "x", "-k", "201"], ["search", "x", "-k=5"], ["search", "x", "--chroma-url", "http://h:1"],
                 ["search", "--", "-x"], ["search", "x", "--store="], ["search", "   "], ["ingest", "x"],
                 ["search", "x", "--json=1"]):
        assert parse(argv) is None, argv
