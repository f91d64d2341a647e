"""What a cold dense query needs from a persisted HNSW segment's two whole-file structures,
kept beside the segment after an ingest's writes instead of found at every query.

`hnsw_read` answers a query by visiting a few hundred elements, but two lookups depend on the
whole of a file: where an element's upper-level links start in ``link_lists.bin`` (variable-length
records in element order) and which id a label has in ``index_metadata.pickle`` (a hash map in no
order): finding them was most of what a cold `search` spent in proportion to the store.
`hnsw_read.refresh_sidecars` (called when an ingest lets go of Chroma) writes them here, in
``draftbot-read.bin``, keyed by the size and mtime of the files they were derived from (a copy
that keeps its times, `cp -a`, keeps it valid); a reader uses them only while that key holds
(`load`), and `hnsw_ids.SidecarIdMap` checks each id it reads against its label, so a stale or
damaged sidecar costs the old way's time, never a wrong answer.

This module is the file format only: one JSON header line padded to `_HEAD` bytes (the key, where
each array lies) and the arrays, read a slice at a time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

NAME = "draftbot-read.bin"
ID_MAP = "index_metadata.pickle"
_FILES = ("header.bin", "link_lists.bin", ID_MAP)
_VERSION = 2  # 2: `hash_row`, each sorted hash's item (a held id's label without the whole map)
_HEAD = 1024
_P = 16777619  # FNV's prime: any odd multiplier spreads ids that differ in one character


def key_of(folder: Path) -> str | None:
    """The stats of the files a sidecar is derived from (None: one is missing)."""
    try:
        stats = [os.stat(folder / f) for f in _FILES]
    except OSError:
        return None
    return json.dumps([_VERSION, [[s.st_size, s.st_mtime_ns] for s in stats]])


def id_hash_order(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the sorted `id_hash` of each fixed-width id of a bytes array, computed in numpy; the
    index of the id each sorted hash is of)."""
    cols = ids.view(np.uint8).reshape(len(ids), -1).astype(np.uint32)
    h = np.zeros(len(ids), dtype=np.uint32)
    for j in range(cols.shape[1]):
        h = h * np.uint32(_P) + cols[:, j]
    order = np.argsort(h, kind="stable")
    return h[order], order


def id_hash(id_: bytes) -> int:
    h = 0
    for b in id_:
        h = (h * _P + b) & 0xFFFFFFFF
    return h


def stored_key(folder: Path) -> str | None:
    return (_header(folder) or {}).get("key")


def write(folder: Path, key: str, start: int, idlen: int, arrays: dict[str, np.ndarray]) -> None:
    """Write the sidecar atomically, unless the segment's files changed since `key` was taken."""
    at, where = _HEAD, {}
    for name, arr in arrays.items():
        where[name] = [at, len(arr), arr.dtype.str]
        at += arr.nbytes
    head = json.dumps({"key": key, "start": start, "idlen": idlen, "arrays": where}).encode()
    if len(head) >= _HEAD:
        raise ValueError("sidecar header too long")
    tmp = folder / (NAME + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(head.ljust(_HEAD, b" "))
        for arr in arrays.values():
            fh.write(arr.tobytes())
    if key_of(folder) == key:  # Chroma did not write meanwhile
        os.replace(tmp, folder / NAME)
    else:
        tmp.unlink(missing_ok=True)


def remove(folder: Path) -> None:
    (folder / NAME).unlink(missing_ok=True)


def _header(folder: Path) -> dict | None:
    try:
        with open(folder / NAME, "rb") as fh:
            return json.loads(fh.read(_HEAD))
    except (OSError, ValueError):
        return None


class Sidecar:
    """A fresh sidecar of one segment; its arrays are read as needed."""

    def __init__(self, folder: Path, head: dict) -> None:
        self.folder = folder
        self.start, self.idlen = int(head["start"]), int(head["idlen"])
        self._where = head["arrays"]

    def read(self, name: str) -> np.ndarray:
        at, n, dtype = self._where[name]
        dt = np.dtype(dtype)
        with open(self.folder / NAME, "rb") as fh:
            raw = os.pread(fh.fileno(), n * dt.itemsize, at)
        if len(raw) != n * dt.itemsize:
            raise ValueError("sidecar: short read")
        return np.frombuffer(raw, dtype=dt)


def load(folder: Path) -> Sidecar | None:
    """The segment's sidecar while the files it was derived from are unchanged, else None."""
    key = key_of(folder)
    head = _header(folder) if key is not None else None
    if head is None or head.get("key") != key:
        return None
    try:
        return Sidecar(folder, head)
    except (KeyError, TypeError, ValueError):
        return None
