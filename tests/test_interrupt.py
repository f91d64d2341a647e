"""Ctrl-C: the first SIGINT stops a command within 2 s, exit 130, one line and no traceback, and
the store is left usable (a real `draftbot ingest` in a subprocess, its whole process group signalled
as a terminal does)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from index_fixtures import filler_corpus

from tests.chains_fixtures import llm_store  # noqa: F401  (fixture: the sample corpus, ingested)

CLI = [sys.executable, "-c", "from draftbot.cli import main; main()"]


def corpus(folder: Path, n: int) -> Path:
    return filler_corpus(folder, n, steps=(7, 3), paras=40, words=30, tail=lambda i, j: f"，规模为{i * 13 + j}亿元。",
                         title="测试文档", publisher="测试局")


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, **kw)


def test_first_ctrl_c_during_ingest_stops_in_2s_with_130_and_leaves_the_store_usable(tmp_path):
    docs = corpus(tmp_path / "corpus", 300)
    p = subprocess.Popen([*CLI, "ingest", str(docs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    # wait until it writes to the store (the stage line on stderr), then a little more
    first = p.stderr.readline()
    while first.startswith("draftbot: tiktoken"):  # the one-line notice where encodings are absent
        first = p.stderr.readline()
    assert "index" in first or "load" in first, first
    time.sleep(1.0)
    assert p.poll() is None, "ingest finished before it could be interrupted: make the corpus bigger"
    t0 = time.monotonic()
    os.killpg(p.pid, signal.SIGINT)
    try:
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    took = time.monotonic() - t0
    assert p.returncode == 130, (p.returncode, err)
    assert took < 2.0, f"took {took:.2f}s to stop"
    assert "Traceback" not in err and "Exception" not in err, err
    assert err.strip().splitlines()[-1] == "draftbot: error: interrupted"
    # the store is intact: the next ingest completes, keeping what was written
    again = run("ingest", str(docs))
    assert again.returncode == 0, again.stderr
    counts = dict(part.split() for part in again.stdout.splitlines()[0].split(" · "))
    assert int(counts["added"]) + int(counts["unchanged"]) == 300 and counts["failed"] == "0", again.stdout
    hits = run("search", "新能源汽车", "-k", "1", "--json")
    assert hits.returncode == 0 and "测试文档" in hits.stdout


def test_first_ctrl_c_while_a_model_call_hangs_stops_a_draft_in_2s(tmp_path, llm_store):
    from fakeserver import FakeLLMServer, Hang

    with FakeLLMServer(model="m") as server:
        server.responder = lambda body: Hang(30)
        env = {**os.environ, "DRAFTBOT_STORE": str(llm_store), "OPENAI_API_KEY": "sk-test"}
        out = tmp_path / "d.md"
        p = subprocess.Popen([*CLI, "draft", "--date", "2026-06-04", "--backend", "openai", "--base-url",
                              server.base_url, "--model", "m", "-o", str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while not server.chat_requests() and time.monotonic() < deadline:  # a model call is in flight
            time.sleep(0.1)
        assert server.chat_requests(), "no model call was made"
        t0 = time.monotonic()
        os.killpg(p.pid, signal.SIGINT)
        try:
            _, err = p.communicate(timeout=30)
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
        took = time.monotonic() - t0
    assert p.returncode == 130 and took < 2.0, (p.returncode, took, err)
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "draftbot: error: interrupted"
    assert not out.exists()  # nothing half-written


def test_ingest_with_several_prepare_workers_and_no_tokenizer_files_says_nothing_about_tokens(tmp_path):
    """Chunking never needs tiktoken's encodings (a deterministic estimate sizes chunks), so an
    ingest with a pool of prepare workers where they are absent prints no tokenizer notice."""
    docs = corpus(tmp_path / "corpus", 64)  # 4 tasks of 16 files: every worker gets one
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path / "no-encodings"), "DRAFTBOT_INGEST_WORKERS": "3",
           "DRAFTBOT_INGEST_PARALLEL_MIN": "1", "DRAFTBOT_STORE": str(tmp_path / "store"),
           # a download attempt fails at once instead of reaching the network
           "HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    (tmp_path / "no-encodings").mkdir()
    r = subprocess.run([*CLI, "ingest", str(docs)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "tiktoken" not in r.stderr and "token" not in r.stderr.lower(), r.stderr
    assert "" not in r.stderr.splitlines(), r.stderr  # no interleaved half-lines either
