"""Hostile and huge input through the real CLI (issue 16): bombs, special files, symlinks, names.

Each command runs as its own process; its peak RSS comes from os.wait4 on that process alone,
its wall time includes a small launcher's start-up. Every bomb is built here at test time, small on disk, never committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_fixtures import billion_laughs, front_matter_md, pdf_content_bomb, pdf_with_pages, zip_bomb_docx

DAY = "2026-06-04"
MAX_SECONDS = 5.0
MAX_RSS_MB = 500


# Started from a small launcher: a child forked straight from a big pytest process would report
# pytest's own resident pages as its peak RSS (ru_maxrss survives exec).
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen([sys.executable, "-m", "draftbot.cli", *sys.argv[2:]])
_, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli(args: list[str], tmp: Path, env_extra: dict | None = None, timeout: float = 120):
    """(exit code, stdout, stderr, seconds, peak RSS in MB) of `python -m draftbot.cli ARGS`.

    Seconds are the command's CPU time (user + system, its children included): on shared cores
    wall time measures the neighbours; a hang is caught by `timeout`, in wall time."""
    env = {**os.environ, "DRAFTBOT_INGEST_WORKERS": "0", **(env_extra or {})}  # all work in one process
    env.pop("OPENAI_API_KEY", None)
    env.pop("DRAFTBOT_API_KEY", None)
    out, err = tmp / f"out-{time.monotonic_ns()}", tmp / f"err-{time.monotonic_ns()}"
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.perf_counter()
        rss_file = tmp / f"rss-{time.monotonic_ns()}"
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(rss_file), *args], stdout=fo, stderr=fe,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)  # the launcher and the CLI under it (their own session)
                os.wait4(proc.pid, 0)
                pytest.fail(f"draftbot {' '.join(args)} still running after {timeout}s")
            time.sleep(0.02)
        seconds = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (proc.returncode, out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"), seconds, int(rss_file.read_text()) / 1024)


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


# ---------------------------------------------------------------- bombs


@pytest.fixture(scope="module")
def bomb_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bombs") / "in"
    folder.mkdir()
    (folder / "bomb.docx").write_bytes(zip_bomb_docx(600))  # ~2.4 MB on disk, 600 MB of XML
    (folder / "laughs.md").write_text("---\n" + billion_laughs() + f"title: x\ndate: {DAY}\n---\nbody.\n",
                                      encoding="utf-8")
    (folder / "laughs-in-date.md").write_text("---\n" + billion_laughs() + f"title: x\ndate: *i\n---\nbody.\n",
                                              encoding="utf-8")
    (folder / "content-bomb.pdf").write_bytes(pdf_content_bomb(60))  # ~180 KB, 60 MB decoded
    (folder / "good.md").write_text(front_matter_md("Port volumes", "Container volumes rose 3.2% in May."),
                                    encoding="utf-8")
    sub = folder / "listed"
    sub.mkdir()
    (sub / "sources.yaml").write_text(billion_laughs(), encoding="utf-8")
    (sub / "page.html").write_text("<html><body><p>Freight rates eased 1.1%.</p></body></html>", encoding="utf-8")
    return folder


def test_ingest_refuses_each_bomb_fast_in_one_line_with_bounded_memory(bomb_folder, tmp_path):
    rc, out, err, seconds, rss = run_cli(["ingest", str(bomb_folder), "--store", str(tmp_path / "st"), "-q"], tmp_path)
    lines = _lines(out)
    assert rc == 1, out + err
    assert "Traceback" not in err
    # the good file still goes in, and so does the page whose manifest was refused (it titles itself)
    assert lines[0].startswith("added 2 ·"), out
    failed = {ln.split(":", 1)[0].removeprefix("FAILED ").strip(): ln for ln in lines[1:]}
    assert set(failed) == {str(bomb_folder / n) for n in
                           ("bomb.docx", "laughs.md", "laughs-in-date.md", "content-bomb.pdf", "listed/sources.yaml")}, out
    assert "expands to 600.0 MB" in failed[str(bomb_folder / "bomb.docx")] and "DRAFTBOT_MAX_UNZIPPED_MB" in out
    assert "anchors and aliases" in failed[str(bomb_folder / "laughs.md")]
    assert "anchors and aliases" in failed[str(bomb_folder / "listed/sources.yaml")]
    assert "DRAFTBOT_MAX_PDF_CONTENT_MB" in failed[str(bomb_folder / "content-bomb.pdf")]
    assert all(len(ln) < 400 for ln in lines), max(lines, key=len)[:500]  # the FAILED line itself stays short
    assert seconds < MAX_SECONDS + 5, seconds  # interpreter and Chroma start-up included
    assert rss < MAX_RSS_MB, rss


def test_each_bomb_alone_is_refused_in_under_5s_and_500mb(bomb_folder, tmp_path):
    for name in ("bomb.docx", "laughs.md", "content-bomb.pdf"):
        rc, out, err, seconds, rss = run_cli(["ingest", str(bomb_folder / name), "--store", str(tmp_path / name), "-q"],
                                             tmp_path)
        assert rc == 1 and len(_lines(out)) == 2 and out.count("FAILED") == 1, out + err
        assert seconds < MAX_SECONDS, (name, seconds)
        assert rss < MAX_RSS_MB, (name, rss)


def test_pages_sharing_one_content_stream_cost_one_extraction(tmp_path):
    from draftbot.sources.pdf_files import read_pdf_source

    timings = {}
    for pages in (300, 600):
        data = pdf_with_pages(pages, 3000, shared=True)
        best = min(_timed(read_pdf_source, data) for _ in range(3))
        timings[pages] = best
    text = read_pdf_source(pdf_with_pages(600, 3000, shared=True)).text
    assert text.count("Line 0-0:") == 1  # the shared page's text is kept once
    assert timings[600] <= 2.5 * timings[300] + 0.05, timings
    assert timings[600] < 5, timings


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def test_check_refuses_a_docx_bomb_and_a_fifo_without_hanging(bomb_folder, tmp_path):
    store = tmp_path / "st"
    rc, out, err, _, _ = run_cli(["ingest", str(bomb_folder / "good.md"), "--store", str(store), "-q"], tmp_path)
    assert rc == 0, out + err
    fifo = tmp_path / "draft.md"
    os.mkfifo(fifo)
    rc, out, err, seconds, rss = run_cli(["check", str(bomb_folder / "bomb.docx"), str(fifo), "--store", str(store)],
                                         tmp_path, timeout=30)
    assert rc == 2, out + err
    errs = _lines(err)
    assert len(errs) == 2 and "Traceback" not in err, err
    assert "bomb.docx: ZIP package expands to 600.0 MB" in errs[0]
    assert f"{fifo}: a FIFO (named pipe), not a regular file" in errs[1]
    assert seconds < MAX_SECONDS + 5 and rss < MAX_RSS_MB, (seconds, rss)


def test_brief_and_eval_case_refuse_aliases_and_fifos(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(billion_laughs() + "id: x\ntitle: t\nsections: [{id: s, heading: h, queries: [q]}]\n",
                     encoding="utf-8")
    fifo = tmp_path / "brief-fifo.yaml"
    os.mkfifo(fifo)
    for path, reason in ((brief, "invalid YAML at line 1: YAML anchors and aliases"),
                         (fifo, "a FIFO (named pipe), not a regular file")):
        rc, out, err, seconds, rss = run_cli(["draft", "--date", DAY, "--brief", str(path), "--store",
                                              str(tmp_path / "st"), "-o", str(tmp_path / "o.md")], tmp_path, timeout=30)
        assert rc == 2 and len(_lines(err)) == 1 and reason in err, err
        assert seconds < MAX_SECONDS and rss < MAX_RSS_MB, (seconds, rss)
    from draftbot.errors import UserError
    from draftbot.evals.cases import load_case

    case = tmp_path / "case"
    case.mkdir()
    (case / "case.yaml").write_text(billion_laughs() + "name: c\ncorpus: [.]\ndate: 2026-06-04\n", encoding="utf-8")
    with pytest.raises(UserError, match="anchors and aliases"):
        load_case(case)
    (case / "case.yaml").unlink()
    os.mkfifo(case / "case.yaml")
    with pytest.raises(UserError, match="FIFO"):
        load_case(case)


# ---------------------------------------------------------------- special files and symlinks


def test_ingest_skips_links_leaving_the_folder_unless_asked_and_refuses_fifos(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "credentials.md").write_text(front_matter_md("Deploy keys", "The token is SECRET-4711."),
                                            encoding="utf-8")
    folder = tmp_path / "corpus"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "ok.md").write_text(front_matter_md("Freight", "Freight rose 2.5% in May."), encoding="utf-8")
    os.symlink(outside / "credentials.md", folder / "creds.md")
    os.symlink(outside, folder / "private-dir")
    os.symlink(folder / "inner" / "ok.md", folder / "alias.md")  # stays inside: a duplicate, not a failure
    os.mkfifo(folder / "pipe.md")
    store = tmp_path / "st"
    rc, out, err, seconds, _ = run_cli(["ingest", str(folder), "--store", str(store), "-q"], tmp_path, timeout=60)
    lines = _lines(out)
    assert rc == 1 and lines[0].startswith("added 1 ·"), out + err
    assert sorted(lines[1:]) == sorted([
        f"FAILED {folder / 'creds.md'}: symlink to a file outside {folder} ({outside / 'credentials.md'}): "
        "skipped; use --follow-symlinks to read it",
        f"FAILED {folder / 'pipe.md'}: a FIFO (named pipe), not a regular file",
        f"FAILED {folder / 'private-dir'}: symlink to a folder outside {folder} ({outside}): "
        "skipped; use --follow-symlinks to read it",
    ]), out
    rc, out, _, _, _ = run_cli(["search", "SECRET-4711 deploy token", "--store", str(store), "--json"], tmp_path)
    assert rc == 0 and "SECRET-4711" not in out
    rc, out, err, _, _ = run_cli(["ingest", str(folder), "--store", str(store), "-q", "--follow-symlinks"], tmp_path)
    assert _lines(out)[0].startswith("added 1 ·") and "outside" not in out, out + err  # one credentials file, seen twice
    rc, out, _, _, _ = run_cli(["search", "SECRET-4711 deploy token", "--store", str(store), "--json"], tmp_path)
    assert "SECRET-4711" in out


# ---------------------------------------------------------------- names and titles


def test_hostile_file_names_print_escaped_one_line_each(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = {
        "x\nFAILED secrets.md: added 99.md": "x\\nFAILED secrets.md: added 99.md",
        "report\u202edm.txt": "report\\u202edm.txt",
        "clear\x1b[2J\x1b]0;owned\x07.md": "clear\\x1b[2J\\x1b]0;owned\\x07.md",
    }
    for name in names:
        (folder / name).write_text("", encoding="utf-8")  # empty: each gets a FAILED line naming it
    os.symlink("missing\nadded 99", folder / "dangling\u2067.md")
    rc, out, err, _, _ = run_cli(["ingest", str(folder), "--store", str(tmp_path / "st"), "-q"], tmp_path)
    lines = out.splitlines()
    assert rc == 1 and len(lines) == 1 + len(names) + 1, out  # summary + one line per bad file
    assert lines[0].startswith("added 0 ·") and "\x1b" not in out and "\u202e" not in out and "\u2067" not in out
    for raw, shown in names.items():
        assert f"FAILED {folder}/{shown}: empty file" in lines, (shown, lines)
    assert f"FAILED {folder}/dangling\\u2067.md: broken symlink (target 'missing\\nadded 99' does not exist)" in lines


def test_search_prints_hostile_titles_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(
        '---\ntitle: "\\e]0;pwned\\a\\e[2JPort report\\u202e"\npublisher: "Wire\\nFAILED x"\n'
        f"date: {DAY}\nlang: en\n---\nContainer throughput at the port rose 6.1% in May.\n",
        encoding="utf-8",
    )
    store = tmp_path / "st"
    rc, out, err, _, _ = run_cli(["ingest", str(folder), "--store", str(store), "-q"], tmp_path)
    assert rc == 0, out + err
    rc, out, err, _, _ = run_cli(["search", "container throughput port", "--store", str(store)], tmp_path)
    assert rc == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    first = out.splitlines()[0]
    # cleaned at ingest (text/sanitize.py): the escape sequences and the override are gone, one line
    assert "Wire FAILED x《Port report》" in first, out
    assert len(out.splitlines()) == 2  # one hit: its line and its excerpt


def test_check_prints_hostile_draft_names_and_sentences_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(front_matter_md("Port report", "Container throughput rose 6.1% in May."),
                                 encoding="utf-8")
    store = tmp_path / "st"
    assert run_cli(["ingest", str(folder), "--store", str(store), "-q"], tmp_path)[0] == 0
    draft = tmp_path / "draft\u202e\nOK — 0 finding(s).md"
    draft.write_text("# 简报\n\n## 一、港口\n\n\x1b]0;owned\x07吞吐量增长 12.5%\x1b[2J。\n", encoding="utf-8")
    rc, out, err, _, _ = run_cli(["check", str(draft), "--store", str(store)], tmp_path)
    assert rc == 1, out + err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    lines = out.splitlines()
    shown = f"{tmp_path}/draft\\u202e\\nOK — 0 finding(s).md"
    assert all(ln.startswith(shown + ":") for ln in lines), out  # every finding and the summary: one line each
    n = int(lines[-1].split(": ")[-1].split(" finding(s)")[0])
    assert n >= 2 and len(lines) == n + 1, out
    assert any("owned\\x07吞吐量增长 12.5%\\x1b[2J" in ln for ln in lines), out
