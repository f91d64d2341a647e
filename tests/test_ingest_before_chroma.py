"""Ingest starts preparing before it opens Chroma: an embedded writer answers its key, analyzer and
embedder from its own files (a new store: from the defaults), the prepare worker forks before
chromadb is imported, and the store it writes is the one an inline ingest writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from index_fixtures import make_corpus

from draftbot.config import load_settings
from draftbot.errors import UserError
from draftbot.index.embedder_spec import NEW_STORE_DIM
from draftbot.index.ingest import ingest
from draftbot.index.lexical import DEFAULT_ANALYZER
from draftbot.index.store import open_store

# Run in a child: what it imported, and when it forked, is the behaviour under test.
_INGEST = """
import json, os, sys
from pathlib import Path
forks = []
os.register_at_fork(before=lambda: forks.append("chromadb" in sys.modules))
from draftbot.config import load_settings
from draftbot.index.store import open_store
from draftbot.index.ingest import ingest
with open_store(load_settings(store=sys.argv[1]), write=True) as st:
    seen = {"key": st.key(), "analyzer": st.analyzer, "dim": getattr(st.embedder, "dim", None),
            "chromadb_before_ingest": "chromadb" in sys.modules}
    rep = ingest([Path(p) for p in sys.argv[2:]], st)
print(json.dumps({**seen, "added": rep.added, "unchanged": rep.unchanged, "forks": forks,
                  "key_after": st.key()}))
"""


def _run(store, *folders, workers: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTBOT_INGEST_")}
    if workers is not None:
        env["DRAFTBOT_INGEST_WORKERS"] = workers
    out = subprocess.run([sys.executable, "-c", _INGEST, str(store), *map(str, folders)],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def _rows(store) -> tuple:
    with open_store(load_settings(store=store)) as st:
        rows = sorted((cid, doc, tuple(sorted(m.items()))) for cid, doc, m in st.chunk_rows(include_documents=True))
        recs = sorted((r.id, r.title, r.path, r.chunks) for r in st.sources())
        return rows, recs


def test_a_new_store_is_prepared_while_chroma_opens_and_matches_an_inline_ingest(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 12, sentences=20)  # below PARALLEL_MIN: one worker
    got = _run(tmp_path / "pooled", docs, workers="2")
    assert got["key"] == {"token": "", "chunks": 0, "sources": 0}
    assert got["analyzer"] == DEFAULT_ANALYZER and got["dim"] == NEW_STORE_DIM
    assert got["chromadb_before_ingest"] is False
    assert got["forks"] and not any(got["forks"])  # every fork came before chromadb was imported
    assert got["added"] == 12 and got["key_after"]["sources"] == 12 and got["key_after"]["chunks"] > 12
    inline = _run(tmp_path / "inline", docs, workers="0")
    assert inline["forks"] == [] and inline["added"] == 12
    assert _rows(tmp_path / "pooled") == _rows(tmp_path / "inline")


def test_a_day_into_an_existing_store_is_prepared_before_chroma_opens(tmp_path):
    docs, day = tmp_path / "docs", tmp_path / "day"
    make_corpus(docs, 9, sentences=10)
    first = _run(tmp_path / "store", docs)
    for i, src in enumerate(sorted(docs.glob("*.md"))):  # nine new sources: other texts, other names
        (day / src.name).parent.mkdir(parents=True, exist_ok=True)
        (day / f"new-{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n新增段落{i}。\n", encoding="utf-8")
    got = _run(tmp_path / "store", docs, day)
    assert got["key"] == first["key_after"]  # from the manifest, stamped with what Chroma committed
    assert got["chromadb_before_ingest"] is False and got["forks"] and not any(got["forks"])
    assert got["added"] == 9 and got["unchanged"] == 9
    assert got["key_after"]["sources"] == 18 and got["key_after"]["token"] != first["key_after"]["token"]


def test_a_store_built_with_another_hash_dimension_is_still_refused(tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 3, sentences=5)
    _run(tmp_path / "store", docs)
    (docs / "extra.md").write_text("---\ntitle: 另一份\ndate: 2026-06-05\n---\n\n正文增长5%。\n", encoding="utf-8")
    with open_store(load_settings(store=tmp_path / "store", embedder="hash:512"), write=True) as st:
        with pytest.raises(UserError, match="embedder"):
            ingest([docs], st)
