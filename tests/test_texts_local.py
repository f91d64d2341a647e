"""An embedded store's chunk texts live only in `lexical/local.sqlite` (not in Chroma): an ingest
killed between two write rounds (SIGKILL, no cleanup) leaves every committed source's texts
there, so the next reader and the next ingest work without `--repair`."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from index_fixtures import filler_corpus

from draftbot.config import load_settings
from draftbot.index.store import open_store

CLI = [sys.executable, "-c", "from draftbot.cli import main; main()"]


def corpus(folder: Path, n: int) -> Path:
    return filler_corpus(folder, n, steps=(5, 7), paras=30, words=24, tail=lambda i, j: f"，共计{i * 11 + j}万辆。",
                         title="文本文档", publisher="统计局", date=lambda i: f"2026-05-{1 + i % 28:02d}")


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, env=env)


def local_sources(store: Path) -> int:
    db = store / "lexical" / "local.sqlite"
    if not db.is_file():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return con.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("kill_after", [1, 60])
def test_an_ingest_killed_between_rounds_leaves_every_committed_text(tmp_path, kill_after):
    docs = corpus(tmp_path / "corpus", 200)
    store = tmp_path / "store"
    env = {**os.environ, "DRAFTBOT_STORE": str(store), "DRAFTBOT_INGEST_BATCH": "48", "NO_COLOR": "1"}
    p = subprocess.Popen([*CLI, "ingest", str(docs), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env, start_new_session=True)
    deadline = time.monotonic() + 300
    while local_sources(store) < kill_after and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert p.poll() is None, "ingest finished before it could be killed: make the corpus bigger"
    os.killpg(p.pid, signal.SIGKILL)
    p.communicate(timeout=30)

    hits = run("search", "新能源汽车", "-k", "3", "--json", env=env)  # the reader refreshes the local file
    assert hits.returncode == 0 and "--repair" not in hits.stderr, hits.stderr
    with open_store(load_settings(store=store), write=True) as st:
        committed = st.sources()
        assert committed or kill_after == 1, "nothing was committed before the kill"  # (rounds before the last are)
        for rec in committed:  # read through Chroma: each chunk's text comes from the local file
            assert st.source_text(rec.id).strip(), rec.id
        got = st.chunks_col.get(include=["documents"], limit=20)
        assert all(d is None for d in got["documents"])  # Chroma holds no text
    again = run("ingest", str(docs), "-q", env=env)
    assert again.returncode == 0, again.stderr
    counts = dict(part.split() for part in again.stdout.splitlines()[0].split(" · "))
    assert int(counts["added"]) + int(counts["unchanged"]) == 200 and int(counts["unchanged"]) == len(committed)
    listed = run("sources", "--json", env=env)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 200
