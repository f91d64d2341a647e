"""hnsw_read answers a dense query from Chroma's own persisted HNSW files exactly as Chroma does
(same ids, same float32 distances, equal distances broken the same way), scores vectors still in
Chroma's queue exactly, and says "ask Chroma" (None) when it cannot give Chroma's answer."""

from __future__ import annotations

import numpy as np
import pytest

from draftbot.index import hnsw_ids, hnsw_read

DIM = 16


def _client(path):
    import chromadb
    from chromadb.config import Settings

    return chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False, allow_reset=False))


def _vectors(rng, n: int) -> np.ndarray:
    base = rng.normal(size=(n, DIM)).astype(np.float32)
    base[n - 150 :] = base[:150]  # duplicates: equal distances, so the tie-breaking is exercised
    return base


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    """A collection of 1,300 vectors added in one call (Chroma checkpoints its index after 1,000)."""
    root = tmp_path_factory.mktemp("hnsw") / "chroma"
    rng = np.random.default_rng(5)
    vecs = _vectors(rng, 1300)
    client = _client(root)
    col = client.get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"v{i:05d}" for i in range(len(vecs))], embeddings=vecs)
    assert _checkpointed(root)
    return root, col, rng


def _checkpointed(root) -> bool:
    return any((p / hnsw_read.ID_MAP).is_file() for p in root.iterdir() if p.is_dir())


def _chroma_answer(col, q: np.ndarray, k: int) -> list[tuple[str, float]]:
    got = col.query(query_embeddings=[q], n_results=k, include=["distances"])
    return list(zip(got["ids"][0], got["distances"][0]))


def test_persisted_index_answers_as_chroma(chroma):
    root, col, rng = chroma
    queries = list(rng.normal(size=(40, DIM)).astype(np.float32))
    queries += [col.get(ids=["v00003"], include=["embeddings"])["embeddings"][0]]  # a duplicated vector
    for k in (1, 10, 64, 150):
        for q in queries:
            mine = hnsw_read.dense_query(root, "vecs", q, k)
            theirs = _chroma_answer(col, q, k)
            assert mine is not None
            assert [i for i, _ in mine] == [i for i, _ in theirs]
            assert [np.float32(d) for _, d in mine] == [np.float32(d) for _, d in theirs]


def test_queued_vectors_are_scored_and_found(tmp_path):
    root = tmp_path / "chroma"
    rng = np.random.default_rng(9)
    client = _client(root)
    col = client.get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"v{i:05d}" for i in range(1200)], embeddings=_vectors(rng, 1200))
    assert _checkpointed(root)
    late = rng.normal(size=(30, DIM)).astype(np.float32)
    col.add(ids=[f"late{i}" for i in range(30)], embeddings=late)  # below the checkpoint threshold: queued
    for i in (0, 7, 29):
        got = hnsw_read.dense_query(root, "vecs", late[i], 10)
        assert got[0][0] == f"late{i}" and got[0][1] < 1e-6
    q = rng.normal(size=DIM).astype(np.float32)
    got = hnsw_read.dense_query(root, "vecs", q, 20)
    dists = [d for _, d in got]
    assert dists == sorted(dists) and len({i for i, _ in got}) == 20
    # every queued vector nearer than the 20th answer is among the answers
    unit = late / np.linalg.norm(late, axis=1, keepdims=True)
    exact = 1 - unit @ (q / np.linalg.norm(q))
    assert {f"late{i}" for i in np.flatnonzero(exact < dists[-1] - 1e-6)} <= {i for i, _ in got}


def test_a_small_collection_with_nothing_checkpointed_is_scored_exactly(tmp_path):
    root = tmp_path / "chroma"
    rng = np.random.default_rng(3)
    vecs = rng.normal(size=(200, DIM)).astype(np.float32)
    col = _client(root).get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"v{i:03d}" for i in range(200)], embeddings=vecs)
    q = rng.normal(size=DIM).astype(np.float32)
    got = hnsw_read.dense_query(root, "vecs", q, 15)
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    exact = np.argsort(1 - unit @ (q / np.linalg.norm(q)), kind="stable")[:15]
    assert [i for i, _ in got] == [f"v{i:03d}" for i in exact]


def _synced_collection(tmp_path, seed: int):
    """(folder, collection, its rng, a query) of 1,100 random vectors, past Chroma's sync threshold:
    answered from the persisted files."""
    root = tmp_path / "chroma"
    rng = np.random.default_rng(seed)
    col = _client(root).get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"v{i:05d}" for i in range(1100)], embeddings=rng.normal(size=(1100, DIM)).astype(np.float32))
    q = rng.normal(size=DIM).astype(np.float32)
    assert hnsw_read.dense_query(root, "vecs", q, 5) is not None
    return root, col, rng, q


def test_changes_still_queued_leave_the_answer_to_chroma(tmp_path):
    root, col, rng, q = _synced_collection(tmp_path, seed=4)
    col.upsert(ids=["v00001"], embeddings=[rng.normal(size=DIM).astype(np.float32)])  # a new vector for a known id
    assert hnsw_read.dense_query(root, "vecs", q, 5) is None
    assert hnsw_read.dense_query(root, "no-such-collection", q, 5) is None
    assert hnsw_read.dense_query(root, "vecs", q[:8], 5) is None  # another dimension


