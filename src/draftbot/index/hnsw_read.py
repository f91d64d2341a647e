"""Chroma's persisted HNSW index searched in place, without importing chromadb.

An embedded Chroma store keeps each collection's vectors in hnswlib's persisted format
(``chroma/<segment uuid>/``): ``header.bin`` (sizes, entry point, top level), ``data_level0.bin``
(per element: the base layer's link count and links, the unit-length vector, the label),
``link_lists.bin`` (per element in order: a byte count, then its links on levels 1..L) and
``index_metadata.pickle`` (label <-> id, written by Chroma after the files, with the sequence id
they hold recorded in SQLite's ``max_seq_id``). `Segment.search` runs hnswlib's ``searchKnn``
on those files (only the visited elements are read): the greedy descent from the
entry point through the upper levels, then the base-layer search with
``ef = max(ef_search, k)``, with the same priority queues (libc++'s heap: Chroma's native library
is built with clang, and which of equal distances survives follows its exact moves), the same
query normalisation and the same float32 inner product (four SSE lanes summed in order), so its
answer is Chroma's, ids and distances (bench: 354 queries at 10k and 100k chunks, identical).

Vectors written after the segment's last checkpoint (``embeddings_queue`` rows above its
``max_seq_id``; under 1,000 per collection, Chroma's ``sync_threshold``) are not in the files:
Chroma replays them into its in-memory graph at every open, in parallel and in hash-map order,
so its own answer then changes from one process to the next (1k-chunk bench store: 8 of 54
questions' top 80 the same across three runs). Here they are scored exactly, all of them, and
merged with the graph's answer. A delete still in the queue (a re-ingested source's old chunks)
marks its element deleted, as Chroma's replay does. `dense_query` returns None (the caller asks
Chroma) for anything else: a filter, an update still in the queue, a small index with deleted
elements, another space or dimension, a file that is not as expected.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
from array import array
from pathlib import Path

import numpy as np

from draftbot.index import hnsw_sidecar
from draftbot.index.hnsw_ids import ID_MAP, IdMap, SidecarIdMap, fixed_items

HEADER = struct.Struct("<iQQQQQQiIQQQdQ")  # version, offsetLevel0 ... ef_construction (100 bytes)
PERSISTENCE_VERSION = 1
SEGMENT_TYPE = "urn:chroma:segment/vector/hnsw-local-persisted"
ADD, UPDATE, UPSERT, DELETE = 0, 1, 2, 3  # embeddings_queue.operation
_DELETED = 0x01  # in the third byte of an element's base-layer link count
MAX_QUEUED = 5000  # Chroma checkpoints every 1,000 vectors; a longer queue (another sync_threshold): ask Chroma


class Segment:
    """One persisted HNSW segment's files, opened read-only (elements read as visited)."""

    def __init__(self, folder: Path, head: tuple, upper: "Upper") -> None:
        (_, _off0, _max, count, per_elem, label_off, data_off, maxlevel, entry, max_m, _max_m0, _m, _mult,
         _efc) = head
        self.count = int(count)
        self.maxlevel = int(maxlevel)
        self.entry = int(entry)
        self.dim = (label_off - data_off) // 4
        self._data_w = data_off // 4
        self._label_w = label_off // 4
        self._level_words = 1 + int(max_m)  # one upper level: a count word and maxM links
        self._upper, self._upper_words = upper.offsets, upper.words
        self._file = open(folder / "data_level0.bin", "rb")
        self._fd = self._file.fileno()
        self._row_bytes = per_elem
        self._rows: dict[int, np.ndarray] = {}  # element -> its record (uint32 words), as read

    def _row(self, node: int) -> np.ndarray:
        """One element's record, read with pread: memory-mapping the file made the kernel map 16
        neighbouring pages per element touched (+50 MB of RSS at 100k chunks for one query)."""
        row = self._rows.get(node)
        if row is None:
            raw = os.pread(self._fd, self._row_bytes, node * self._row_bytes)
            if len(raw) != self._row_bytes:
                raise ValueError("data_level0.bin: short read")
            row = self._rows[node] = np.frombuffer(raw, dtype=np.uint32)
        return row

    def is_deleted(self, node: int) -> bool:
        return bool((int(self._row(node)[0]) >> 16) & _DELETED)

    def deleted_count(self) -> int:
        """Elements marked deleted (reads every element's first word: the whole file)."""
        words = np.fromfile(self._file.name, dtype=np.uint32, count=self.count * (self._row_bytes // 4))
        first = words.reshape(self.count, -1)[:, 0]
        return int(np.count_nonzero((first >> np.uint32(16)) & np.uint32(_DELETED)))

    @classmethod
    def open(cls, folder: Path, upper_of=None) -> "Segment | None":
        """The segment in `folder`, or None when its files are missing or not as expected;
        `upper_of(count)`: its upper-level offsets when known (`hnsw_sidecar`; None: not known),
        else they are found in the file."""
        try:
            raw = (folder / "header.bin").read_bytes()
            if len(raw) != HEADER.size:
                return None
            head = HEADER.unpack(raw)
            (version, off0, _max, count, per_elem, label_off, data_off, maxlevel, entry, max_m, max_m0, _m, _mult,
             _efc) = head
            if version != PERSISTENCE_VERSION or off0 != 0 or count == 0 or entry >= count or maxlevel < 0:
                return None
            if data_off != 4 + 4 * max_m0 or label_off + 8 != per_elem or per_elem % 4 or (label_off - data_off) % 4:
                return None
            if (folder / "data_level0.bin").stat().st_size < count * per_elem:
                return None
            upper = upper_of(int(count)) if upper_of is not None else None
            if upper is None:
                upper = _upper_offsets(folder / "link_lists.bin", int(count), 4 + 4 * int(max_m))
            if upper is None:
                return None
            return cls(folder, head, upper)
        except (OSError, ValueError, struct.error):
            return None

    def close(self) -> None:
        self._rows = {}
        self._file.close()

    @property
    def upper_offsets(self):
        """Where each element's upper-level lists start in link_lists.bin (-1: none)."""
        return self._upper

    def label(self, node: int) -> int:
        row = self._row(node)
        return int(row[self._label_w]) | (int(row[self._label_w + 1]) << 32)

    def nodes_of(self, labels: list[int]) -> dict[int, int]:
        """{label: element} of these labels (hnswlib's label lookup, which it builds at load: the
        elements are numbered as inserted, in parallel batches, not in label order). The labels
        are read in blocks through one buffer (~30 ms at 100k; memory flat), up to the last found."""
        want = np.asarray(sorted(set(labels)), dtype=np.uint64)
        found: dict[int, int] = {}
        rows = 4096
        buf = bytearray(rows * self._row_bytes)
        words = self._row_bytes // 4
        start = 0
        while start < self.count and len(found) < len(want):
            m = min(rows, self.count - start)
            got = os.preadv(self._fd, [memoryview(buf)[: m * self._row_bytes]], start * self._row_bytes)
            if got != m * self._row_bytes:
                raise ValueError("data_level0.bin: short read")
            block = np.frombuffer(buf, dtype=np.uint32, count=m * words).reshape(m, words)
            lab = block[:, self._label_w].astype(np.uint64) | (block[:, self._label_w + 1].astype(np.uint64) << np.uint64(32))
            for i in np.flatnonzero(np.isin(lab, want)).tolist():
                found.setdefault(int(lab[i]), start + i)
            start += m
        return found

    def _links0(self, node: int) -> list[int]:
        row = self._row(node)
        return row[1 : 1 + (int(row[0]) & 0xFFFF)].tolist()

    def _links(self, node: int, level: int) -> list[int]:
        start = self._upper[node] + (level - 1) * self._level_words
        n = self._upper_words[start] & 0xFFFF
        return self._upper_words[start + 1 : start + 1 + n].tolist()

    def _dist(self, q: np.ndarray, nodes: list[int]) -> list[float]:
        vecs = np.stack([self._row(n)[self._data_w : self._data_w + self.dim] for n in nodes]).view(np.float32)
        return distances(q, vecs).tolist()

    # --- hnswlib's searchKnn -------------------------------------------------------------------
    def search(self, q: np.ndarray, k: int, ef_search: int, marked: set[int] = frozenset()) -> list[tuple[float, int]]:
        """The k nearest to the normalised query `q` as (distance, label), nearest first;
        `marked`: labels deleted since the files were written (as the file's own deleted ones;
        told by the label each element's record holds, read with its vector anyway)."""
        cur = self.entry
        curdist = self._dist(q, [cur])[0]
        for level in range(self.maxlevel, 0, -1):
            changed = True
            while changed:
                changed = False
                links = self._links(cur, level)
                for cand, d in zip(links, self._dist(q, links) if links else []):
                    if d < curdist:
                        curdist, cur, changed = d, cand, True
        top = self._base_layer(q, cur, max(ef_search, k), marked)
        while len(top) > k:
            _pop(top)
        return sorted((d, self.label(node)) for d, node in top)

    def _base_layer(self, q: np.ndarray, ep: int, ef: int, marked: set[int] = frozenset()) -> list:
        """searchBaseLayerST as Chroma calls it (always with a filter functor, which lets every
        label through: so the search stops only once `top` holds `ef` elements)."""
        deleted = (lambda n: self.is_deleted(n) or self.label(n) in marked) if marked else self.is_deleted
        visited = {ep}
        d0 = self._dist(q, [ep])[0]
        top: list = []  # max-heap on distance
        cand: list = []  # max-heap on -distance
        if deleted(ep):
            lower = float(np.finfo(np.float32).max)
        else:
            lower = d0
            _push(top, (d0, ep))
        _push(cand, (-lower, ep))
        while cand:
            negd, node = cand[0]
            if -negd > lower and len(top) == ef:
                break
            _pop(cand)
            links = []
            for c in self._links0(node):
                if c not in visited:
                    visited.add(c)
                    links.append(c)
            if not links:
                continue
            for c, d in zip(links, self._dist(q, links)):
                if len(top) < ef or lower > d:
                    _push(cand, (-d, c))
                    if not deleted(c):
                        _push(top, (d, c))
                    if len(top) > ef:
                        _pop(top)
                    if top:
                        lower = top[0][0]
        return top


def distances(q: np.ndarray, vecs: np.ndarray) -> np.ndarray:
    """hnswlib's InnerProductDistanceSIMD16ExtSSE in float32: 1 - the products summed in four
    lanes in order, the lanes then added left to right (Chroma's build has no AVX)."""
    prods = (vecs * q).reshape(len(vecs), -1, 4)
    lanes = np.add.reduce(prods, axis=1)  # not the reduced axis innermost: numpy adds in order
    return np.float32(1.0) - (((lanes[:, 0] + lanes[:, 1]) + lanes[:, 2]) + lanes[:, 3])


def normalize_query(vector) -> np.ndarray:
    """chroma_distance::normalize, as Chroma prepares a cosine query: the squares summed in order
    in float32, each component divided by (norm + 1e-32)."""
    v = np.ascontiguousarray(vector, dtype=np.float32).reshape(-1)
    norm = np.sqrt(np.cumsum(v * v, dtype=np.float32)[-1]) if v.size else np.float32(0)
    return (v / (np.float32(norm) + np.float32(1e-32))).astype(np.float32)


def _normalize_stored(vecs: np.ndarray) -> np.ndarray:
    """hnswlib's normalize_vector, as a vector is stored on insertion: x * (1 / (|x| + 1e-30))."""
    norms = np.sqrt(np.cumsum(vecs * vecs, axis=1, dtype=np.float32)[:, -1])
    return (vecs * (np.float32(1.0) / (norms + np.float32(1e-30)))[:, None]).astype(np.float32)


# libc++'s std::push_heap / std::pop_heap (Floyd's sift-down, which on equal keys takes the left
# child) with a comparator on the pair's first member only, as hnswlib's priority queues use.
def _push(heap: list, item: tuple) -> None:
    heap.append(item)
    _sift_up(heap, len(heap) - 1)


def _sift_up(heap: list, hole: int) -> None:
    item = heap[hole]
    value = item[0]
    while hole > 0:
        parent = (hole - 1) // 2
        if not heap[parent][0] < value:
            break
        heap[hole] = heap[parent]
        hole = parent
    heap[hole] = item


def _pop(heap: list) -> tuple:
    n = len(heap)
    top = heap[0]
    if n > 1:
        hole = child = 0
        while True:
            child = 2 * child + 1
            if child + 1 < n and heap[child][0] < heap[child + 1][0]:
                child += 1
            heap[hole] = heap[child]
            hole = child
            if child > (n - 2) // 2:
                break
        if hole != n - 1:
            heap[hole] = heap[n - 1]
            _sift_up(heap, hole)
    heap.pop()
    return top


class Upper:
    def __init__(self, offsets: array, words: array) -> None:
        self.offsets, self.words = offsets, words


def _upper_offsets(path: Path, count: int, level_bytes: int) -> Upper | None:
    """Where each element's upper-level lists start in link_lists.bin (in 4-byte words; -1 for
    an element on the base layer only). The file holds, per element in order, a byte count (a
    multiple of one level's `level_bytes`) and that many bytes; about 1 element in M has upper
    levels, the others are one zero word. So the walk jumps between the words that can be a
    count: the next one at or after a record's end is the next non-empty element's (a link that
    happens to look like a count lies inside a record, behind the walk)."""
    raw = path.read_bytes()
    if len(raw) % 4:
        return None
    w = np.frombuffer(raw, dtype="<u4")
    n = len(w)
    cands = np.flatnonzero((w != 0) & (w % level_bytes == 0) & (w <= level_bytes * 64)).tolist() + [n]
    words = array("I")
    words.frombytes(raw)
    offsets = array("q", [-1]) * count
    heads = []  # the count words found
    pos = i = k = 0
    while True:
        while cands[k] < pos:
            k += 1
        nxt = cands[k]
        i += nxt - pos  # elements with a zero count (base layer only)
        if nxt >= n or i >= count:
            break
        heads.append(nxt)
        offsets[i] = nxt + 1
        pos = nxt + 1 + words[nxt] // 4
        i += 1
        if pos > n:
            return None
    if i != count or nxt != n:
        return None
    # every word outside the records' lists must be an empty element's zero count
    mark = np.zeros(n + 1, dtype=np.int64)
    h = np.asarray(heads, dtype=np.int64)
    np.add.at(mark, h, 1)
    np.add.at(mark, h + 1 + w[h].astype(np.int64) // 4, -1)
    if w[np.cumsum(mark[:n]) == 0].any():
        return None
    return Upper(offsets, words)


# ---------------------------------------------------------------- the query


def dense_query(chroma_dir: Path, collection: str, vector, k: int) -> list[tuple[str, float]] | None:
    """Chroma's answer to an unfiltered cosine query of `collection` (ids, distances, nearest
    first), read from its files; None when this reader cannot give it (ask Chroma)."""
    return _answered(chroma_dir, collection, vector, k,
                     lambda q, ef_search, seg, idmap, tail: _answer(q, k, ef_search, seg, idmap, tail))


def dense_among(chroma_dir: Path, collection: str, vector, k: int, ids: list[str]) -> list[tuple[str, float]] | None:
    """A cosine query of `collection` filtered to `ids`, every one of them scored: (id, distance),
    nearest first, equal distances in label order. Chroma's filtered search of a set this small
    (a day's chunks) keeps every allowed element it reaches, so it gives these ids and distances
    (bench: 100k store, days of 40-165 chunks); which of equal distances at the k-th place it
    keeps follows its graph walk. None when this reader cannot answer (ask Chroma)."""
    return _answered(chroma_dir, collection, vector, k,
                     lambda q, _ef, seg, idmap, tail: _answer_among(q, k, seg, idmap, tail, ids))


def _answered(chroma_dir: Path, collection: str, vector, k: int, answer):
    """`answer(query, ef_search, segment, id map, queue tail)` on the opened collection, the
    segment closed after; None when it cannot be opened or a file changed or was damaged under
    us (Chroma says why)."""
    got = _open(chroma_dir, collection, vector) if k > 0 else None
    if got is None:
        return None
    seg, idmap = got[2], got[3]
    try:
        return answer(*got)
    except (OSError, ValueError, IndexError):
        return None
    finally:
        if seg is not None:
            seg.close()
        if idmap is not None:
            idmap.close()


def _open(chroma_dir: Path, collection: str, vector):
    """(normalised query, ef_search, segment or None, id map or None, queue tail) of a collection
    this reader can answer for, else None. The caller closes the segment."""
    db = chroma_dir / "chroma.sqlite3"
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        plan = _plan(con, collection)
        if plan is None:
            return None
        seg_id, ef_search, dim, applied, tail = plan
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None
    finally:
        con.close()
    q = normalize_query(vector)
    if q.size != dim:
        return None
    folder = chroma_dir / seg_id
    persisted = (folder / ID_MAP).is_file()
    if not persisted and applied:
        return None  # Chroma checkpointed this segment but its id map is gone: Chroma says why
    seg, idmap = _persisted(folder) if persisted else (None, None)
    if persisted and (seg is None or idmap is None or seg.dim != dim):
        if seg is not None:
            seg.close()
        return None
    return q, ef_search, seg, idmap, tail


def _persisted(folder: Path):
    """(segment, id map) of a checkpointed segment, from its sidecar while that is fresh."""
    side = hnsw_sidecar.load(folder)
    if side is not None:
        seg = Segment.open(folder, lambda count: _sidecar_upper(side, count))
        if seg is not None:
            try:
                return seg, SidecarIdMap(side)
            except (OSError, ValueError):
                seg.close()
    return Segment.open(folder), IdMap.read(folder / ID_MAP)


def _sidecar_upper(side: hnsw_sidecar.Sidecar, count: int) -> Upper | None:
    nodes, at = side.read("upper_nodes"), side.read("upper_at")
    if len(nodes) and int(nodes[-1]) >= count:
        return None
    offsets = np.full(count, -1, dtype=np.int64)
    offsets[nodes] = at
    words = array("I")
    words.frombytes((side.folder / "link_lists.bin").read_bytes())
    return Upper(offsets, words)


def refresh_sidecars(chroma_dir: Path) -> None:
    """Rewrite the sidecar of every persisted segment under `chroma_dir` whose files changed since
    it was written (an ingest's last step with Chroma). Best effort: a segment this cannot read
    keeps none, and its queries find what they need the long way."""
    try:
        folders = [p for p in chroma_dir.iterdir() if (p / ID_MAP).is_file()]
    except OSError:
        return
    for folder in folders:
        try:
            _refresh_sidecar(folder)
        except (OSError, ValueError):
            hnsw_sidecar.remove(folder)


def _refresh_sidecar(folder: Path) -> None:
    key = hnsw_sidecar.key_of(folder)
    if key is None or hnsw_sidecar.stored_key(folder) == key:
        return
    seg = Segment.open(folder)
    fixed = fixed_items((folder / ID_MAP).read_bytes())
    if seg is None or fixed is None:
        if seg is not None:
            seg.close()
        hnsw_sidecar.remove(folder)
        return
    offsets = np.asarray(seg.upper_offsets, dtype=np.int64)
    seg.close()
    labels = fixed.labels()
    rows = np.full(int(labels.max(initial=0)) + 1, -1, dtype="<i4")
    rows[labels] = np.arange(len(labels), dtype=np.int32)
    nodes = np.flatnonzero(offsets >= 0)
    ids = np.ascontiguousarray(fixed.items[:, 10:]).view(f"S{fixed.idlen}").ravel()
    hashes, order = hnsw_sidecar.id_hash_order(ids)
    hnsw_sidecar.write(folder, key, fixed.start, fixed.idlen, {
        "rows": rows, "upper_nodes": nodes.astype("<i4"), "upper_at": offsets[nodes].astype("<i8"),
        "id_hash": hashes.astype("<u4"), "hash_row": order.astype("<i4")})


def _plan(con: sqlite3.Connection, collection: str):
    """(vector segment id, ef_search, dimension, the sequence id its files hold, the queue rows
    after it) or None when the collection is not one this reader can answer for."""
    row = con.execute("SELECT id, dimension, schema_str FROM collections WHERE name = ?", (collection,)).fetchone()
    if row is None or row[1] is None:
        return None
    coll_id, dim, schema = row
    cfg = json.loads(schema or "{}")["keys"]["#embedding"]["float_list"]["vector_index"]["config"]
    if cfg.get("space") != "cosine" or not int(cfg["hnsw"]["ef_search"]) > 0:
        return None
    segs = con.execute("SELECT id, type FROM segments WHERE collection = ? AND scope = 'VECTOR'", (coll_id,)).fetchall()
    if len(segs) != 1 or segs[0][1] != SEGMENT_TYPE:
        return None
    seg_id = segs[0][0]
    got = con.execute("SELECT seq_id FROM max_seq_id WHERE segment_id = ?", (seg_id,)).fetchone()
    applied = int(got[0]) if got else 0
    topic = con.execute("SELECT topic FROM embeddings_queue WHERE topic LIKE ? LIMIT 1", (f"%/{coll_id}",)).fetchone()
    tail = []
    if topic is not None:
        tail = con.execute("SELECT operation, id, vector, encoding FROM embeddings_queue WHERE seq_id > ? AND topic = ? "
                           "ORDER BY seq_id LIMIT ?", (applied, topic[0], MAX_QUEUED + 1)).fetchall()
    return seg_id, int(cfg["hnsw"]["ef_search"]), int(dim), applied, tail


def _queued(tail: list, idmap: IdMap | None) -> tuple[list[str], list, set[int]] | None:
    """(ids, vectors) the queue adds after the files' checkpoint, and the labels of checkpointed
    elements it deletes (Chroma marks them deleted when it replays the queue: a re-ingested
    source's old chunks); None when it holds anything else (an update, or a vector under an id
    already held, changes the graph Chroma searches)."""
    if len(tail) > MAX_QUEUED:
        return None
    new_ids, new_vecs, gone = [], [], set()
    for op, id_, blob, enc in tail:
        if op == DELETE:
            if id_ in new_ids:
                at = new_ids.index(id_)
                del new_ids[at], new_vecs[at]
            elif idmap is not None and idmap.has_id(id_):
                gone.update(idmap.labels_of([id_]).values())
            continue
        if op not in (ADD, UPSERT) or enc != "FLOAT32" or blob is None or id_ in new_ids:
            return None
        if idmap is not None and idmap.has_id(id_):
            return None
        new_ids.append(id_)
        new_vecs.append(np.frombuffer(blob, dtype="<f4"))
    return new_ids, new_vecs, gone


def _answer(q, k, ef_search, seg: Segment | None, idmap: IdMap | None, tail: list) -> list[tuple[str, float]] | None:
    queued = _queued(tail, idmap)
    if queued is None:
        return None
    ranked: list[tuple[float, int, str]] = []
    gone = queued[2]
    if seg is not None:
        if seg.count < 125 and (gone or seg.deleted_count()):
            return None  # Chroma brute-forces a small index with many deleted: not this search
        for d, label in seg.search(q, k, ef_search, gone):
            id_ = idmap.id_of(label)
            if id_ is None:
                return None
            ranked.append((d, label, id_))
    if not _add_queued(ranked, q, queued, idmap, None):
        return None
    ranked.sort()
    return [(id_, d) for d, _, id_ in ranked[:k]]


def _answer_among(q, k, seg: Segment | None, idmap: IdMap | None, tail: list, ids: list[str]):
    queued = _queued(tail, idmap)
    if queued is None:
        return None
    ranked: list[tuple[float, int, str]] = []
    if seg is not None:
        labels = {i: label for i, label in idmap.labels_of(ids).items() if label not in queued[2]}
        where = seg.nodes_of(list(labels.values())) if labels else {}
        if len(where) != len(set(labels.values())):
            return None  # an id the map holds with no element: Chroma says why
        nodes = [where[label] for label in labels.values()]
        if any(seg.is_deleted(node) for node in nodes):
            return None
        if nodes:
            ranked += [(d, label, id_) for (id_, label), d in zip(labels.items(), seg._dist(q, nodes))]
    if not _add_queued(ranked, q, queued, idmap, set(ids)):
        return None
    ranked.sort()
    return [(id_, d) for d, _, id_ in ranked[:k]]


def _add_queued(ranked: list, q, queued: tuple[list[str], list], idmap: IdMap | None, only: set | None) -> bool:
    """Score the queue's vectors into `ranked` (those of `only`, if given); False: not answerable."""
    new_ids, new_vecs = queued[0], queued[1]
    if not new_vecs:
        return True
    mat = np.vstack(new_vecs)
    if mat.shape[1] != q.size:
        return False
    base = idmap.total_added if idmap is not None else 0
    for i, d in enumerate(distances(q, _normalize_stored(mat)).tolist()):
        if only is None or new_ids[i] in only:
            ranked.append((d, base + 1 + i, new_ids[i]))  # the label Chroma gives it on replay
    return True
