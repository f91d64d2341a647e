"""What a cold dense query needs from a persisted HNSW segment's two whole-file structures,
computed once after an ingest's writes instead of at every query.

`hnsw_read` answers a query by visiting a few hundred elements, but two lookups depend on the
whole of a file: where an element's upper-level links start in ``link_lists.bin`` (variable-length
records in element order) and which id a label has in ``index_metadata.pickle`` (a hash map in no
order). At 100k chunks, finding them costs a cold `search` ~25 ms, most of what grows with the
store. The writer (`refresh`, called when an ingest lets go of Chroma) keeps them beside the
segment in ``draftbot-read.bin``, keyed by the size and mtime of the files they were derived from;
a reader (`load`) uses them only while that key holds, and checks each id it reads against its
label, so a stale or damaged file costs the old way's time, never a wrong answer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from draftbot.index import hnsw_read
from draftbot.index.hnsw_read import ID_MAP, IdMap, Segment, Upper

NAME = "draftbot-read.bin"
_FILES = ("header.bin", "link_lists.bin", ID_MAP)
_VERSION = 1


def _key(folder: Path) -> str | None:
    try:
        stats = [os.stat(folder / f) for f in _FILES]
    except OSError:
        return None
    return json.dumps([_VERSION, [[s.st_size, s.st_mtime_ns, s.st_ino] for s in stats]])


def _id_hashes(ids: np.ndarray) -> np.ndarray:
    """Sorted hashes of the fixed-width ids (bytes rows): `_id_hash` of each, in numpy."""
    cols = ids.view(np.uint8).reshape(len(ids), -1).astype(np.uint32)
    h = np.zeros(len(ids), dtype=np.uint32)
    for j in range(cols.shape[1]):
        h = h * np.uint32(_P) + cols[:, j]
    return np.sort(h)


def _id_hash(id_: bytes) -> int:
    h = 0
    for b in id_:
        h = (h * _P + b) & 0xFFFFFFFF
    return h


_P = 16777619  # FNV's prime: any odd multiplier spreads ids that differ in one character


def refresh(chroma_dir: Path) -> None:
    """Rewrite the sidecar of every persisted segment under `chroma_dir` whose files changed
    since it was written. Best effort: a segment this cannot read keeps no sidecar."""
    try:
        folders = [p for p in chroma_dir.iterdir() if (p / ID_MAP).is_file()]
    except OSError:
        return
    for folder in folders:
        try:
            _refresh_one(folder)
        except (OSError, ValueError):
            (folder / NAME).unlink(missing_ok=True)


def _refresh_one(folder: Path) -> None:
    key = _key(folder)
    if key is None or (_header(folder) or {}).get("key") == key:
        return
    seg = Segment.open(folder)
    fixed = hnsw_read.fixed_items((folder / ID_MAP).read_bytes())
    if seg is None or fixed is None:
        (folder / NAME).unlink(missing_ok=True)
        return
    try:
        offsets = np.asarray(seg.upper_offsets, dtype=np.int64)
    finally:
        seg.close()
    labels = fixed.labels()
    rows = np.full(int(labels.max(initial=0)) + 1, -1, dtype="<i4")
    rows[labels] = np.arange(len(labels), dtype=np.int32)
    nodes = np.flatnonzero(offsets >= 0)
    ids = np.ascontiguousarray(fixed.items[:, 10:]).view(f"S{fixed.idlen}").ravel()
    arrays = {"rows": rows, "upper_nodes": nodes.astype("<i4"), "upper_at": offsets[nodes].astype("<i8"),
              "id_hash": _id_hashes(ids).astype("<u4")}
    _write(folder, key, fixed, arrays)


def _write(folder: Path, key: str, fixed, arrays: dict) -> None:
    """The header (one JSON line, padded to `_HEAD` bytes: where each array lies) and the arrays."""
    at, where = _HEAD, {}
    for name, arr in arrays.items():
        where[name] = [at, len(arr), arr.dtype.str]
        at += arr.nbytes
    head = json.dumps({"key": key, "start": fixed.start, "idlen": fixed.idlen, "arrays": where}).encode()
    if len(head) >= _HEAD:
        raise ValueError("sidecar header too long")
    tmp = folder / (NAME + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(head.ljust(_HEAD, b" "))
        for arr in arrays.values():
            fh.write(arr.tobytes())
    if _key(folder) == key:  # Chroma did not write meanwhile
        os.replace(tmp, folder / NAME)
    else:
        tmp.unlink(missing_ok=True)


_HEAD = 1024


def _header(folder: Path) -> dict | None:
    try:
        with open(folder / NAME, "rb") as fh:
            return json.loads(fh.read(_HEAD))
    except (OSError, ValueError):
        return None


class Sidecar:
    """A fresh sidecar of one segment, its arrays read as needed (a query reads a few labels'
    rows, not the table)."""

    def __init__(self, folder: Path, head: dict) -> None:
        self.folder = folder
        self.start, self.idlen = int(head["start"]), int(head["idlen"])
        self._where = head["arrays"]

    def _read(self, name: str, first: int = 0, count: int | None = None) -> np.ndarray:
        at, n, dtype = self._where[name]
        dt = np.dtype(dtype)
        count = n - first if count is None else count
        if not (0 <= first and 0 <= count and first + count <= n):
            raise ValueError(f"sidecar: {name}[{first}:{first + count}] out of range")
        with open(self.folder / NAME, "rb") as fh:
            raw = os.pread(fh.fileno(), count * dt.itemsize, at + first * dt.itemsize)
        if len(raw) != count * dt.itemsize:
            raise ValueError("sidecar: short read")
        return np.frombuffer(raw, dtype=dt)

    def upper(self, count: int) -> Upper | None:
        from array import array

        nodes, at = self._read("upper_nodes"), self._read("upper_at")
        if len(nodes) and int(nodes[-1]) >= count:
            return None
        offsets = np.full(count, -1, dtype=np.int64)
        offsets[nodes] = at
        words = array("I")
        words.frombytes((self.folder / "link_lists.bin").read_bytes())
        return Upper(offsets, words)

    def id_hashes(self) -> np.ndarray:
        return self._read("id_hash")

    def id_map(self) -> "SidecarIdMap":
        return SidecarIdMap(self)


def load(folder: Path) -> Sidecar | None:
    """The segment's sidecar while the files it was derived from are unchanged, else None."""
    key = _key(folder)
    head = _header(folder) if key is not None else None
    if head is None or head.get("key") != key:
        return None
    try:
        return Sidecar(folder, head)
    except (KeyError, TypeError, ValueError):
        return None


