"""The local file keeps no vector for the offline hash embedder (a function of the text): readers
recompute it, and get exactly the vector Chroma holds."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np

from draftbot.config import load_settings
from draftbot.index import lexstore, localdb
from draftbot.index.ingest import ingest
from draftbot.index.lexindex import read_manifest
from draftbot.index.store import open_store

REPO = Path(__file__).resolve().parent.parent


def _store(tmp_path: Path, name: str) -> Path:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        corpus.mkdir()
        for f in sorted((REPO / "corpus").glob("2026-06-04_*.md"))[:4]:
            shutil.copy(f, corpus / f.name)
    store = tmp_path / name
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        ingest([corpus], st)
    return store


def _local_vectors(store: Path) -> dict:
    root = store / "lexical"
    con = sqlite3.connect(root / localdb.FILE)
    ids = [c for (c,) in con.execute("SELECT id FROM chunks ORDER BY id")]
    con.close()
    reader = localdb.Reader.open(root, read_manifest(root)["key"])
    got = reader.vectors(ids)
    reader.close()
    assert set(got) == set(ids) and len(ids) > 10
    return {c: got[c][1] for c in ids}


def test_hash_vectors_are_recomputed_bit_for_bit(tmp_path, monkeypatch):
    new = _store(tmp_path, "new")
    con = sqlite3.connect(new / "lexical" / localdb.FILE)
    stored = con.execute("SELECT COUNT(vec) FROM chunks").fetchone()[0]
    spec = con.execute("SELECT v FROM info WHERE k='vectors'").fetchone()[0]
    con.close()
    assert stored == 0 and spec.startswith("hash:")

    monkeypatch.setattr(lexstore, "_hash_dim", lambda store: None)  # the previous file: vectors kept
    old = _store(tmp_path, "old")
    con = sqlite3.connect(old / "lexical" / localdb.FILE)
    assert con.execute("SELECT COUNT(vec) = COUNT(*) FROM chunks").fetchone()[0] == 1
    con.close()
    want, got = _local_vectors(old), _local_vectors(new)
    assert want.keys() == got.keys() and all(np.array_equal(want[c], got[c]) for c in want)


def test_a_stored_vector_is_read_as_stored(tmp_path):
    root = tmp_path
    w = localdb.Writer(root, hash_dim=4)
    odd = np.array([0.5, 0.5, 0.5, 0.5, 0.0], dtype=np.float32)  # not the hash dimension: kept
    w.add_source("s", {"date": ""}, "", [("s:0000", "一二三", {"source_id": "s"}, odd)])
    w.commit({"token": "t", "chunks": 1, "sources": 1})
    r = localdb.Reader.open(root, {"token": "t", "chunks": 1, "sources": 1})
    assert np.array_equal(r.vectors(["s:0000"])["s:0000"][1], odd)
    r.close()
