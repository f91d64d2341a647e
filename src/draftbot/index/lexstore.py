"""Keeping a store's persisted lexical index (`lexindex`) in step with the store.

The index is valid for a *key*: the store's write token (``lexgen`` in the sources collection's
metadata, renewed by every ingest that changes the store) and the chunk and source counts. At
query time a matching key means the index can be used as is (two `count()` calls and the
metadata read when the collection is opened). A different key means another writer (another
machine on a Chroma server, an older draftbot, an interrupted ingest) changed the store: the index
is refreshed from the difference of source ids, reading only the chunks of new sources, by id.

Ingest updates it incrementally: a new segment for the sources it wrote, dead marks for those it
removed, then a new token. It is only ever written whole-file-atomically, so a crash leaves the old
manifest, whose key no longer matches, and the next use refreshes it.

The records snapshot (every source's record, for readers and for the next ingest) is the
``sources`` table of ``local.sqlite`` (localdb.py) for an embedded store: indexed by id and date,
changed by one transaction per ingest. A server store keeps no local file, so its snapshot is
``records.json`` beside its index. An embedded store written before keeps its ``records.json``
until its next changing ingest, which deletes it (the local file already holds the same records).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Iterable

from draftbot.index import integrity, localdb
from draftbot.index import lexindex as lx
from draftbot.index.lexmanifest import damage as _damage, local_damage  # noqa: F401 - re-exported
from draftbot.index.store import Store

RECORDS = lx.RECORDS_FILE
# record fields `Store.sources()` needs; the tail and ingest time stay in Chroma only
RECORD_FIELDS = ("title", "publisher", "date", "url", "usage", "lang", "kind", "summary", "keywords", "path", "chunks",
                 "origin", "warnings", "size")


def _slim(meta: dict) -> dict:
    out = {k: meta[k] for k in RECORD_FIELDS if k in meta}
    for key, empty in (("keywords", []), ("origin", {}), ("warnings", [])):
        if isinstance(out.get(key), str):  # stored as JSON text in Chroma; decoded here
            try:
                out[key] = json.loads(out[key])
            except (ValueError, TypeError):
                out[key] = empty
    if isinstance(out.get("keywords"), list):
        out["keywords"] = [str(k) for k in out["keywords"]]
    return out


def json_snapshot(store: Store) -> bool:
    """Does this store keep its records snapshot in `records.json` (a server store) rather than
    in the local file's `sources` table (an embedded store)?"""
    return store.store_dir is None


def snapshot_records(store: Store, root: Path, key: dict) -> dict[str, dict] | None:
    """Every record of the snapshot held for `key` (id -> slim record), or None."""
    if json_snapshot(store):
        return read_records(root, key)
    reader = localdb.Reader.open(root, key)
    if reader is None:
        return None
    try:
        return dict(reader.records())
    except sqlite3.Error:
        return None
    finally:
        reader.close()


def _drop_old_records(root: Path) -> None:
    """An embedded store converted to the local file's snapshot: its old `records.json` goes
    (before the manifest that no longer lists it is written)."""
    (root / RECORDS).unlink(missing_ok=True)


