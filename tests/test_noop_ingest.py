"""The same corpus ingested again: answered from file stats before any reader, the verifier or the
ingest machinery is imported, with the same summary and SKIPPED lines as a full run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from index_fixtures import make_corpus


def _ingest(args, cwd=None):
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "draftbot.cli", "ingest", *args], capture_output=True,
                       text=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1"})
    modules = {m.group(1) for line in p.stderr.splitlines() if (m := re.search(r"\|\s*([\w.]+)$", line.rstrip()))}
    lines = [ln for ln in p.stderr.splitlines() if not ln.startswith("import time:")]
    return p, modules, lines


def _old(path, seconds=120):
    t = os.stat(path).st_mtime - seconds  # older than the racy window, so the stat cache keeps it
    os.utime(path, (t, t))


def test_second_ingest_of_an_unchanged_corpus_imports_no_reader_and_reports_the_same(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 6, sentences=8)
    (docs / "README.md").write_text("# 说明\n这里放当天的来源。\n", encoding="utf-8")
    (docs / "links.txt").write_text("https://www.stats.gov.cn/a.html\nhttps://www.gov.cn/b.html\n", encoding="utf-8")
    for f in docs.rglob("*"):
        _old(f)
    store = tmp_path / "store"
    first, mods1, err1 = _ingest([str(docs), "--store", str(store), "-q"])
    assert first.returncode == 0, first.stderr[-2000:]
    assert "added 6" in first.stdout
    second, mods2, err2 = _ingest([str(docs), "--store", str(store), "-q"])
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stdout.strip() == "added 0 · updated 0 · unchanged 6 · removed 0 · failed 0"
    skipped = sorted(ln for ln in err1 if ln.startswith("SKIPPED"))
    assert len(skipped) == 2 and skipped == sorted(ln for ln in err2 if ln.startswith("SKIPPED"))
    # the full run loaded readers and the verifier; the no-op run needs none of them
    assert {"draftbot.sources.loader", "draftbot.verify"} <= mods1
    heavy = {"draftbot.sources.loader", "draftbot.verify", "draftbot.index.ingest", "chromadb", "numpy"}
    assert not heavy & mods2, heavy & mods2


def test_an_edited_file_takes_the_full_path(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 4, sentences=6)
    for f in docs.rglob("*"):
        _old(f)
    store = tmp_path / "store"
    assert _ingest([str(docs), "--store", str(store), "-q"])[0].returncode == 0
    target = sorted(docs.rglob("*.md"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("。", "，另据统计产量增长百分之三。", 1), encoding="utf-8")
    _old(target)
    p, mods, _ = _ingest([str(docs), "--store", str(store), "-q"])
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.startswith("added 0 · updated 1 · unchanged 3"), p.stdout
    assert "draftbot.index.ingest" in mods