class SidecarIdMap:
    """`hnsw_read.IdMap`'s answers from the sidecar: a label's id read from its place in the
    pickle (its label checked there); anything needing every id reads the whole map once."""

    def __init__(self, side: Sidecar) -> None:
        self._side = side
        self._full: IdMap | None = None
        self._hashes: np.ndarray | None = None
        self._rows: np.ndarray | None = None
        self._pickle = None
        with open(side.folder / ID_MAP, "rb") as fh:
            self.total_added = hnsw_read._total_added(fh.read(200))
        if self.total_added is None:
            raise ValueError("index_metadata.pickle: no total_elements_added")

    def _whole(self) -> IdMap:
        if self._full is None:
            self._full = IdMap.read(self._side.folder / ID_MAP)
            if self._full is None:
                raise ValueError("index_metadata.pickle: unreadable")
        return self._full

    def id_of(self, label: int) -> str | None:
        side = self._side
        if self._rows is None:
            self._rows = side._read("rows")  # 4 bytes a label: one read, not one per hit
            self._pickle = open(side.folder / ID_MAP, "rb")
        if not 0 <= label < len(self._rows) or self._rows[label] < 0:
            return None
        item = 10 + side.idlen
        at = hnsw_read.item_offset(side.start, side.idlen, int(self._rows[label]))
        raw = os.pread(self._pickle.fileno(), item, at)
        if (len(raw) != item or raw[0:1] != b"J" or int.from_bytes(raw[1:5], "little", signed=True) != label
                or raw[5:6] != b"X" or int.from_bytes(raw[6:10], "little") != side.idlen):
            raise ValueError("index_metadata.pickle: changed under its sidecar")
        return raw[10:].decode("utf-8")

    def close(self) -> None:
        if self._pickle is not None:
            self._pickle.close()
            self._pickle = None

    def labels_of(self, ids: list[str]) -> dict[str, int]:
        return self._whole().labels_of(ids)

    def has_id(self, id_: str) -> bool:
        raw = id_.encode("utf-8")
        if len(raw) != self._side.idlen:
            return False  # every held id has the map's one length
        if self._hashes is None:
            self._hashes = self._side.id_hashes()
        h = _id_hash(raw)
        i = int(np.searchsorted(self._hashes, h))
        if i == len(self._hashes) or int(self._hashes[i]) != h:
            return False  # no id with its hash: certainly not held
        return self._whole().has_id(id_)