def read_records(root: Path, key: dict) -> dict[str, dict] | None:
    """The `records.json` snapshot kept with the index, if it was written for `key`."""
    try:
        data = json.loads((root / RECORDS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("records") if isinstance(data, dict) and data.get("key") == key else None


def _write_records(root: Path, records: dict[str, dict], key: dict) -> None:
    import os

    tmp = root / f"{RECORDS}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp"
    tmp.write_text(json.dumps({"key": key, "records": records}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, root / RECORDS)


def store_key(store: Store) -> dict:
    return store.key()


def _docs_from_rows(rows: Iterable[tuple[str, str | None, dict]], analyzer: str, committed: set[str] | None) -> Iterable[lx.Doc]:
    from draftbot.index.lexical import tokenize

    stored = analyzer != "bigram"
    for cid, doc, m in rows:
        sid = m.get("source_id") or cid.rsplit(":", 1)[0]
        if committed is not None and sid not in committed:
            continue  # an orphan of an interrupted ingest: not a source yet
        toks = m.get("toks", "").split() if stored else tokenize(doc or "", analyzer)
        idx = -1 if m.get("meta") else int(m.get("index", 0))
        yield (cid, sid, idx, lx.term_counts(toks), int(m.get("date_int", 0)), m.get("publisher", ""), m.get("kind", "release"))


def docs_from_prepared(items) -> Iterable[lx.Doc]:
    """Index documents of sources just written by ingest (terms counted in its workers)."""
    for it in items:
        for cid, m, tc in zip(it.ids, it.metas, it.lex):
            idx = -1 if m.get("meta") else int(m["index"])
            yield (cid, m["source_id"], idx, tc, int(m["date_int"]), m["publisher"], m["kind"])


class IndexWriter:
    """Applies one process's changes to the index: `add` written sources, `remove` removed ones,
    then `commit` (or `refresh` when the index was not valid to begin with)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root: Path | None = store.lexical_dir()
        self.manifest = lx.read_manifest(self.root) if self.root else None
        key = store_key(store)
        if self.root is not None and self.manifest is None and key["chunks"] == 0 and key["sources"] == 0:
            # a new store: the empty index is exact, so this ingest builds it incrementally
            # ("files": {}: nothing to checksum yet; without it the new index reads as damaged and
            # the first ingest ended by re-reading every chunk it had just written)
            self.manifest = {**lx.empty_manifest(store.analyzer), "key": key, "files": {}}
            self.root.mkdir(parents=True, exist_ok=True)
            if json_snapshot(store):
                _write_records(self.root, {}, key)
            else:
                localdb.Writer(self.root, fresh=True, hash_dim=_hash_dim(store)).commit(key)  # empty and exact
        self.valid = bool(self.manifest and self.manifest.get("key") == key
                          and self.manifest.get("analyzer") == store.analyzer)
        if self.valid and (damage := _damage(self.root, self.manifest)) is not None:
            _say_damage(store, damage)
            self.valid = False  # commit() rebuilds it (refresh verifies the segments it keeps)
        # the snapshot: records.json (server), or the local file holding the same key (embedded),
        # which this writer then reads (`committed`, `records_snapshot`) and updates in place
        self.json = json_snapshot(store)
        self.records = read_records(self.root, self.manifest["key"]) if self.valid and self.json else None
        self.snapshot = localdb.Reader.open(self.root, self.manifest["key"]) if self.valid and not self.json else None
        self.valid = self.valid and (self.records is not None or self.snapshot is not None)
        m = self.manifest if self.valid else lx.empty_manifest(store.analyzer)
        self.pubs = {p: i for i, p in enumerate(m["publishers"])}
        self.kinds = {k: i for i, k in enumerate(m["kinds"])}
        self.builder = lx.SegmentBuilder(self.pubs, self.kinds)
        self.added: dict[str, dict] = {}  # source id -> slim record
        self.removed: set[str] = set()
        self.moved: dict[str, str] = {}
        # the local records + texts file (embedded stores): updated with the index (a writer is
        # valid only when the file holds the index's key), else rebuilt at commit
        self.local_ok = self.snapshot is not None
        self.local: localdb.Writer | None = None
        self.kept: set[str] = set()  # sources whose rows are in the local file (keep_texts)
        self.ids_after: list[str] | None = None  # every committed id once `commit` wrote the local file
        store.index_writer = self  # while ingest writes, sources() reads Chroma, not the snapshot

    def _local_writer(self) -> localdb.Writer:
        if self.local is None:
            self.root.mkdir(parents=True, exist_ok=True)
            self.local = localdb.Writer(self.root, hash_dim=_hash_dim(self.store))
        return self.local

    def keep_texts(self, items) -> None:
        """One write round of an embedded store: its sources and chunk texts committed to the local
        file (the only copy of the texts) before the store commits their records; the file's key
        stays absent until `commit`. Done whether or not this writer is valid."""
        w = self._local_writer()
        for it in items:
            _add_local(w, it)
            self.kept.add(it.record_id)
        w.checkpoint()

    def committed(self) -> list[tuple[str, str, int]] | None:
        """(id, path, chunk count) of every source in the validated snapshot (None: not valid).
        Read by SQLite from the local file: no record parsed (16k records cost ~0.5 s)."""
        if not self.valid:
            return None
        if self.records is not None:
            return [(sid, str(r.get("path", "")), int(r.get("chunks", 0))) for sid, r in self.records.items()]
        return self.snapshot.committed()

    def records_snapshot(self) -> dict[str, dict] | None:
        """Every record of the validated snapshot (None: not valid)."""
        if not self.valid:
            return None
        if self.records is not None:
            return self.records
        return dict(self.snapshot.records())

    def _close_snapshot(self) -> None:
        if self.snapshot is not None:
            self.snapshot.close()
            self.snapshot = None

    def add(self, items) -> None:
        """Sources just written: their terms go into the new segment at once (compact arrays),
        so the ingest does not keep their texts."""
        if self.root is None or not self.valid:
            return  # refreshed from the store at commit instead
        for d in docs_from_prepared(items):
            self.builder.add(d)
        for it in items:
            self.added[it.record_id] = _slim(it.record_meta)
        if self.local_ok:
            for it in items:
                if it.record_id not in self.kept:
                    _add_local(self._local_writer(), it)

    def move(self, source_id: str, path: str) -> None:
        self.moved[source_id] = path

    def remove(self, source_ids: Iterable[str]) -> None:
        self.removed.update(source_ids)

    def commit(self) -> None:
        """Write the changes (if any) and the new key. Called after the store writes succeeded."""
        self.store.index_writer = None
        self._close_snapshot()
        if self.root is None:
            return
        if self.local is not None and not self.valid:
            self.local.commit(None)  # the rows kept; the refresh below brings the file to the key
            self.local = None
        if not self.added and not self.removed and not self.moved:
            if not self.valid:
                refresh(self.store, self.root)
            return
        self.store.set_write_token(uuid.uuid4().hex)
        if not self.valid:
            refresh(self.store, self.root)
            return
        m = self.manifest
        _mark_dead(self.root, m, self.removed | set(self.added))  # an added id may replace a stale copy
        made = self.builder.write(self.root)
        if made:
            m["segments"].append(made[0])
        m["publishers"], m["kinds"] = list(self.pubs), list(self.kinds)
        m["key"] = store_key(self.store)
        if self.json:
            recs = self.records
            for sid in self.removed:
                recs.pop(sid, None)
            recs.update(self.added)
            for sid, path in self.moved.items():
                if sid in recs:
                    recs[sid]["path"] = path
            _write_records(self.root, recs, m["key"])
        else:
            if self.local is None:  # removals or moves only
                self.local = localdb.Writer(self.root, hash_dim=_hash_dim(self.store))
            self.local.remove(self.removed - set(self.added))
            for sid, path in self.moved.items():
                self.local.move(sid, path)
            self.local.commit(m["key"])
            _drop_old_records(self.root)
            reader = localdb.Reader.open(self.root, m["key"])
            if reader is not None:  # what the stat cache records (paging 16k ids out of Chroma: ~0.15 s)
                ids = reader.source_ids()
                reader.close()
                self.ids_after = ids if len(ids) == m["key"].get("sources") else None
        lx.write_manifest(self.root, _stamped(self.store, _maybe_merge(self.root, m, self.store.analyzer)))


def _add_local(w: localdb.Writer, it) -> None:
    """A prepared source's record, tail and chunk rows (texts, metadata, vectors) into the file."""
    vecs = it.embeddings if it.embeddings is not None else [None] * len(it.ids)
    w.add_source(it.record_id, _slim(it.record_meta), it.record_meta.get("tail", ""), zip(it.ids, it.docs, it.metas, vecs))


def keep_texts(store: Store, items) -> None:
    """Sources written outside an ingest (no index writer): their rows into the local file, which
    then holds no key (the next reader refreshes it to the store's)."""
    store.lexical_dir().mkdir(parents=True, exist_ok=True)
    w = localdb.Writer(store.lexical_dir(), hash_dim=_hash_dim(store))
    try:
        for it in items:
            _add_local(w, it)
        w.commit(None)
    except BaseException:
        w.abandon()
        raise


def _mark_dead(root: Path, m: dict, source_ids: set[str]) -> None:
    if not source_ids:
        return
    for name in m["segments"]:
        srcs = (root / name / "sources.txt").read_text(encoding="utf-8").split("\n")
        dead = set(m["dead"].get(name, []))
        dead.update(j for j, sid in enumerate(srcs) if sid in source_ids)
        if dead:
            m["dead"][name] = sorted(dead)


def _maybe_merge(root: Path, m: dict, analyzer: str) -> dict:
    """Many segments or many dead documents: write one segment with the live documents."""
    if len(m["segments"]) <= lx.MAX_SEGMENTS and _dead_share(root, m) <= lx.MAX_DEAD_SHARE:
        return m
    idx = lx.LexIndex(root, m)
    made = lx.merge_live(root, idx)
    return {**m, "segments": [made[0]] if made else [], "dead": {}}


def _dead_share(root: Path, m: dict) -> float:
    """The share of the segments' documents whose source is dead, as `LexIndex` counts it
    (1 - live / total), from each segment's document -> source array alone: a day's commit at 100k
    chunks built the whole index's arrays (+4 MiB at the ingest's peak) for this one number."""
    import numpy as np

    total = dead = 0
    for name in m["segments"]:
        doc_src = np.load(root / name / "doc_src.npy", mmap_mode="r")
        total += len(doc_src)
        gone = m["dead"].get(name)
        if gone and len(doc_src):
            gone = np.asarray(gone, dtype=np.int64)
            per_src = np.bincount(np.asarray(doc_src, dtype=np.int64), minlength=int(gone.max()) + 1)
            dead += int(per_src[gone].sum())
    return 1 - (total - dead) / total if total else 0.0


def refresh(store: Store, root: Path, fresh: bool = False) -> lx.LexIndex:
    """Bring the index at `root` to the store's current state and return it.

    Reads the key first: a writer changing the store meanwhile changes the key again, so the next
    use refreshes once more rather than trusting a half-seen state. `fresh`: rebuild from nothing."""
    key = store_key(store)
    m = None if fresh else lx.read_manifest(root)
    prev_key = (m or {}).get("key")
    if m is not None and m.get("analyzer") != store.analyzer:
        m = None
    if m is not None:
        segs = {k: v for k, v in (m.get("files") or {}).items() if "/" in k}
        if not isinstance(m.get("files"), dict) or integrity.problem(root, segs) is not None:
            m = None  # a segment damaged, or an index from before checksums: rebuild whole
    if m is not None:
        try:
            lx.LexIndex(root, m)
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
            m = None  # a segment went missing (a concurrent refresh): rebuild
    committed = set(store.source_ids_listing())
    recs: dict[str, dict] = {}
    if json_snapshot(store):  # an embedded store's snapshot is the local file (`_sync_local`)
        recs = (read_records(root, m["key"]) if m is not None else None) or {}
        recs = {sid: r for sid, r in recs.items() if sid in committed}
        missing = [sid for sid in committed if sid not in recs]
        for sid, meta in store.raw_records(missing).items():
            recs[sid] = _slim(meta)
    if m is None or not m["segments"]:
        m = lx.empty_manifest(store.analyzer)
        pubs: dict[str, int] = {}
        kinds: dict[str, int] = {}
        made = lx.write_segment(root, _docs_from_rows(store.chunk_rows(include_documents=store.analyzer == "bigram"),
                                                      store.analyzer, committed), pubs, kinds)
    else:
        idx = lx.LexIndex(root, m)
        have = {sid for sid, _ in idx.live_sources()}
        _mark_dead(root, m, have - committed)
        new = sorted(committed - have)
        pubs = {p: i for i, p in enumerate(m["publishers"])}
        kinds = {k: i for i, k in enumerate(m["kinds"])}
        rows = store.chunk_rows_of(new, include_documents=store.analyzer == "bigram")
        made = lx.write_segment(root, _docs_from_rows(rows, store.analyzer, None), pubs, kinds)
    if made:
        m["segments"].append(made[0])
    m["publishers"], m["kinds"], m["key"] = list(pubs), list(kinds), key
    m = _maybe_merge(root, m, store.analyzer)
    if json_snapshot(store):
        _write_records(root, recs, key)
    else:
        _sync_local(store, root, prev_key, committed)
        _drop_old_records(root)
    lx.write_manifest(root, _stamped(store, m))
    return lx.LexIndex(root, m)


def _stamped(store: Store, m: dict) -> dict:
    """The manifest with what lets a reader trust its key without opening the vector database:
    the database's commit stamp now (equal later = nothing wrote since) and the embedder."""
    if store.store_dir is None:
        return m
    return {**m, "commit_stamp": store.commit_stamp(), "embedder": store.embedder_signature}


def _sync_local(store: Store, root: Path, prev_key: dict | None, committed: set[str] | None = None) -> None:
    """Bring the local records + texts file to the store's current key by the difference of source
    ids (a source's chunks never change: its id is its content). When the file did not hold
    `prev_key` (a crash, another writer), every record is read again from the store too (a move
    changes a record). An unreadable file is rebuilt from the store, which holds the texts of
    sources written before they left it; any other text is only in the source files: the
    store's texts missing is one line naming `ingest --repair`."""
    key = store_key(store)
    committed = set(store.source_ids_listing()) if committed is None else committed
    held = localdb.held_key(root)
    w = None
    if (root / localdb.FILE).is_file():
        try:
            w = localdb.Writer(root, hash_dim=_hash_dim(store))
            have = set(w.source_ids())
        except sqlite3.DatabaseError:  # not a database: replaced only once a new one is complete
            if w is not None:
                w.abandon()
            w = None
    if w is None:
        w, have = localdb.Writer(root, fresh=True, hash_dim=_hash_dim(store)), set()
    try:
        w.remove(have - committed)
        new = sorted(committed - have)
        if held is None or held != prev_key:
            again = sorted(committed & have)
            for i in range(0, len(again), 2000):
                for sid, raw in store.raw_records(again[i : i + 2000]).items():
                    w.add_record(sid, _slim(raw), raw.get("tail", "") or "")  # a row it holds: replaced
        for i in range(0, len(new), 500):  # texts and vectors of 500 sources at a time: memory stays flat
            part = new[i : i + 500]
            raws = store.raw_records(part)
            ids, metas, vecs = store.chunk_vectors(list(store.get_sources(part).values()))
            docs = store.get_chunks(ids)  # an embedded store's are here or nowhere: one line then
            for sid, raw in raws.items():
                w.add_record(sid, _slim(raw), raw.get("tail", ""))
            w.add_chunks((cid, docs[cid][0], m, v) for cid, m, v in zip(ids, metas, vecs) if cid in docs)
        w.commit(key)
    except BaseException:
        w.abandon()
        raise


def _hash_dim(store: Store) -> int | None:
    """The hash embedder's dimension when it is the store's (its vectors are not kept locally)."""
    from draftbot.index.embedder_spec import hash_dim_of

    return hash_dim_of(store.embedder_signature)


def open_index(store: Store) -> lx.LexIndex | None:
    """The store's index, refreshed if its key does not match; None when there is nowhere to keep
    it (a server and no local folder): the caller then builds BM25 in memory as before."""
    root = store.lexical_dir()
    if root is None:
        return None
    m = lx.read_manifest(root)
    key = store_key(store)
    damage = "manifest.json: unreadable" if m is None and (root / "manifest.json").exists() else None
    has_snapshot = not json_snapshot(store) or (root / RECORDS).exists()  # embedded: see _restamp
    if m is not None and m.get("key") == key and m.get("analyzer") == store.analyzer and has_snapshot:
        damage = _damage(root, m)
        if damage is None:
            idx = lx.LexIndex.open(root)
            if idx is not None:
                _restamp(store, root, m)
                return idx
            damage = "a segment cannot be read"
    root.mkdir(parents=True, exist_ok=True)
    _refuse_lost_database(store, m, key)
    if damage is not None:
        _say_damage(store, damage)
        return refresh(store, root, fresh=True)
    return refresh(store, root)


def _restamp(store: Store, root: Path, m: dict) -> None:
    """A reader that had to open the vector database found the index current: record the stamp
    now, so the next reader trusts it without opening the database (a write that changed no
    source, such as an orphan sweep, moves the stamp and not the key)."""
    if store.store_dir is None or store.index_writer is not None:
        return
    local_ok = localdb.held_key(root) == m.get("key")
    if local_ok and m.get("commit_stamp") == store.commit_stamp() and m.get("embedder") == store.embedder_signature:
        return
    try:
        if not local_ok:
            _sync_local(store, root, None)  # once, after an upgrade (or a lost file)
        lx.write_manifest(root, _stamped(store, m))
    except (OSError, sqlite3.Error):
        pass  # a read-only folder or a full disk: readers keep opening the database


def _refuse_lost_database(store: Store, m: dict | None, key: dict) -> None:
    """An embedded Chroma that now holds nothing while the index beside it listed sources was lost
    or replaced (truncated, restored from an empty copy): never answer "no sources" silently."""
    from draftbot.errors import UserError

    had = (m or {}).get("key") or {}
    if store.store_dir is None or not isinstance(had, dict) or not had.get("sources"):
        return
    if key.get("sources") == 0 and key.get("chunks") == 0 and had.get("token") != key.get("token"):
        raise UserError(f"store {store.where}: Chroma holds no source but the store's index listed {had['sources']}; "
                        "its database was lost or replaced: `draftbot ingest --repair PATH...` rebuilds it")


def _say_damage(store: Store, damage: str) -> None:
    if damage.startswith("no checksums"):
        return  # not damage: an index from before checksums, rebuilt once without a word
    integrity.say(f"store {store.where}: lexical index damaged ({damage}); rebuilding it from Chroma")


def refuse_lost_database(store: Store) -> None:
    """At a reader's open: an embedded store whose Chroma is empty while its index listed sources
    is refused in one line (see `_refuse_lost_database`)."""
    root = store.lexical_dir()
    if store.store_dir is None or root is None:
        return
    m = lx.read_manifest(root)
    had = (m or {}).get("key") or {}
    if isinstance(had, dict) and had.get("sources") and store.source_count() == 0:
        _refuse_lost_database(store, m, store_key(store))
