"""The `ingest` and `search` commands as real subprocesses: output, exit codes, SIGKILL, two writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from index_fixtures import make_corpus, write_source

from draftbot.config import load_settings
from draftbot.index.lock import StoreLock
from draftbot.index.store import open_store

DRAFTBOT = [sys.executable, "-m", "draftbot.cli"]


def run(args, env=None, **kw):
    return subprocess.run(DRAFTBOT + args, capture_output=True, text=True, env=env or os.environ.copy(), timeout=120, **kw)


def test_ingest_summary_failed_lines_and_exit_codes(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 3, sentences=5)
    (docs / "broken.pdf").write_bytes(b"not a pdf at all")
    r = run(["ingest", str(docs)])
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "added 3 · updated 0 · unchanged 0 · removed 0 · failed 1"
    assert len(lines) == 2 and lines[1].startswith("FAILED ") and "broken.pdf: " in lines[1]
    assert "Traceback" not in r.stderr
    (docs / "broken.pdf").unlink()
    r = run(["ingest", str(docs), "--quiet"])
    assert (r.returncode, r.stdout.strip(), r.stderr) == (0, "added 0 · updated 0 · unchanged 3 · removed 0 · failed 0", "")


def test_search_json_and_errors(tmp_path):
    docs = tmp_path / "docs"
    write_source(docs, "a.md", "新型工业化报告", "2025年新能源汽车产量达到1652万辆。集成电路产量4843亿块。", url="https://e.cn/a")
    write_source(docs, "b.md", "消费报告", "社会消费品零售总额50.1万亿元。", date="2026-06-03")
    r = run(["search", "新能源汽车"])
    assert r.returncode == 2 and "no sources yet" in r.stderr and "Traceback" not in r.stderr
    assert run(["ingest", str(docs), "-q"]).returncode == 0
    r = run(["search", "新能源汽车产量", "--json", "-k", "2"])
    hits = json.loads(r.stdout)
    assert hits[0]["title"] == "新型工业化报告" and hits[0]["date"] == "2026-06-04" and hits[0]["publisher"] == "国家统计局"
    for h in hits:
        assert {"title", "publisher", "date", "path", "score", "text", "chunk_id", "source_id", "start", "end"} <= set(h)
    r = run(["search", "零售总额", "--json", "--date", "2026-06-04"])
    assert all(h["date"] == "2026-06-04" for h in json.loads(r.stdout))
    r = run(["search", "零售总额", "--since", "2026-06-05"])
    assert r.returncode == 0 and r.stdout == ""
    r = run(["search", "x", "--date", "June 4"])
    assert r.returncode == 2 and r.stderr.strip() == "draftbot: error: --date 'June 4' is not a date: expected YYYY-MM-DD"
    r = run(["search", "x", "--chroma-url", "http://127.0.0.1:9"])
    assert r.returncode == 2 and r.stderr.startswith("draftbot: error: Chroma server at http://127.0.0.1:9 not reachable")


def _wait_for_line(proc, needle: str, timeout: float = 60) -> list[str]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"never saw {needle!r}; stderr so far: {seen}")


def test_sigkill_mid_ingest_then_rerun_is_consistent(tmp_path):
    N = 600  # enough write rounds that the kill lands mid-way however fast the machine
    docs = tmp_path / "docs"
    make_corpus(docs, N, sentences=12)
    env = {**os.environ, "DRAFTBOT_INGEST_BATCH": "32"}  # many small write rounds: the kill lands mid-way
    proc = subprocess.Popen(DRAFTBOT + ["ingest", str(docs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _wait_for_line(proc, "index")
    time.sleep(0.7)
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    settings = load_settings()
    with open_store(settings) as st:
        committed = len(st.sources())
        orphans = {c.rsplit(":", 1)[0] for c in st.chunk_ids()} - st.source_ids()
    print(f"\nafter SIGKILL: {committed} of {N} sources committed, {len(orphans)} sources with orphan chunks")
    assert committed < N

    r = run(["ingest", str(docs), "-q"])
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"added {N - committed} · updated 0 · unchanged {committed} ·")
    with open_store(settings) as st:
        recs = st.sources()
        assert len(recs) == N and len({r.path for r in recs}) == N
        ids = st.chunk_ids()
        assert len(ids) == len(set(ids))
        assert {c.rsplit(":", 1)[0] for c in ids} == {r.id for r in recs}  # no orphans
        assert len(ids) == sum(r.chunks + 1 for r in recs)  # body chunks + one meta chunk per source


def test_two_concurrent_ingests_serialise(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_corpus(a, 200, sentences=12)
    for i in range(20):
        write_source(b, f"b{i}.md", f"另一组文档{i}", f"第{i}份材料说明数据要素试点进展。编号B{i}。")
    slow = {**os.environ, "DRAFTBOT_INGEST_BATCH": "32"}
    first = subprocess.Popen(DRAFTBOT + ["ingest", str(a)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=slow)
    _wait_for_line(first, "index")  # it holds the store lock from here on
    second = subprocess.Popen(DRAFTBOT + ["ingest", str(b)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out2, err2 = second.communicate(timeout=180)
    out1, _ = first.communicate(timeout=180)
    assert first.returncode == 0 and second.returncode == 0, err2
    assert "waiting for another draftbot process using" in err2
    assert out1.startswith("added 200 ·") and out2.startswith("added 20 ·")
    with open_store(load_settings()) as st:
        assert len(st.sources()) == 220
        assert {c.rsplit(":", 1)[0] for c in st.chunk_ids()} == st.source_ids()


def test_lock_timeout_is_a_clear_error(tmp_path):
    store = Path(os.environ["DRAFTBOT_STORE"])
    store.mkdir(parents=True)
    lock = StoreLock(store, exclusive=True)
    lock.acquire()
    try:
        docs = tmp_path / "docs"
        make_corpus(docs, 1, sentences=3)
        r = run(["ingest", str(docs)], env={**os.environ, "DRAFTBOT_LOCK_TIMEOUT": "0.5"})
    finally:
        lock.release()
    assert r.returncode == 2
    assert f"waiting for another draftbot process using {store}" in r.stderr
    assert f"draftbot: error: store {store} is busy" in r.stderr and "Traceback" not in r.stderr
