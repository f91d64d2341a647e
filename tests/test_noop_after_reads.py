"""A no-op re-ingest keeps its fast path after read commands: a read opens Chroma (which touches
its database file) but writes no data, and the fast path compares what Chroma committed, not
file times. Whole CLI processes, as a writer's day runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from index_fixtures import write_source  # noqa: F401 - used through _corpus

from test_index_lexstore import _aged_corpus

PROBE = (
    "import sys;from pathlib import Path;from draftbot.config import load_settings;"
    "from draftbot.index.store import open_store;from draftbot.index.ingest import ingest;"
    "st=open_store(load_settings(store={store!r}),write=True);r=ingest([Path({docs!r})],st);"
    "print(r.unchanged, r.added, 'chromadb' not in sys.modules)"  # Chroma never opened
)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "draftbot.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})


def _noop(store: Path, docs: Path) -> list[str]:
    code = PROBE.format(store=str(store), docs=str(docs))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def test_noop_ingest_after_search_and_sources_skips_chroma(tmp_path):
    docs, store = tmp_path / "docs", tmp_path / "store"
    _aged_corpus(docs, 5)
    assert _cli("ingest", "--store", str(store), str(docs), "-q").returncode == 0
    db = store / "chroma" / "chroma.sqlite3"
    before = db.stat().st_mtime_ns
    assert _cli("search", "--store", str(store), "生成文档", "--mode", "hybrid").returncode == 0
    assert _cli("sources", "--store", str(store), "--json").returncode == 0
    # the reads may touch Chroma's database file; the fast path must not care
    assert _noop(store, docs) == ["5", "0", "True"], f"mtime moved: {db.stat().st_mtime_ns != before}"


def test_a_write_outside_ingest_still_takes_the_full_path(tmp_path):
    from draftbot.config import load_settings
    from draftbot.index.store import open_store

    docs, store = tmp_path / "docs", tmp_path / "store"
    _aged_corpus(docs, 3)
    assert _cli("ingest", "--store", str(store), str(docs), "-q").returncode == 0
    with open_store(load_settings(store=store), write=True) as st:
        victim = st.sources()[0]
        st.chunks_col.delete(ids=[f"{victim.id}:0001"])  # a lost write the stat cache never saw
    out = _noop(store, docs)
    assert out[2] == "False"  # Chroma's committed sequence moved: the full path runs and repairs
