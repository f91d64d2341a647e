"""The sidecar written after an ingest's writes changes how fast a cold dense query starts, never
its answer: with it, without it, stale or damaged, `hnsw_read` gives Chroma's ids and distances
(or leaves the answer to Chroma)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from draftbot.index import hnsw_ids, hnsw_read, hnsw_sidecar

DIM = 16


def _client(path):
    import chromadb
    from chromadb.config import Settings

    return chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False, allow_reset=False))


@pytest.fixture()
def synced(tmp_path):
    """1,400 vectors (a checkpoint at 1,000 or more, the rest queued) and their collection."""
    root = tmp_path / "chroma"
    rng = np.random.default_rng(21)
    vecs = rng.normal(size=(1400, DIM)).astype(np.float32)
    vecs[1300:] = vecs[:100]  # equal distances: the tie-breaking is exercised
    col = _client(root).get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"c{i:06d}" for i in range(1400)], embeddings=vecs)
    (folder,) = [p for p in root.iterdir() if (p / hnsw_read.ID_MAP).is_file()]
    return root, folder, col, rng


def _chroma(col, q, k):
    got = col.query(query_embeddings=[q], n_results=k, include=["distances"])
    return [(i, np.float32(d)) for i, d in zip(got["ids"][0], got["distances"][0])]


def _mine(root, q, k):
    got = hnsw_read.dense_query(root, "vecs", q, k)
    return None if got is None else [(i, np.float32(d)) for i, d in got]


def test_answers_with_the_sidecar_are_chromas(synced):
    root, folder, col, rng = synced
    hnsw_read.refresh_sidecars(root)
    assert hnsw_sidecar.load(folder) is not None
    for q in rng.normal(size=(25, DIM)).astype(np.float32):
        for k in (1, 10, 80):
            assert _mine(root, q, k) == _chroma(col, q, k)


def test_the_sidecar_is_what_the_query_reads(synced, monkeypatch):
    """With a fresh sidecar the whole id map and the link-list scan are not read."""
    root, folder, col, rng = synced
    hnsw_read.refresh_sidecars(root)
    monkeypatch.setattr(hnsw_ids.IdMap, "read", classmethod(lambda cls, path: pytest.fail("whole map read")))
    monkeypatch.setattr(hnsw_read, "_upper_offsets", lambda *a: pytest.fail("link lists scanned"))
    q = rng.normal(size=DIM).astype(np.float32)
    assert _mine(root, q, 10) == _chroma(col, q, 10)


def test_a_stale_sidecar_is_not_used(synced, monkeypatch):
    root, folder, col, rng = synced
    hnsw_read.refresh_sidecars(root)
    col.add(ids=[f"d{i:06d}" for i in range(1200)], embeddings=rng.normal(size=(1200, DIM)).astype(np.float32))
    assert hnsw_sidecar.load(folder) is None  # Chroma checkpointed again: the files changed
    q = rng.normal(size=DIM).astype(np.float32)
    assert _mine(root, q, 30) == _chroma(col, q, 30)
    hnsw_read.refresh_sidecars(root)
    assert hnsw_sidecar.load(folder) is not None
    assert _mine(root, q, 30) == _chroma(col, q, 30)


def test_a_damaged_sidecar_never_gives_a_wrong_id(synced):
    """Rows that point at other items (a sidecar written for another map): every id read is
    checked against its label, so the answer is Chroma's or left to Chroma."""
    root, folder, col, rng = synced
    hnsw_read.refresh_sidecars(root)
    side = folder / hnsw_sidecar.NAME
    head = hnsw_sidecar._header(folder)
    at, n, _ = head["arrays"]["rows"]
    rows = np.frombuffer(side.read_bytes()[at : at + 4 * n], dtype="<i4").copy()
    live = np.flatnonzero(rows >= 0)
    rows[live] = np.roll(rows[live], 1)
    st = os.stat(side)
    with open(side, "r+b") as fh:
        fh.seek(at)
        fh.write(rows.tobytes())
    os.utime(side, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert hnsw_sidecar.load(folder) is not None  # the key still holds: only the content is wrong
    q = rng.normal(size=DIM).astype(np.float32)
    assert _mine(root, q, 10) in (None, _chroma(col, q, 10))


def test_queued_ids_are_told_apart_from_held_ones(synced):
    root, folder, col, rng = synced
    hnsw_read.refresh_sidecars(root)
    idmap = hnsw_ids.SidecarIdMap(hnsw_sidecar.load(folder))
    held = hnsw_ids.IdMap.read(folder / hnsw_read.ID_MAP)
    for id_ in ["c000000", "c000999", "c001399", "x000001", "c1", "c0000000"]:
        assert idmap.has_id(id_) == held.has_id(id_)
    # a held id's label is found by its hash, without the whole map
    probe = ["c000000", "c000999", "c000500", "x000001", "c1"]
    assert idmap.labels_of(probe) == held.labels_of(probe)


def test_deletes_in_the_queue_are_answered_with_the_sidecar(synced, monkeypatch):
    """A re-ingested source's old chunks deleted after the checkpoint: Chroma's answer, the
    deleted ids found by their hashes (the whole id map never read)."""
    root, folder, col, rng = synced
    qs = rng.normal(size=(12, DIM)).astype(np.float32)
    gone = sorted({i for q in qs[:4] for i, _ in _chroma(col, q, 6) if i < "c001000"})[:10]
    col.delete(ids=gone)
    hnsw_read.refresh_sidecars(root)
    monkeypatch.setattr(hnsw_ids.IdMap, "read", classmethod(lambda cls, path: pytest.fail("whole map read")))
    for q in qs:
        for k in (5, 40):
            got = _mine(root, q, k)
            assert got == _chroma(col, q, k) and not {i for i, _ in got} & set(gone)


def test_an_upsert_of_a_held_id_is_left_to_chroma(synced):
    root, folder, col, rng = synced
    hnsw_read.refresh_sidecars(root)
    # an upsert of an id the files hold changes the graph: the answer is left to Chroma
    col.upsert(ids=["c000003"], embeddings=[rng.normal(size=DIM).astype(np.float32)])
    assert hnsw_read.dense_query(root, "vecs", rng.normal(size=DIM).astype(np.float32), 5) is None


def test_ids_of_another_length_are_read_the_old_way(tmp_path):
    """A map whose ids differ in length has no fixed layout: no sidecar, the same answers."""
    root = tmp_path / "chroma"
    rng = np.random.default_rng(2)
    col = _client(root).get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"v{i}" for i in range(1100)], embeddings=rng.normal(size=(1100, DIM)).astype(np.float32))
    hnsw_read.refresh_sidecars(root)
    assert not list(root.glob(f"*/{hnsw_sidecar.NAME}"))
    q = rng.normal(size=DIM).astype(np.float32)
    assert _mine(root, q, 10) == _chroma(col, q, 10)
