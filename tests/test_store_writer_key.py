"""An ingest's store key before its first write comes from draftbot's own files while Chroma's
commit stamp says nothing wrote since (no Chroma count), and is read from Chroma again once the
stamps differ or the process writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from draftbot.config import load_settings
from draftbot.index.ingest import ingest
from draftbot.index.store import open_store

REPO = Path(__file__).resolve().parent.parent
FILES = ["2026-06-04_nbs-consumption.md", "2026-06-04_nbs-new-industrialization.md",
         "2026-05-19_nbs-april-industrial-output.md"]


def _corpus(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(REPO / "corpus" / n, folder / n)
    return folder


def _chroma_key(store: Path, monkeypatch) -> dict:
    monkeypatch.setenv("DRAFTBOT_LOCAL_READS", "0")
    with open_store(load_settings(store=store)) as st:
        key = st.key()
    monkeypatch.delenv("DRAFTBOT_LOCAL_READS")
    return key


def test_a_writer_key_comes_from_its_own_files_until_it_writes(tmp_path, monkeypatch):
    store = tmp_path / "store"
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        ingest([_corpus(tmp_path / "a", FILES[:2])], st)
    want = _chroma_key(store, monkeypatch)
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        assert st.key() == want and st._conn is None  # answered without connecting Chroma
        ingest([_corpus(tmp_path / "b", FILES[2:])], st)
        after = st.key()
    assert after == _chroma_key(store, monkeypatch) and after != want and after["sources"] == 3


def test_a_stamp_that_differs_sends_the_writer_to_chroma(tmp_path, monkeypatch):
    store = tmp_path / "store"
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        ingest([_corpus(tmp_path / "a", FILES[:2])], st)
        before = st.key()
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        st.chunks_col.delete(ids=[st.chunk_ids()[0]])  # a write draftbot's files never saw
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        assert st.key()["chunks"] == before["chunks"] - 1
