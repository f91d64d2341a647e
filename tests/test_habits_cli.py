"""Unix habits (issue 25): `-o -`, a trailing `/`, `plan -o` and --force, a closed pipe, `-q`,
a mistyped --store, shell completion. Real subprocesses: pipes and signals are the point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from verify_fixtures import corpus_store  # noqa: F401  (fixture)

CLI = [sys.executable, "-c", "from draftbot.cli import main; main()"]
DAY = ["--date", "2026-06-04"]


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, **(env or {})})


def test_draft_dash_o_writes_the_briefing_to_stdout_and_no_file_named_dash(tmp_path, corpus_store):
    r = run("draft", *DAY, "-o", "-", "--store", str(corpus_store), "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# 新质生产力每日动态") and "## 参考文献" in r.stdout
    assert r.stderr == "" and list(tmp_path.iterdir()) == []


def test_plan_dash_o_prints_the_outline(tmp_path, corpus_store):
    r = run("plan", *DAY, "-o", "-", "--store", str(corpus_store), "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "sections:" in r.stdout and list(tmp_path.iterdir()) == []


def test_a_trailing_slash_means_a_folder(tmp_path, corpus_store):
    r = run("draft", *DAY, "-o", "out/", "--store", str(corpus_store), "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["briefing.json", "briefing.md"]
    r = run("draft", *DAY, "-o", "docs/", "--format", "docx", "--store", str(corpus_store), "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["briefing.docx", "briefing.docx.json"]
    r = run("plan", *DAY, "-o", "plans/", "--store", str(corpus_store), "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in (tmp_path / "plans").iterdir()] == ["outline.yaml"]
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "plans.json").exists()


def test_plan_o_refuses_to_overwrite_an_edited_outline_without_force(tmp_path, corpus_store):
    outline = tmp_path / "outline.yaml"
    outline.write_text("# edited by hand\n", encoding="utf-8")
    r = run("plan", *DAY, "-o", str(outline), "--store", str(corpus_store))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [f"draftbot: error: {outline} already exists; use --force to overwrite it"]
    assert outline.read_text(encoding="utf-8") == "# edited by hand\n"
    r = run("plan", *DAY, "-o", str(outline), "--store", str(corpus_store), "--force", "-q")
    assert r.returncode == 0 and "sections:" in outline.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["check", "{draft}", "--json"], ["draft", *DAY, "-o", "-"],
                                  ["search", "新能源汽车", "--json", "-k", "20"]])
def test_a_closed_pipe_ends_quietly(tmp_path, corpus_store, args):
    draft = tmp_path / "b.md"
    assert run("draft", *DAY, "-o", str(draft), "--store", str(corpus_store), "-q").returncode == 0
    cmd = [*CLI, *[a.replace("{draft}", str(draft)) for a in args], "--store", str(corpus_store), "-q"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p.stdout.close()  # the reader (`head`) is gone before anything is written
    err = p.stderr.read()
    code = p.wait(timeout=300)
    assert code in (0, -13, 141), (code, err)  # -13: ended by SIGPIPE, the shell's 141
    assert err == "", err


def test_quiet_silences_every_notice(tmp_path, corpus_store):
    """Even where tiktoken's encodings are missing (no cache, no network) nothing reaches stderr."""
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path / "none"), "HTTPS_PROXY": "http://127.0.0.1:9"}
    (tmp_path / "none").mkdir()
    for args in (["plan", *DAY], ["draft", *DAY, "-o", str(tmp_path / "q.md")], ["check", str(tmp_path / "q.md")],
                 ["sources"], ["search", "工业"]):
        r = run(*args, "--store", str(corpus_store), "-q", env=env)
        assert r.returncode == 0, (args, r.stderr)
        assert r.stderr == "", (args, r.stderr)


@pytest.mark.parametrize("command", [["search", "工业"], ["sources"], ["plan", *DAY], ["draft", *DAY, "-o", "x.md"]])
def test_a_mistyped_store_creates_no_folder(tmp_path, command):
    r = run(*command, "--store", "stroe", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("draftbot: error: no store at stroe (no sources"), lines
    assert lines[0].endswith("run `draftbot ingest PATH --store stroe` first, or give the --store that ingest used")
    assert list(tmp_path.iterdir()) == []


def test_ingest_makes_a_new_store_only_where_it_is_named_sensibly(tmp_path, corpus_dir):
    src = str(corpus_dir / "2026-06-04_nbs-services.md")
    r = run("ingest", src, "--store", str(tmp_path / "typo" / "store"), "-q")
    assert r.returncode == 2 and "does not exist (a typo?)" in r.stderr and not (tmp_path / "typo").exists()
    other = tmp_path / "papers"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    r = run("ingest", src, "--store", str(other), "-q")
    assert r.returncode == 2 and "not a draftbot store and not empty" in r.stderr
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    r = run("ingest", src, "--store", str(tmp_path / "new-store"), "-q")
    assert r.returncode == 0, r.stderr
    r = run("ingest", src, "--store", str(tmp_path / "new-store"), "-q")  # and it is a store now
    assert r.returncode == 0 and "unchanged 1" in r.stdout


def test_shell_completion_is_offered():
    r = run("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert r.returncode == 0 and "_draftbot_completion" in r.stdout, r.stderr
    assert "--install-completion" in run("--help").stdout
