"""Persisted BM25 index: flat numpy arrays beside the store, memory-mapped at query time.

Scores are exactly those of `lexical.BM25` (same formula, same operation order, same tie-break by
position), so ranking does not change; only where the postings come from does. Layout, under
``<store>/lexical/`` (for a Chroma server: the local store folder, one subfolder per server URL):

- ``manifest.json``: format, analyzer, the segments in order, the dead (removed) sources of each,
  the publisher and kind vocabularies, and the *key* it was built for (store token, chunk and
  source counts). A key that does not match the store means the index is stale: it is refreshed
  (server) or rebuilt from Chroma (embedded), never used.
- one folder per segment (one ingest's new sources): ``terms.bin`` + ``term_off.npy`` (terms
  sorted by UTF-8 bytes, found by binary search), ``post_ptr.npy`` / ``post_doc.npy`` /
  ``post_tf.npy`` (CSR postings, documents ascending), per document ``doc_len``, ``doc_src``
  (segment-local source number), ``doc_idx`` (chunk index, -1 for the meta chunk), and per source
  ``sources.txt``, ``src_date``, ``src_pub``, ``src_kind``.

Removing a source marks it dead in the manifest; documents keep their positions, so positions
stay in write order (what Chroma's paging returns, which the in-memory BM25 broke ties by).
Segments are merged into one when there are many or many dead documents.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import time
import uuid
import weakref
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from draftbot.index.lexical import term_counts  # noqa: F401 - re-exported
from draftbot.index.lexmanifest import FORMAT, RECORDS_FILE, index_dir_for, read_manifest  # noqa: F401 - re-exported

K1, B = 1.5, 0.75
MAX_SEGMENTS = 8
MAX_DEAD_SHARE = 0.25
GC_SECONDS = 600.0

# One document for the builder: (chunk id, source id, chunk index, term->tf items, date_int,
# publisher, kind). Plain tuples: hundreds of thousands of them pass through at a rebuild.
Doc = tuple


def _chunk_id(sid: str, idx: int) -> str:
    return f"{sid}:meta" if idx < 0 else f"{sid}:{idx:04d}"


# --- writing -----------------------------------------------------------------------------------
class SegmentBuilder:
    """Collects documents for one segment in compact arrays (term numbers, not strings), so an
    ingest of a year of sources holds postings, not texts, until it writes the segment."""

    def __init__(self, pubs: dict[str, int], kinds: dict[str, int]) -> None:
        from array import array

        self.pubs, self.kinds = pubs, kinds  # global vocabularies, extended in place
        self.src_index: dict[str, int] = {}
        self.src_date, self.src_pub, self.src_kind = array("i"), array("i"), array("i")
        self.doc_len, self.doc_src, self.doc_idx, self.counts = array("i"), array("i"), array("i"), array("i")
        self.vocab: dict[str, int] = {}
        self.tids, self.tfs = array("i"), array("i")

    def add(self, doc: Doc) -> None:
        _cid, sid, idx, (ts, fs), di, pub, kind = doc
        s = self.src_index.get(sid)
        if s is None:
            s = self.src_index[sid] = len(self.src_index)
            self.src_date.append(di)
            self.src_pub.append(self.pubs.setdefault(pub, len(self.pubs)))
            self.src_kind.append(self.kinds.setdefault(kind, len(self.kinds)))
        self.doc_src.append(s)
        self.doc_idx.append(idx)
        self.doc_len.append(sum(fs))
        self.counts.append(len(ts))
        vocab = self.vocab
        self.tids.extend([vocab.setdefault(t, len(vocab)) for t in ts])
        self.tfs.extend(fs)

    def __len__(self) -> int:
        return len(self.doc_len)

    def write(self, root: Path) -> tuple[str, int] | None:
        """Write the segment folder under `root`; (name, documents) or None if empty."""
        if not len(self.doc_len):
            return None
        i32 = lambda a: np.frombuffer(a, dtype=np.int32)  # noqa: E731
        docs_of = np.repeat(np.arange(len(self.doc_len), dtype=np.int32), i32(self.counts))
        return _write_segment_arrays(
            root, [t.encode("utf-8") for t in self.vocab], i32(self.tids), docs_of, i32(self.tfs),
            {"doc_len": i32(self.doc_len), "doc_src": i32(self.doc_src), "doc_idx": i32(self.doc_idx),
             "src_date": i32(self.src_date), "src_pub": i32(self.src_pub), "src_kind": i32(self.src_kind)},
            list(self.src_index),
        )


def _write_segment_arrays(root: Path, enc: list[bytes], tids, docs, tfs, per_doc_src: dict, sources: list[str]) -> tuple[str, int]:
    """Write one segment from postings `tids[i]` (numbers into `enc`), `docs[i]`, `tfs[i]`, given
    so that each term's documents come in ascending order; terms are sorted here and postings
    grouped by term (a stable sort, so that order is kept)."""
    order = sorted(range(len(enc)), key=enc.__getitem__)  # UTF-8 byte order = code point order
    rank = np.empty(len(enc), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(enc))
    tids = rank[np.asarray(tids, dtype=np.int64)]
    perm = np.argsort(tids, kind="stable")  # stable: documents stay ascending within a term
    post_ptr = np.zeros(len(enc) + 1, dtype=np.int64)
    np.cumsum(np.bincount(tids, minlength=len(enc)), out=post_ptr[1:])
    term_off = np.zeros(len(enc) + 1, dtype=np.int64)
    np.cumsum([len(enc[i]) for i in order], out=term_off[1:])

    name = f"seg-{uuid.uuid4().hex[:12]}"
    tmp = root / (name + ".tmp")
    tmp.mkdir(parents=True)
    (tmp / "terms.bin").write_bytes(b"".join(enc[i] for i in order))
    post_doc = np.asarray(docs, dtype=np.int32)[perm]
    arrays = {"term_off": term_off, "post_ptr": post_ptr, "post_doc": post_doc,
              "post_tf": _narrowest(np.asarray(tfs)[perm]),
              "term_nsrc": _narrowest(_sources_per_term(post_ptr, post_doc, np.asarray(per_doc_src["doc_src"]))),
              **{k: np.asarray(v, dtype=np.int32) for k, v in per_doc_src.items()}}
    for k, a in arrays.items():
        np.save(tmp / f"{k}.npy", a)
    (tmp / "sources.txt").write_text("\n".join(sources), encoding="utf-8")
    os.replace(tmp, root / name)
    return name, len(per_doc_src["doc_len"])


def _sources_per_term(post_ptr: np.ndarray, post_doc: np.ndarray, doc_src: np.ndarray) -> np.ndarray:
    """For each term, how many distinct sources its documents belong to (the source-level BM25's
    document frequency), so that a query restricted to a day's documents need not read a common
    term's whole posting list to learn it."""
    n_terms = len(post_ptr) - 1
    if not len(post_doc):
        return np.zeros(n_terms, dtype=np.int64)
    term = np.repeat(np.arange(n_terms, dtype=np.int64), np.diff(post_ptr))
    src = doc_src[post_doc].astype(np.int64)
    runs = 1 + int(np.count_nonzero(doc_src[1:] != doc_src[:-1])) if len(doc_src) else 0
    if runs != len(np.unique(doc_src)):  # a source's documents apart: count the pairs the long way
        pairs = np.unique(term * (int(src.max()) + 1) + src)
        return np.bincount(pairs // (int(src.max()) + 1), minlength=n_terms)
    # postings are grouped by term, documents ascending, and a source's documents are contiguous:
    # a new source starts wherever the term or the source changes
    first = np.ones(len(src), dtype=bool)
    first[1:] = (term[1:] != term[:-1]) | (src[1:] != src[:-1])
    return np.bincount(term[first], minlength=n_terms)


def _narrowest(a: np.ndarray) -> np.ndarray:
    """`a` (counts) in the smallest unsigned type that holds it: a chunk's term counts are small
    (at most 20 in the 100k bench corpus), so a byte each instead of four (a quarter of the
    lexical index); readers widen what they read, whatever type a segment was written in."""
    top = int(a.max()) if a.size else 0
    kind = np.uint8 if top <= 0xFF else np.uint16 if top <= 0xFFFF else np.int32
    return a.astype(kind)


def merge_live(root: Path, idx: "LexIndex") -> tuple[str, int] | None:
    """One segment holding the live documents of every segment of `idx`, in position order, with
    publisher and kind codes unchanged. Vectorised over the postings (no per-posting Python)."""
    vocab: dict[bytes, int] = {}
    t_parts, d_parts, f_parts = [], [], []
    cols: dict[str, list] = {k: [] for k in ("doc_len", "doc_src", "doc_idx", "src_date", "src_pub", "src_kind")}
    sources: list[str] = []
    doc_base = src_base = 0
    for seg in idx.segments:
        src_alive = idx.src_alive[seg.src_base : seg.src_base + seg.n_src]
        dsrc = np.asarray(seg.doc_src, dtype=np.int64)
        alive = src_alive[dsrc]
        new_doc = np.cumsum(alive) - 1 + doc_base
        new_src = np.cumsum(src_alive) - 1 + src_base
        off, blob = np.asarray(seg.term_off), bytes(seg.blob)
        gid = np.fromiter((vocab.setdefault(blob[off[t] : off[t + 1]], len(vocab)) for t in range(len(off) - 1)),
                          dtype=np.int64, count=len(off) - 1)
        term_of = np.repeat(gid, np.diff(np.asarray(seg.post_ptr)))
        pd = np.asarray(seg.post_doc, dtype=np.int64)
        keep = alive[pd]
        t_parts.append(term_of[keep])
        d_parts.append(new_doc[pd[keep]])
        f_parts.append(np.asarray(seg.post_tf)[keep])
        cols["doc_len"].append(np.asarray(seg.doc_len)[alive])
        cols["doc_src"].append(new_src[dsrc[alive]])
        cols["doc_idx"].append(np.asarray(seg.doc_idx)[alive])
        for k in ("src_date", "src_pub", "src_kind"):
            cols[k].append(np.asarray(getattr(seg, k))[src_alive])
        sources += [sid for sid, a in zip(seg.sources(), src_alive) if a]
        doc_base += int(alive.sum())
        src_base += int(src_alive.sum())
    if not doc_base:
        return None
    # Within a segment a term's postings are in document order, and every document of a segment
    # comes before those of the next: the stable sort by term keeps documents ascending.
    return _write_segment_arrays(root, list(vocab), np.concatenate(t_parts), np.concatenate(d_parts),
                                 np.concatenate(f_parts), {k: np.concatenate(v) for k, v in cols.items()}, sources)


def write_segment(root: Path, docs: Iterable[Doc], pubs: dict[str, int], kinds: dict[str, int]) -> tuple[str, int] | None:
    """Write the documents as a new segment folder under `root`; (name, documents) or None if empty.
    `pubs` / `kinds` are the global vocabularies, extended in place."""
    b = SegmentBuilder(pubs, kinds)
    for d in docs:
        b.add(d)
    return b.write(root)


def empty_manifest(analyzer: str) -> dict:
    return {"format": FORMAT, "analyzer": analyzer, "segments": [], "dead": {}, "publishers": [], "kinds": [], "key": None}


def write_manifest(root: Path, manifest: dict) -> None:
    """Atomic: a reader sees the old manifest or the new one; then unreferenced segments go."""
    from draftbot.index.integrity import record_files, segment_files

    root.mkdir(parents=True, exist_ok=True)
    # every file the manifest stands for, with its size and checksum (see index/integrity.py)
    names = [f for seg in manifest["segments"] for f in segment_files(root, seg)]
    names += [n for n in (RECORDS_FILE,) if (root / n).is_file()]
    previous = (read_manifest(root) or {}).get("files")
    manifest = {**manifest, "files": record_files(root, names, previous if isinstance(previous, dict) else None)}
    tmp = root / f"manifest.json.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, root / "manifest.json")
    # Unreferenced segments go once they are old enough that no concurrent refresh (another
    # reader of the same store) can be about to reference them.
    keep = set(manifest["segments"])
    now = time.time()
    for p in root.iterdir():
        if p.is_dir() and p.name.startswith("seg-") and p.name not in keep:
            try:
                if now - p.stat().st_mtime > GC_SECONDS:
                    shutil.rmtree(p, ignore_errors=True)
            except OSError:
                pass


# --- reading -----------------------------------------------------------------------------------
class _Segment:
    def __init__(self, path: Path, doc_base: int, src_base: int) -> None:
        self.path = path
        ld = lambda k: np.load(path / f"{k}.npy", mmap_mode="r")  # noqa: E731
        self.blob = np.memmap(path / "terms.bin", dtype=np.uint8, mode="r") if (path / "terms.bin").stat().st_size else b""
        self.term_off = ld("term_off")
        self.post_ptr = ld("post_ptr")
        self.post_doc = ld("post_doc")
        self.post_tf = ld("post_tf")
        self.doc_len = ld("doc_len")
        self.doc_src = ld("doc_src")
        self.doc_idx = ld("doc_idx")
        self.src_date = ld("src_date")
        self.src_pub = ld("src_pub")
        self.src_kind = ld("src_kind")
        # sources per term (segments written before it have none: their postings are read whole)
        self.term_nsrc = ld("term_nsrc") if (path / "term_nsrc.npy").is_file() else None
        self.doc_base, self.src_base = doc_base, src_base
        self.n_docs, self.n_src = len(self.doc_len), len(self.src_date)
        self._sources: list[str] | None = None
        self._files: dict[str, int] = {}  # file -> descriptor, for `read`
        self._views: tuple | None = None  # (term offsets, term bytes) for `find`

    def read(self, arr: np.memmap, a: int, b: int) -> np.ndarray:
        """`arr[a:b]` of one of this segment's memory-mapped arrays, read from its file: postings
        read through the map stay mapped in the process (a draft's ~300 term lookups at 100k
        chunks kept ~26 MB resident), a read's buffer is freed with its array."""
        n = b - a
        if n <= 0:
            return np.zeros(0, dtype=arr.dtype)
        fd = self._files.get(arr.filename)
        if fd is None:
            fd = self._files[arr.filename] = os.open(arr.filename, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            weakref.finalize(self, os.close, fd)
        size = arr.dtype.itemsize
        data = os.pread(fd, n * size, arr.offset + a * size)
        if len(data) != n * size:
            raise EOFError(f"{arr.filename}: short read")
        return np.frombuffer(data, dtype=arr.dtype)

    def first_at_least(self, arr: np.memmap, a: int, b: int, value: int) -> int:
        """The first position in `arr[a:b]` (ascending) holding `value` or more, read with a few
        small reads (a memory-mapped search leaves its pages mapped)."""
        while b - a > _WINDOW:
            mid = (a + b) // 2
            if int(self.read(arr, mid, mid + 1)[0]) < value:
                a = mid + 1
            else:
                b = mid
        return a + int(np.searchsorted(self.read(arr, a, b), value))

    def sources(self) -> list[str]:
        if self._sources is None:
            self._sources = (self.path / "sources.txt").read_text(encoding="utf-8").split("\n")
        return self._sources

    def find(self, term: bytes) -> int:
        """Term number, or -1: binary search over the sorted, memory-mapped terms."""
        if self._views is None:  # read through memoryviews: a numpy element read costs ~1 us
            self._views = (_view(self.term_off), _view(self.blob))
        off, blob = self._views
        lo, hi = 0, len(off) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            t = bytes(blob[off[mid] : off[mid + 1]])
            if t < term:
                lo = mid + 1
            elif t > term:
                hi = mid
            else:
                return mid
        return -1


def _view(arr):
    """`arr` as a memoryview (Python ints and bytes out, no copy) when its items are native, else itself."""
    try:
        mv = memoryview(arr)
    except TypeError:
        return arr
    return mv if mv.format in ("B", "b", "l", "q", "L", "Q", "i", "I") and mv.ndim == 1 else arr


_WINDOW = 1024  # a binary search over a posting list ends in one read of this many entries
# a restricted query reads only its documents' stretch of each posting list when they are at most
# this share of the index, in at most this many runs of consecutive documents
_FEW_DOCS, _FEW_RUNS = 0.25, 64


class LexIndex:
    """All segments of one index as one BM25 over the live documents (see module docstring)."""

    def __init__(self, root: Path, manifest: dict) -> None:
        self.root = root
        self.manifest = manifest
        self.segments: list[_Segment] = []
        db = sb = 0
        for name in manifest["segments"]:
            seg = _Segment(root / name, db, sb)
            self.segments.append(seg)
            db += seg.n_docs
            sb += seg.n_src
        self.n_total, self.n_sources_total = db, sb
        self.publishers: list[str] = manifest["publishers"]
        self.kinds: list[str] = manifest["kinds"]
        cat = lambda f: np.concatenate([f(s) for s in self.segments]) if self.segments else np.zeros(0, np.int64)  # noqa: E731
        self.doc_len = cat(lambda s: np.asarray(s.doc_len, dtype=np.int64))
        self.doc_grp = cat(lambda s: np.asarray(s.doc_src, dtype=np.int64) + s.src_base)
        self.src_date = cat(lambda s: np.asarray(s.src_date))
        self.src_pub = cat(lambda s: np.asarray(s.src_pub))
        self.src_kind = cat(lambda s: np.asarray(s.src_kind))
        src_alive = np.ones(sb, dtype=bool)
        for seg in self.segments:
            dead = manifest["dead"].get(seg.path.name)
            if dead:
                src_alive[seg.src_base + np.asarray(dead, dtype=np.int64)] = False
        self.src_alive = src_alive
        self.alive = src_alive[self.doc_grp] if db else np.zeros(0, dtype=bool)
        self.n = int(self.alive.sum())
        live_len = int(self.doc_len[self.alive].sum())
        self.avgdl = live_len / self.n if self.n else 0.0
        self.group_len = np.bincount(self.doc_grp[self.alive], weights=self.doc_len[self.alive], minlength=sb)
        self.ng = int(np.count_nonzero(np.bincount(self.doc_grp[self.alive], minlength=sb)))
        self.avg_group_len = live_len / self.ng if self.ng else 0.0
        self._source_number: dict[str, int] | None = None  # source id -> number, for id filters

    @classmethod
    def open(cls, root: Path) -> "LexIndex | None":
        m = read_manifest(root)
        if m is None:
            return None
        try:
            return cls(root, m)
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):  # EOFError: an empty .npy
            return None

    def __len__(self) -> int:
        return self.n

    # --- identities ----------------------------------------------------------------------------
    def _seg_of_doc(self, i: int) -> _Segment:
        for seg in self.segments:
            if i < seg.doc_base + seg.n_docs:
                return seg
        raise IndexError(i)

    def chunk_id(self, i: int) -> str:
        seg = self._seg_of_doc(i)
        local = i - seg.doc_base
        return _chunk_id(seg.sources()[int(seg.doc_src[local])], int(seg.doc_idx[local]))

    def live_sources(self) -> Iterator[tuple[str, int]]:
        """(source id, global source number) of every live source."""
        for seg in self.segments:
            for j, sid in enumerate(seg.sources()):
                if self.src_alive[seg.src_base + j]:
                    yield sid, seg.src_base + j

    # --- filters as masks ----------------------------------------------------------------------
    def allowed_mask(self, df: int | None, dt_: int | None, pubs: set | None, kinds: set | None, sids: set | None) -> np.ndarray | None:
        """Documents passing the filters (None when nothing is filtered)."""
        if df is None and dt_ is None and pubs is None and kinds is None and sids is None:
            return None
        ok = self.src_alive.copy()
        if df is not None:
            ok &= self.src_date >= df
        if dt_ is not None:
            ok &= self.src_date <= dt_
        if pubs is not None:
            ok &= np.isin(self.src_pub, [i for i, p in enumerate(self.publishers) if p in pubs])
        if kinds is not None:
            ok &= np.isin(self.src_kind, [i for i, k in enumerate(self.kinds) if k in kinds])
        if sids is not None:
            if self._source_number is None:
                self._source_number = dict(self.live_sources())
            keep = np.zeros_like(ok)
            keep[[g for s in sids if (g := self._source_number.get(s)) is not None]] = True
            ok &= keep
        return ok[self.doc_grp]

    # --- scoring (exactly lexical.BM25's arithmetic) ---------------------------------------------
    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = term.encode("utf-8")
        docs, tfs = [], []
        for seg in self.segments:
            t = seg.find(key)
            if t < 0:
                continue
            a, b = int(seg.post_ptr[t]), int(seg.post_ptr[t + 1])
            docs.append(np.asarray(seg.read(seg.post_doc, a, b), dtype=np.int64) + seg.doc_base)
            tfs.append(np.asarray(seg.read(seg.post_tf, a, b), dtype=np.int64))
        if not docs:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        d, f = np.concatenate(docs), np.concatenate(tfs)
        live = self.alive[d]
        return d[live], f[live]

    def top_in_context(self, query: list[str], n: int, group_weight: float, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """As `lexical.BM25.top_in_context`, returning chunk ids."""
        if not self.n:
            return []
        acc, touched, gacc, gtouched = self._score(query, group_weight, allowed)
        gbest = (float(gacc[gtouched].max()) if gtouched.any() else 0.0) or 1.0
        return self._ranked(acc, np.flatnonzero(touched), gacc, gbest, n, group_weight)

    def top_per_source(self, query: list[str], n: int, group_weight: float, sids: list[str]) -> dict[str, list[tuple[str, float]]]:
        """`{sid: top_in_context(query, n, group_weight, allowed_mask(.., {sid}))}` for every sid, from
        one scoring pass over all of them: a document's score and its source's are sums over the
        query's terms that do not depend on the other documents allowed, so each source's ranking
        is the one its own search gives, float for float."""
        out: dict[str, list[tuple[str, float]]] = {s: [] for s in sids}
        if not self.n or not sids:
            return out
        acc, touched, gacc, gtouched = self._score(query, group_weight, self.allowed_mask(None, None, None, None, set(sids)))
        if self._source_number is None:
            self._source_number = dict(self.live_sources())
        cand = np.flatnonzero(touched)
        grp = self.doc_grp[cand]
        for sid in sids:
            g = self._source_number.get(sid)
            if g is None:
                continue
            mine = cand[grp == g]
            gbest = (float(gacc[g]) if gtouched[g] else 0.0) or 1.0  # the only source touched alone
            out[sid] = self._ranked(acc, mine, gacc, gbest, n, group_weight)
        return out

    def _runs(self, allowed: np.ndarray | None) -> list[tuple[int, int]] | None:
        """The allowed documents as runs [lo, hi) when few enough to read postings by run."""
        if allowed is None:
            return None
        n = int(np.count_nonzero(allowed))
        if n > _FEW_DOCS * max(1, self.n_total):
            return None
        edges = np.flatnonzero(np.diff(np.concatenate(([0], allowed.view(np.int8), [0]))))
        if len(edges) > 2 * _FEW_RUNS:
            return None
        return list(zip(edges[::2].tolist(), edges[1::2].tolist()))

    def _whole(self, seg: _Segment) -> bool:
        """Every document of the segment is live (its per-term source counts hold)."""
        return bool(self.alive[seg.doc_base : seg.doc_base + seg.n_docs].all())

    def _postings_in(self, term: str, runs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, int, int]:
        """(docs, tfs) of the term's live postings, only those within `runs` where a segment allows
        (a superset of them elsewhere), and the term's live document and source frequencies, as
        `_postings` and the distinct sources of its whole list give them."""
        key = term.encode("utf-8")
        docs, tfs, df, gdf = [], [], 0, 0
        for seg in self.segments:
            t = seg.find(key)
            if t < 0:
                continue
            a, b = int(seg.post_ptr[t]), int(seg.post_ptr[t + 1])
            if seg.term_nsrc is None or not self._whole(seg):
                d = np.asarray(seg.read(seg.post_doc, a, b), dtype=np.int64) + seg.doc_base
                f = np.asarray(seg.read(seg.post_tf, a, b), dtype=np.int64)
                live = self.alive[d]
                d, f = d[live], f[live]
                df += len(d)
                gdf += self._distinct_sources(d)
                docs.append(d)
                tfs.append(f)
                continue
            df += b - a
            gdf += int(seg.term_nsrc[t])
            for lo, hi in runs:
                lo, hi = max(lo, seg.doc_base) - seg.doc_base, min(hi, seg.doc_base + seg.n_docs) - seg.doc_base
                if lo >= hi:
                    continue
                i = seg.first_at_least(seg.post_doc, a, b, lo)
                j = seg.first_at_least(seg.post_doc, i, b, hi)
                docs.append(np.asarray(seg.read(seg.post_doc, i, j), dtype=np.int64) + seg.doc_base)
                tfs.append(np.asarray(seg.read(seg.post_tf, i, j), dtype=np.int64))
        if not docs:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), df, gdf
        return np.concatenate(docs), np.concatenate(tfs), df, gdf

    def _term(self, term: str, runs, group_weight: float) -> tuple[np.ndarray, np.ndarray, int, int]:
        """(docs, tfs, document frequency, source frequency) of a query term."""
        if runs is not None:
            return self._postings_in(term, runs)
        d, tf = self._postings(term)
        if not group_weight or not len(d):
            return d, tf, len(d), 0
        return d, tf, len(d), self._distinct_sources(d)

    def _distinct_sources(self, d: np.ndarray) -> int:
        seen = np.zeros(self.n_sources_total, dtype=bool)  # cheaper than np.unique
        seen[self.doc_grp[d]] = True
        return int(np.count_nonzero(seen))

    def _score(self, query: list[str], group_weight: float, allowed: np.ndarray | None):
        """(acc, touched, gacc, gtouched): each allowed document's BM25 and each source's (all its
        allowed chunks as one text), and which were touched by a query term."""
        acc = np.zeros(self.n_total, dtype=np.float64)
        touched = np.zeros(self.n_total, dtype=bool)
        gacc = np.zeros(self.n_sources_total, dtype=np.float64)
        gtouched = np.zeros(self.n_sources_total, dtype=bool)
        k1, b = K1, B
        avg, gavg = self.avgdl or 1.0, self.avg_group_len or 1.0
        ndocs, ng = self.n, self.ng
        runs = self._runs(allowed)
        for term, qtf in Counter(query).items():
            d, tf, df, gdf = self._term(term, runs, group_weight)
            if not df:
                continue
            idf = math.log(1 + (ndocs - df + 0.5) / (df + 0.5))
            if allowed is not None:
                sel = allowed[d]
                ds, tfs = d[sel], tf[sel]
            else:
                ds, tfs = d, tf
            if len(ds):
                dl = self.doc_len[ds]
                acc[ds] += qtf * idf * tfs * (k1 + 1) / (tfs + k1 * (1 - b + b * dl / avg))
                touched[ds] = True
            if not group_weight:
                continue
            gidf = math.log(1 + (ng - gdf + 0.5) / (gdf + 0.5))
            if not len(ds):
                continue
            gtf = np.bincount(self.doc_grp[ds], weights=tfs, minlength=self.n_sources_total)
            gs = np.flatnonzero(gtf)
            g_tf = gtf[gs]
            glen = self.group_len[gs]
            gacc[gs] += qtf * gidf * g_tf * (k1 + 1) / (g_tf + k1 * (1 - b + b * glen / gavg))
            gtouched[gs] = True
        return acc, touched, gacc, gtouched

    def _ranked(self, acc, cand, gacc, gbest: float, n: int, group_weight: float) -> list[tuple[str, float]]:
        """The documents `cand` (ascending) by their score over the best one's plus the weighted
        score of their source over `gbest` (ties: document order), the first `n`."""
        if not len(cand):
            return []
        sc = acc[cand]
        best = float(sc.max()) or 1.0
        comb = sc / best + group_weight * gacc[self.doc_grp[cand]] / gbest
        order = _first_by_score(comb, cand, n)
        return [(self.chunk_id(int(cand[j])), float(comb[j])) for j in order]


def _first_by_score(comb: np.ndarray, cand: np.ndarray, n: int) -> np.ndarray:
    """Positions of the `n` highest `comb` (ties: lower `cand` first), as a full sort would give
    them; only the candidates at or above the n-th score are sorted (a common term touches most
    of a big store)."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    if len(comb) > 4 * n:
        cut = np.partition(comb, len(comb) - n)[len(comb) - n]
        keep = np.flatnonzero(comb >= cut)
        return keep[np.lexsort((cand[keep], -comb[keep]))[:n]]
    return np.lexsort((cand, -comb))[:n]