def test_deletes_still_queued_are_marked_deleted_as_chroma_replays_them(tmp_path):
    """A re-ingested source deletes its old chunks: the queue holds deletes (and the new chunks'
    adds) until Chroma's next checkpoint; the answer is still Chroma's, without the deleted."""
    root, col, rng, q = _synced_collection(tmp_path, seed=8)
    queries = [q] + list(rng.normal(size=(30, DIM)).astype(np.float32))
    near = {i for qq in queries[:6] for i, _ in _chroma_answer(col, qq, 8)}
    gone = sorted(near)[:25]
    col.delete(ids=gone)
    fresh = _client(root).get_collection("vecs")  # a new client replays the queue, as a new process
    for k in (1, 10, 40):
        for qq in queries:
            mine = hnsw_read.dense_query(root, "vecs", qq, k)
            theirs = _chroma_answer(fresh, qq, k)
            assert mine is not None and not {i for i, _ in mine} & set(gone)
            assert [i for i, _ in mine] == [i for i, _ in theirs]
            assert [np.float32(d) for _, d in mine] == [np.float32(d) for _, d in theirs]
    # a filtered query among ids leaves the deleted out too
    got = hnsw_read.dense_among(root, "vecs", q, 5, [gone[0], "v00002", "v00003"])
    assert got is not None and [i for i, _ in got] and gone[0] not in {i for i, _ in got}


def test_damaged_files_leave_the_answer_to_chroma(tmp_path):
    root, col, rng, q = _synced_collection(tmp_path, seed=6)
    (folder,) = [p for p in root.iterdir() if (p / "index_metadata.pickle").is_file()]
    links = folder / "link_lists.bin"
    links.write_bytes(links.read_bytes()[:-4])
    assert hnsw_read.dense_query(root, "vecs", q, 5) is None
    data = folder / "data_level0.bin"
    data.write_bytes(data.read_bytes()[:1000])
    assert hnsw_read.dense_query(root, "vecs", q, 5) is None


def test_heap_breaks_ties_as_libcxx():
    """Equal keys: libc++'s pop takes the left child (Floyd's sift-down), so after popping the
    top of [9, 5a, 5b, 1] the left 5 (a) is the next top."""
    heap: list = []
    for item in [(9, "top"), (5, "a"), (5, "b"), (1, "low")]:
        hnsw_read._push(heap, item)
    assert hnsw_read._pop(heap) == (9, "top")
    assert hnsw_read._pop(heap) == (5, "a")
    assert hnsw_read._pop(heap) == (5, "b")


def test_an_id_map_that_would_run_code_is_refused_not_loaded(tmp_path):
    """A store folder may come from anyone: a pickle naming a function (how a pickle runs code)
    is never unpickled; the map's plain-data form still reads."""
    import pickle

    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    evil = pickle.dumps({"label_to_id": {1: "a"}, "total_elements_added": 1, "x": Evil()})
    assert hnsw_ids._pickled_id_map(evil) is None
    assert not marker.exists()
    plain = hnsw_ids._pickled_id_map(pickle.dumps({"label_to_id": {3: "c", 1: "a"}, "total_elements_added": 2}))
    assert plain is not None and plain.id_of(3) == "c" and plain.id_of(1) == "a" and plain.id_of(2) is None


@pytest.mark.parametrize("size", [12, 60, 95])
def test_a_query_among_a_few_ids_answers_as_chroma(chroma, size):
    """A filter to fewer elements than ef_search (a day's chunks): Chroma's filtered walk keeps
    every one it reaches; read here, every one is scored, with the same distances and order."""
    hits = 0
    root, col, rng = chroma
    pick = sorted(rng.choice(1300, size=size, replace=False).tolist() + [3, 1153])  # 1153 duplicates 3
    ids = [f"v{i:05d}" for i in dict.fromkeys(pick)]
    for q in rng.normal(size=(15, DIM)).astype(np.float32):
        for k in (5, len(ids)):
            got = col.query(query_embeddings=[q], n_results=k, ids=ids, include=["distances"])
            theirs = list(zip(got["ids"][0], got["distances"][0]))
            mine = hnsw_read.dense_among(root, "vecs", q, k, ids + ["not-held"])
            assert [np.float32(d) for _, d in mine] == [np.float32(d) for _, d in theirs]
            # the same ids, but for which of two equal distances at the k-th place is kept
            last = np.float32(mine[-1][1])
            assert {i for i, d in mine if np.float32(d) < last} == {i for i, d in theirs if np.float32(d) < last}
            hits += [i for i, _ in mine] == [i for i, _ in theirs]
    assert hits >= 25  # of 30: only a tie at the cut (the duplicated pair) may differ


def test_a_query_among_ids_scores_the_queued_ones_too(tmp_path):
    root = tmp_path / "chroma"
    rng = np.random.default_rng(11)
    col = _client(root).get_or_create_collection("vecs", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    col.add(ids=[f"v{i:05d}" for i in range(1100)], embeddings=_vectors(rng, 1100))
    late = rng.normal(size=(20, DIM)).astype(np.float32)
    col.add(ids=[f"late{i}" for i in range(20)], embeddings=late)  # queued, not in the files
    ids = [f"v{i:05d}" for i in range(0, 1100, 50)] + [f"late{i}" for i in range(0, 20, 2)]
    q = late[4]
    got = hnsw_read.dense_among(root, "vecs", q, 40, ids)
    assert got[0][0] == "late4" and got[0][1] < 1e-6
    assert {i for i, _ in got} == set(ids)
    assert [d for _, d in got] == sorted(d for _, d in got)
