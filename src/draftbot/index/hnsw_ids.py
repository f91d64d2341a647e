"""Chroma's label <-> id map of a persisted HNSW segment (``index_metadata.pickle``), read without
importing chromadb: whole (`IdMap.read`), or through the segment's sidecar a label at a time
(`SidecarIdMap`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import numpy as np

from draftbot.index import hnsw_sidecar

ID_MAP = hnsw_sidecar.ID_MAP


class IdMap:
    """Chroma's label -> id map (``index_metadata.pickle``, written by serde_pickle)."""

    def __init__(self, labels: np.ndarray, id_at, total_added: int, all_ids, find=None) -> None:
        self.total_added = int(total_added)
        self._id_at = id_at  # row -> id
        self._all_ids = all_ids  # () -> every id (for the queue's checks only)
        self._labels = labels
        self._find = find  # ids -> {id: row} of those held (None: through every id)
        self._row = np.full(int(labels.max(initial=0)) + 1, -1, dtype=np.int64)
        self._row[labels] = np.arange(len(labels))
        self._id_set: set[str] | None = None

    def id_of(self, label: int) -> str | None:
        if not 0 <= label < len(self._row) or self._row[label] < 0:
            return None
        return self._id_at(int(self._row[label]))

    def labels_of(self, ids: list[str]) -> dict[str, int]:
        """{id: label} of those of `ids` the map holds."""
        if self._find is not None:
            rows = self._find(ids)
        else:
            want = set(ids)
            rows = {id_: r for r, id_ in enumerate(self._all_ids()) if id_ in want}
        return {id_: int(self._labels[r]) for id_, r in rows.items()}

    def close(self) -> None:
        """Nothing held open (the sidecar's map holds a file)."""

    def has_id(self, id_: str) -> bool:
        if self._id_set is None:
            self._id_set = set(self._all_ids())
        return id_ in self._id_set

    @classmethod
    def read(cls, path: Path) -> "IdMap | None":
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        return _fast_id_map(raw) or _pickled_id_map(raw)


class FixedItems(NamedTuple):
    """The label -> id map's items when its ids all have one length (draftbot's chunk ids do):
    the pickle is then a fixed-stride run of ``J <label> X <len> <id>`` items in SETITEMS batches
    of 1,000, each batch closed and the next opened by ``u(``."""

    start: int  # byte offset of the first item
    idlen: int
    items: np.ndarray  # one row of bytes per item (without the separators)

    @property
    def item(self) -> int:
        return 10 + self.idlen

    def offset(self, row: int) -> int:
        return item_offset(self.start, self.idlen, row)

    def labels(self) -> np.ndarray:
        return self.items[:, 1:5].copy().view("<i4").ravel().astype(np.int64)


BATCH = 1000


def item_offset(start: int, idlen: int, row: int) -> int:
    """Where item `row` of a fixed-stride map starts in the pickle."""
    item = 10 + idlen
    return start + (row // BATCH) * (BATCH * item + 2) + (row % BATCH) * item


def fixed_items(raw: bytes) -> FixedItems | None:
    """The map's items read with numpy, every marker byte checked; None for any other shape."""
    key = b"X\x0b\x00\x00\x00label_to_id}("
    start = raw.find(key)
    end = raw.find(b"uX\x0c\x00\x00\x00id_to_seq_id", start)
    if start < 0 or end < 0:
        return None
    p = start + len(key)
    if raw[p : p + 1] != b"J" or raw[p + 5 : p + 6] != b"X":
        return None
    idlen = int.from_bytes(raw[p + 6 : p + 10], "little")
    item, batch = 10 + idlen, BATCH
    chunk = batch * item + 2  # a full batch and the "u(" that closes it and opens the next
    full, rest = divmod(end - p, chunk)
    if rest % item or not 0 < rest // item <= batch:
        return None
    n = full * batch + rest // item
    buf = np.frombuffer(raw, dtype=np.uint8)
    # the items without the 2-byte separators, one row each
    spans = [buf[p + b * chunk : p + b * chunk + batch * item] for b in range(full)]
    spans.append(buf[p + full * chunk : p + full * chunk + rest])
    items = np.concatenate(spans).reshape(n, item)
    seps = p + np.arange(1, full + 1) * chunk - 2
    if not (np.all(items[:, 0] == ord("J")) and np.all(items[:, 5] == ord("X"))
            and np.all(buf[seps] == ord("u")) and np.all(buf[seps + 1] == ord("("))
            and np.all(items[:, 6:10].copy().view("<u4") == idlen)):
        return None
    return FixedItems(p, idlen, items)


def _fast_id_map(raw: bytes) -> IdMap | None:
    """The map read through `fixed_items` (anything else is left to `_pickled_id_map`)."""
    total = _total_added(raw)
    fixed = fixed_items(raw) if total is not None else None
    if fixed is None:
        return None
    idlen, items = fixed.idlen, fixed.items
    labels = fixed.labels()
    if labels.min(initial=0) < 0:
        return None

    def id_at(row: int) -> str:
        at = fixed.offset(row) + 10
        return raw[at : at + idlen].decode("utf-8")

    def find(ids: list[str]) -> dict[str, int]:
        held = np.ascontiguousarray(items[:, 10:]).view(f"S{idlen}").ravel()
        want = np.array([i.encode("utf-8") for i in ids if len(i.encode("utf-8")) == idlen], dtype=f"S{idlen}")
        rows = np.flatnonzero(np.isin(held, want))
        return {held[r].decode("utf-8"): int(r) for r in rows}

    return IdMap(labels, id_at, total, lambda: [id_at(r) for r in range(len(items))], find)


def _total_added(raw: bytes) -> int | None:
    key = b"X\x14\x00\x00\x00total_elements_addedJ"
    i = raw.find(key, 0, 200)
    if i < 0:
        return None
    return int.from_bytes(raw[i + len(key) : i + len(key) + 4], "little", signed=True)


def _pickled_id_map(raw: bytes) -> IdMap | None:
    """The map read by a data-only unpickler: Chroma writes it with serde_pickle (dicts, ints,
    strings), and a store folder may come from anyone, so a pickle naming any class or function
    (the way a pickle runs code) is refused, never loaded."""
    import io
    import pickle

    class DataOnly(pickle.Unpickler):
        def find_class(self, module, name):
            raise pickle.UnpicklingError(f"{module}.{name}: not plain data")

    try:
        data = DataOnly(io.BytesIO(raw)).load()
        pairs = data["label_to_id"]
        labels = np.fromiter(pairs.keys(), dtype=np.int64, count=len(pairs))
        ids = [str(v) for v in pairs.values()]
        return IdMap(labels, ids.__getitem__, int(data["total_elements_added"]), lambda: ids)
    except Exception:  # any other shape: not a map this reader knows
        return None


_FEW = 256  # ids looked up one by one (by hash) at most; more: the whole map is read


class SidecarIdMap:
    """`IdMap`'s answers from the segment's sidecar: a label's id read from its place in the
    pickle (its label checked there); anything needing every id reads the whole map once."""

    def __init__(self, side: hnsw_sidecar.Sidecar) -> None:
        self._side = side
        self._full: IdMap | None = None
        self._hashes: np.ndarray | None = None
        self._hash_rows: np.ndarray | None = None
        self._rows: np.ndarray | None = None
        self._pickle = None
        with open(side.folder / ID_MAP, "rb") as fh:
            self.total_added = _total_added(fh.read(200))
        if self.total_added is None:
            raise ValueError("index_metadata.pickle: no total_elements_added")

    def _whole(self) -> IdMap:
        if self._full is None:
            self._full = IdMap.read(self._side.folder / ID_MAP)
            if self._full is None:
                raise ValueError("index_metadata.pickle: unreadable")
        return self._full

    def id_of(self, label: int) -> str | None:
        if self._rows is None:
            self._rows = self._side.read("rows")  # 4 bytes a label: one read, not one per hit
        if not 0 <= label < len(self._rows) or self._rows[label] < 0:
            return None
        got, raw = self._item(int(self._rows[label]))
        if got != label:
            raise ValueError("index_metadata.pickle: changed under its sidecar")
        return raw.decode("utf-8")

    def _item(self, row: int) -> tuple[int, bytes]:
        """(label, id bytes) of the pickle's `row`-th item, its shape checked."""
        side = self._side
        if self._pickle is None:
            self._pickle = open(side.folder / ID_MAP, "rb")
        item = 10 + side.idlen
        raw = os.pread(self._pickle.fileno(), item, item_offset(side.start, side.idlen, row))
        if len(raw) != item or raw[0:1] != b"J" or raw[5:6] != b"X" or int.from_bytes(raw[6:10], "little") != side.idlen:
            raise ValueError("index_metadata.pickle: changed under its sidecar")
        return int.from_bytes(raw[1:5], "little", signed=True), raw[10:]

    def _label_of(self, id_: str) -> int | None:
        """The label of a held id, found by its hash (the few items with that hash read and
        compared), or None when the map does not hold it."""
        raw = id_.encode("utf-8")
        if len(raw) != self._side.idlen:
            return None  # every held id has the map's one length
        if self._hashes is None:
            self._hashes = self._side.read("id_hash")
        h = hnsw_sidecar.id_hash(raw)
        lo = int(np.searchsorted(self._hashes, h, side="left"))
        hi = int(np.searchsorted(self._hashes, h, side="right"))
        if lo == hi:
            return None  # no id with its hash: certainly not held
        if self._hash_rows is None:
            self._hash_rows = self._side.read("hash_row")
        for row in self._hash_rows[lo:hi].tolist():
            label, held = self._item(int(row))
            if held == raw:
                return label
        return None

    def close(self) -> None:
        if self._pickle is not None:
            self._pickle.close()
            self._pickle = None

    def labels_of(self, ids: list[str]) -> dict[str, int]:
        if len(ids) > _FEW:
            return self._whole().labels_of(ids)  # one pass over the map beats many small reads
        return {id_: label for id_ in ids if (label := self._label_of(id_)) is not None}

    def has_id(self, id_: str) -> bool:
        return self._label_of(id_) is not None
