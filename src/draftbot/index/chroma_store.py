"""The Chroma-backed store: chunks with their embeddings, metadata and BM25 tokens, plus one
record per source.

Everything retrieval needs lives in Chroma, so a store served by `chroma run` works from any
machine:

- ``draftbot_chunks``: one record per chunk (body chunks ``<sid>:<nnnn>`` and the meta chunk
  ``<sid>:meta``); document = chunk text on a server (an embedded store keeps its texts, and all
  metadata but `FILTER_KEYS`, only in ``lexical/local.sqlite``, written in each round before the
  records: `texts_local`); metadata = source_id, index, start, end, tokens,
  publisher, date (ISO string), date_int (YYYYMMDD, 0 when unknown), kind, meta (True on the meta
  chunk only), lead (when not empty: the
  original text between the previous chunk and this one — whitespace — so the body can be rebuilt
  exactly) and, for the jieba analyzer only, toks (space-joined tokens for BM25; bigram tokens are
  recomputed from the documents, which is faster than storing them). Title, path, url and usage
  are in the source record only: every metadata string costs Chroma index work on write.
- ``draftbot_sources``: one record per source (front matter, path, chunk count, tail). It is
  written after the source's chunks and acts as the commit marker: chunks whose source has no
  record are orphans from an interrupted ingest and are swept at the start of the next one.

Both collections record the embedder that built the store (metadata ``embedder``, name+config
JSON); opening it with another embedder is refused. The sources collection's metadata also holds
the write token (``lexgen``) that keys the persisted lexical index and records snapshot kept
beside the store, or for a server in the local store folder (lexindex.py, lexstore.py).

Access is by id: a source's chunks are ``<sid>:0000`` … ``<sid>:<chunks-1>`` and ``<sid>:meta``,
so records, chunks and texts are fetched by id, never by a ``where`` scan or a load of every
record. On a server, writers take a lease (lease.py) so that two ingests never interleave.

Readers of an embedded store do not open Chroma at all while draftbot's own files are current
(`_trust_local`): the lexical manifest records Chroma's commit stamp and the embedder when it is
written, and equal stamps now mean no process wrote since. Records, chunk texts and vectors then
come from ``lexical/local.sqlite`` (localdb.py); Chroma is connected on a dense query with a real
embedder, or whenever anything does not match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from draftbot.errors import UserError  # noqa: E402
from draftbot.index.chunking import META_INDEX, chunk_id, source_chunk_ids  # noqa: E402
from draftbot.index.lexical import DEFAULT_ANALYZER  # noqa: E402
from draftbot.index.lock import StoreLock  # noqa: E402
from draftbot.text.dates import date_int  # noqa: E402

if TYPE_CHECKING:  # pydantic loads with the first record built: a no-op ingest builds none
    from draftbot.models import Chunk, SourceRecord

CHUNKS = "draftbot_chunks"
# what `where.build_where` filters a dense query on: all of a chunk's metadata an embedded store
# gives Chroma (the rest, with the text, is in lexical/local.sqlite: `ChromaStore.texts_local`)
FILTER_KEYS = ("source_id", "date_int", "publisher", "kind")
# A dense query filtered to at most this many chunks (a day's, a section's sources) is scored
# from the index files, every chunk let through; Chroma's filtered search loads the collection.
LOCAL_DENSE_MAX = 2000
SOURCES = "draftbot_sources"
PAGE = 5000
TOKEN_KEY = "lexgen"  # the write token in the sources collection's metadata (see lexstore)
LEXICAL_RECHECK_SECONDS = 30.0  # server stores only: see Store.lexical


def _date_str(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _parse_date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _source_id_of(chunk_id_: str) -> str:
    return chunk_id_.rsplit(":", 1)[0]


def check_server(url: str, timeout: float = 3.0) -> tuple[str, int, bool]:
    """Host, port, ssl of a Chroma server URL after a quick heartbeat; UserError if unreachable."""
    import urllib.error
    import urllib.request

    u = urlparse(url if "://" in url else f"http://{url}")
    if u.scheme not in ("http", "https") or not u.hostname:
        raise UserError(f"Chroma server URL {url!r} is not valid: expected http://HOST:PORT")
    port = u.port or (443 if u.scheme == "https" else 8000)
    base = f"{u.scheme}://{u.hostname}:{port}"
    try:
        with urllib.request.urlopen(f"{base}/api/v2/heartbeat", timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        raise UserError(f"Chroma server at {base} not reachable: HTTP {exc.code} from /api/v2/heartbeat") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"Chroma server at {base} not reachable: {reason}") from None
    return u.hostname, port, u.scheme == "https"


class ChromaStore:
    """The `Store` contract (store.py) over Chroma. Open with `open_store(settings)`; use as a context manager or call `close()`.

    Chroma is connected on first use, not at open: a no-op ingest answered from the stat cache
    never pays for it (importing chromadb and opening its files is most of a cold start)."""

    def __init__(self, connect, settings, where: str, lock: StoreLock | None, store_dir: Path | None,
                 local_dir: Path | None = None, lease=None) -> None:
        self._connect_fn = connect
        self._settings = settings
        self._embedder = None
        self.where = where
        self.store_dir = store_dir
        self.local_dir = store_dir if store_dir is not None else local_dir
        self._lock = lock
        self._lease = lease
        self._conn = None  # (client, sources_col, chunks_col, analyzer)
        self._records: dict[str, SourceRecord] | None = None
        self._sorted: list[SourceRecord] | None = None
        self._by_id: dict[str, dict | None] = {}  # raw record metadata fetched by id (None: absent)
        self._lexical = None  # (counts, ids hash, checked at, BM25, ids, metas): no local folder only
        self._lexindex = None
        self.index_writer = None  # set by lexstore.IndexWriter while an ingest runs
        self._count: int | None = None
        self._dirty = False
        self._trusted: dict | None = None  # the key read from draftbot's own files (see _trust_local)
        self._key: dict | None = None  # key() of an embedded store, kept until this process writes
        self._local = None  # localdb.Reader while trusted
        self._trusted_analyzer = ""
        self._stamp: list | None = None  # commit_stamp, kept while this reader has not connected Chroma
        self._fresh: dict | None = None  # _before_connect's answer, kept until this process connects

    # --- connecting (lazy) -----------------------------------------------------------------------
    @property
    def embedder(self):
        """The embedding function (built on first use: it imports chromadb)."""
        if self._embedder is None and self._conn is None:
            dim = self._unconnected_hash_dim()
            if dim is not None:  # hash vectors without importing chromadb (hashing.py)
                from draftbot.index.hashing import HashVectors

                self._embedder = HashVectors(dim=dim)
                return self._embedder
        if self._embedder is None:
            from draftbot.index.embedder_spec import is_bare_hash
            from draftbot.index.embeddings import make_embedder

            if is_bare_hash(self._settings):
                self._connect()  # learns the store's own dimension (and builds the embedder)
            if self._embedder is None:
                self._embedder = make_embedder(self._settings)
        return self._embedder

    def _unconnected_hash_dim(self) -> int | None:
        """The hash embedder's dimension when draftbot's own files tell it (a trusted reader, or a
        writer before it connects: `_before_connect`); None for another embedder, or to ask Chroma
        (which also refuses an embedder the store was not built with)."""
        from draftbot.index.embedder_spec import DEFAULT_DIM, NEW_STORE_DIM, hash_dim_of, parse_spec

        kind, arg = parse_spec(self._settings)
        if kind != "hash":
            return None
        if self._local_reads() is not None:
            return int(arg or 0) or DEFAULT_DIM
        before = self._before_connect()
        if before is None:
            return None
        built = before["embedder"]
        if built is None:  # a new store
            dim = int(arg or 0) or NEW_STORE_DIM
        elif arg:
            dim = int(arg) if built == self.embedder_signature else None
        else:
            dim = hash_dim_of(built)
        if dim is not None and not arg:
            self._adopt_hash_dim(dim)
        return dim

    @property
    def embedder_signature(self) -> str:
        """What the store records about its embedder, from the settings alone (no chromadb)."""
        from draftbot.index.embedder_spec import signature_for

        return signature_for(self._settings)

    def _resolve_hash_dim(self, client) -> None:
        """`hash` with no dimension: the one this store was built with, else NEW_STORE_DIM."""
        from draftbot.index.embedder_spec import NEW_STORE_DIM, hash_dim_of, is_bare_hash
        from draftbot.index.embeddings import HashEmbedding

        if not is_bare_hash(self._settings):
            return
        try:
            built = (client.get_collection(SOURCES, embedding_function=HashEmbedding(dim=8)).metadata or {}).get("embedder")
        except Exception:  # no such collection (a new store); any real failure shows on the next call
            built = None
        self._adopt_hash_dim(hash_dim_of(built) or NEW_STORE_DIM)

    def _adopt_hash_dim(self, dim: int) -> None:
        self._settings = self._settings.model_copy(update={"embedder": f"hash:{dim}"})
        self._embedder = None

    def embedder_matches(self, signature: str | None) -> bool:
        """Is `signature` (recorded by an earlier ingest) this store's embedder? With `hash` and no
        dimension, a hash signature is, and its dimension is adopted (no Chroma call)."""
        from draftbot.index.embedder_spec import hash_dim_of, is_bare_hash

        if is_bare_hash(self._settings):
            dim = hash_dim_of(signature)
            if dim is None:
                return False
            self._adopt_hash_dim(dim)
            return True
        return signature == self.embedder_signature

    def _connect(self):
        if self._conn is None:
            from draftbot.index.embeddings import HashEmbedding

            client = self._connect_fn()
            self._resolve_hash_dim(client)
            sig = self.embedder_signature
            internal = HashEmbedding(dim=8)  # sources carry explicit 1-d embeddings; never Chroma's default
            sources_col = client.get_or_create_collection(SOURCES, embedding_function=internal, metadata={"embedder": sig})
            built = (sources_col.metadata or {}).get("embedder")
            if built and built != sig:
                raise UserError(
                    f"store {self.where} built with embedder {_describe(built)}; you asked for {_describe(sig)}; "
                    "use a new --store or re-ingest"
                )
            if self._embedder is None or not hasattr(self._embedder, "get_config"):
                from draftbot.index.embeddings import make_embedder

                # (a trusted reader's chromadb-free hash vectors are replaced: Chroma needs its class)
                self._embedder = make_embedder(self._settings)
            chunks_col = client.get_or_create_collection(
                CHUNKS,
                embedding_function=self._embedder,
                metadata={"embedder": sig, "analyzer": DEFAULT_ANALYZER},
                configuration={"hnsw": {"space": "cosine"}},
            )
            # the BM25 analyzer is fixed when the store is created: stored tokens and queries must agree
            analyzer = (chunks_col.metadata or {}).get("analyzer", "jieba")
            self._conn = (client, sources_col, chunks_col, analyzer)
            if self._lease is not None:
                import httpx
                from chromadb.errors import ChromaError

                try:
                    self._lease.acquire(client)
                except (ChromaError, OSError, httpx.HTTPError) as exc:
                    raise UserError(f"store {self.where}: cannot take the writer lease: {_one_line(exc)}") from None
        return self._conn

    def open_for_writes(self) -> None:
        """Import chromadb and open the store now (ingest calls it while its workers prepare the
        first sources, rather than at the first write)."""
        self._connect()

    @property
    def client(self):
        return self._connect()[0]

    @property
    def sources_col(self):
        return self._connect()[1]

    @property
    def chunks_col(self):
        return self._connect()[2]

    @property
    def analyzer(self) -> str:
        if self._trusted is not None and self._conn is None:
            return self._trusted_analyzer
        before = self._before_connect()
        if before is not None:
            return before["analyzer"]
        return self._connect()[3]

    def _trust_local(self) -> bool:
        """A reader of an embedded store: use draftbot's own files, and open Chroma only for a
        dense query, when the lexical index's manifest was stamped with exactly what Chroma has
        committed now (read-only SQLite: nothing wrote since) and by this embedder, and the local
        records + texts file holds the same key."""
        from draftbot.index import localdb
        from draftbot.index.embedder_spec import hash_dim_of, is_bare_hash
        from draftbot.index.lexmanifest import read_manifest

        root = self.lexical_dir()
        m = read_manifest(root) if root is not None else None
        if not m or not isinstance(m.get("key"), dict) or not m.get("commit_stamp") or not m.get("embedder"):
            return False
        if os.environ.get("DRAFTBOT_LOCAL_READS", "1") == "0" or m["commit_stamp"] != self.commit_stamp():
            return False
        sig = m["embedder"]
        if is_bare_hash(self._settings):
            if hash_dim_of(sig) is None:
                return False
            self._adopt_hash_dim(hash_dim_of(sig))
        elif sig != self.embedder_signature:
            return False  # connecting says why in one line
        reader = localdb.Reader.open(root, m["key"])
        if reader is None:
            return False
        self._trusted, self._local, self._trusted_analyzer = dict(m["key"]), reader, str(m.get("analyzer", ""))
        return True

    def _local_reads(self):
        """The local records + texts file when this reader may use it (else None: ask Chroma)."""
        return self._local if self._trusted is not None and self.index_writer is None else None

    # --- opening / closing ---------------------------------------------------------------------
    @classmethod
    def open(cls, settings, write: bool = False, quiet: bool = False, lock_timeout: float | None = None) -> "ChromaStore":
        from draftbot.index.embedder_spec import signature_for

        signature_for(settings)  # an unknown embedder is refused before anything is opened
        if settings.chroma_url:
            host, port, ssl = check_server(settings.chroma_url)

            def connect():
                from draftbot.index import chroma_import  # noqa: F401  (before chromadb: see there)
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                try:
                    return chromadb.HttpClient(host=host, port=port, ssl=ssl,
                                               settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))
                except Exception as exc:
                    raise UserError(f"Chroma server at {settings.chroma_url} not reachable: {exc}") from None

            lease = None
            if write:
                from draftbot.index.lease import Lease

                lease = Lease(settings.chroma_url, timeout=lock_timeout, quiet=quiet)
            store = cls(connect, settings, settings.chroma_url, None, None, _local_folder(settings), lease)
            try:
                store._connect()  # a writer takes the lease now: it expects to be the writer
            except BaseException:
                store.close()
                raise
            return store
        store_dir = Path(settings.store).expanduser()
        try:
            store_dir.mkdir(parents=True, exist_ok=True)
            lock = StoreLock(store_dir, exclusive=write, timeout=lock_timeout, quiet=quiet)
            lock.acquire()
        except PermissionError as exc:
            raise UserError(f"store folder {store_dir} is not writable: {exc.strerror}") from None
        except OSError as exc:
            raise UserError(f"store folder {store_dir} cannot be used: {exc.strerror or exc}") from None
        if not os.access(store_dir, os.W_OK):
            lock.release()
            raise UserError(f"store folder {store_dir} is not writable")

        def connect():
            try:
                from draftbot.index import chroma_import  # noqa: F401  (before chromadb: see there)
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                return chromadb.PersistentClient(path=str(store_dir / "chroma"),
                                                 settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))
            except UserError:
                raise
            except Exception as exc:
                why = _one_line(exc, store_dir)
                if why.startswith("no space left"):  # not damage: nothing to repair, space to free
                    raise UserError(f"store {store_dir} needs disk space: {why}; free some and run the command again") from None
                raise UserError(f"store {store_dir} cannot be opened: {why}; "
                                "`draftbot ingest --repair PATH...` rebuilds it from the source files") from None

        store = cls(connect, settings, str(store_dir), lock, store_dir)
        if not write and store._trust_local():
            return store  # Chroma is connected on the first dense query, if any
        if not write:
            # readers connect now (errors such as another embedder surface at open); a writer
            # (ingest) connects when it first needs Chroma, which a no-op ingest never does
            try:
                store._connect()
                from draftbot.index.lexstore import refuse_lost_database

                refuse_lost_database(store)  # an emptied database never reads as "no sources"
            except BaseException:
                store.close()
                raise
        return store

    def commit_stamp(self) -> list | None:
        """What Chroma has committed, read through SQLite read-only (None for a server): equal
        stamps mean no process wrote to the store since they were taken. Not the files' mtimes:
        every client open (a `search`, a `check`) touches the database without writing data."""
        if self.store_dir is None:
            return None
        # a reader that has not connected Chroma holds the shared lock: no writer can commit
        # meanwhile, so one read serves the whole command (it counts every embedding)
        reader = self._lock is not None and not self._lock.exclusive and self._conn is None
        if reader and self._stamp is not None:
            return self._stamp
        stamp = chroma_write_stamp(self.store_dir / "chroma" / "chroma.sqlite3")
        self._stamp = stamp if reader else None
        return stamp

    def close(self) -> None:
        if self._local is not None:
            self._local.close()
            self._local, self._trusted = None, None
        self._lexical = None
        self._lexindex = None
        self._records = self._sorted = None
        self._by_id = {}
        if self._lease is not None and self._conn is not None:
            self._lease.release(self._conn[0])
        self._lease = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "ChromaStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def max_batch(self) -> int:
        try:
            return max(1, min(int(self.client.get_max_batch_size()), 4096))
        except Exception:
            return 1000

    # --- sources -------------------------------------------------------------------------------
    def _load_records(self) -> dict[str, SourceRecord]:
        if self._records is None and (local := self._local_reads()) is not None:
            self._records = {sid: _record(sid, m, trusted=True) for sid, m in local.records()}
        w = self.index_writer
        if self._records is None and w is not None and not self._dirty and getattr(w, "valid", False):
            # an ingest before its first write: the snapshot its index writer validated against
            # the store's key is exact (paging 16k records out of Chroma took 2.1 s)
            raw = w.records_snapshot()
            if raw is not None:
                self._records = {sid: _record(sid, m, trusted=True) for sid, m in raw.items()}
        if self._records is None and self.index_writer is None and self.lexical_index() is not None:
            # the snapshot kept with the lexical index: one local file instead of a scan of Chroma
            from draftbot.index.lexstore import snapshot_records

            raw = snapshot_records(self, self.lexical_dir(), self._lexindex.manifest["key"])
            if raw is not None:
                self._records = {sid: _record(sid, m, trusted=True) for sid, m in raw.items()}
        if self._records is None:
            recs: dict[str, SourceRecord] = {}
            for ids, metas in self._pages(self.sources_col, ["metadatas"]):
                for sid, m in zip(ids, metas):
                    recs[sid] = _record(sid, m)
            self._records = recs
        return self._records

    def sources(self) -> list[SourceRecord]:
        """Every committed source, sorted by date (newest first), then title. Loads every
        record: for labelling hits use `get_sources`."""
        if self._sorted is None or self._records is None:
            recs = list(self._load_records().values())
            recs.sort(key=lambda r: (-(date_int(r.date)), r.title, r.id))
            self._sorted = recs
        return list(self._sorted)  # sorted once per load: a draft asks three times

    def raw_records(self, source_ids: list[str]) -> dict[str, dict]:
        """Record metadata by id, fetched once per id (absent ids are left out)."""
        need = [s for s in dict.fromkeys(source_ids) if s not in self._by_id]
        if need and (local := self._local_reads()) is not None:
            found = local.raw_records(need)
            for sid in need:
                self._by_id[sid] = found.get(sid)
            need = []
        step = self.max_batch() if len(need) > 100 else 100
        for i in range(0, len(need), step):
            part = need[i : i + step]
            got = self.sources_col.get(ids=part, include=["metadatas"])
            found = dict(zip(got["ids"], got["metadatas"]))
            for sid in part:
                self._by_id[sid] = found.get(sid)
        return {s: self._by_id[s] for s in source_ids if self._by_id.get(s) is not None}

    def sources_between(self, date_from: dt.date | None, date_to: dt.date | None) -> list[SourceRecord]:
        lo, hi = date_int(date_from), date_int(date_to) if date_to else 99999999
        if self._records is None and (local := self._local_reads()) is not None:  # a range of the date index
            recs = [_record(sid, m, trusted=True) for sid, m in local.records(lo, hi)]
            recs.sort(key=lambda r: (-(date_int(r.date)), r.title, r.id))
            return recs
        return [r for r in self.sources() if lo <= date_int(r.date) <= hi]

    def get_sources(self, source_ids: list[str]) -> dict[str, SourceRecord]:
        """Committed records by id (absent ids are left out)."""
        if self._records is not None:
            return {s: self._records[s] for s in source_ids if s in self._records}
        return {s: _record(s, m) for s, m in self.raw_records(list(source_ids)).items()}

    def get_source(self, source_id: str) -> SourceRecord | None:
        return self.get_sources([source_id]).get(source_id)

    def source_ids(self) -> set[str]:
        return set(self.source_ids_listing())

    def source_ids_listing(self) -> list[str]:
        """Ids of every committed source (no metadata read)."""
        if (local := self._local_reads()) is not None:
            return local.source_ids()
        return [sid for ids, _ in self._pages(self.sources_col, []) for sid in ids]

    def source_count(self) -> int:
        if self._local_reads() is not None:
            return int(self._trusted["sources"])
        return self.sources_col.count()

    # --- chunks --------------------------------------------------------------------------------
    def _chunks_by_id(self, source_id: str) -> tuple[list[tuple[str, str, dict]], dict | None]:
        """(id, document, metadata) of a source's body chunks in order, by id from its record."""
        raw = self.raw_records([source_id]).get(source_id)
        if raw is None:
            return [], None
        ids = [chunk_id(source_id, i) for i in range(int(raw.get("chunks", 0)))]
        rows = self.get_chunks(ids)
        return [(cid, *rows[cid]) for cid in ids if cid in rows], raw

    def source_chunks(self, source_id: str) -> list[Chunk]:
        """Body chunks of one source in order (the meta chunk excluded)."""
        rows, _ = self._chunks_by_id(source_id)
        return [_chunk(cid, doc, m) for cid, doc, m in rows]

    def source_text(self, source_id: str) -> str:
        """The source body, rebuilt exactly from its chunks and the whitespace stored between them."""
        rows, raw = self._chunks_by_id(source_id)
        tail = (raw or {}).get("tail", "")
        return "".join(m.get("lead", "") + doc for _, doc, m in rows) + tail

    def chunk_ids(self) -> list[str]:
        return [cid for ids, _ in self._pages(self.chunks_col, []) for cid in ids]

    def chunk_rows(self, include_documents: bool = False) -> Iterator[tuple[str, str | None, dict]]:
        """(id, document or None, metadata) for every chunk, paged."""
        if (local := self._local_reads()) is not None:
            for cid, doc, m in local.all_chunks():
                yield cid, (doc if include_documents else None), m
            return
        inc = ["metadatas", "documents"] if include_documents else ["metadatas"]
        for ids, docs, metas in self._pages3(self.chunks_col, inc):
            yield from self._with_texts(list(zip(ids, docs or [None] * len(ids), metas)), texts=include_documents)

    def chunk_rows_of(self, source_ids: list[str], include_documents: bool = False) -> Iterator[tuple[str, str | None, dict]]:
        """(id, document or None, metadata) for the chunks of these sources, read by id."""
        raws = self.raw_records(source_ids)
        ids = []
        for sid in source_ids:
            if sid in raws:
                ids += source_chunk_ids(sid, int(raws[sid].get("chunks", 0)))
        if (local := self._local_reads()) is not None:
            rows = local.chunks(ids)
            for cid in ids:
                if cid in rows:
                    yield cid, (rows[cid][0] if include_documents else None), rows[cid][1]
            return
        inc = ["metadatas", "documents"] if include_documents else ["metadatas"]
        step = self.max_batch()
        for i in range(0, len(ids), step):
            got = self.chunks_col.get(ids=ids[i : i + step], include=inc)
            docs = got["documents"] if include_documents else [None] * len(got["ids"])
            rows = {cid: (doc, m) for cid, doc, m in self._with_texts(list(zip(got["ids"], docs, got["metadatas"])),
                                                                       texts=include_documents)}
            for cid in ids[i : i + step]:
                if cid in rows:
                    yield cid, *rows[cid]

    def chunk_vectors(self, records: list[SourceRecord]) -> tuple[list[str], list[dict], list]:
        """(ids, metadatas, embeddings) of every chunk of these sources, read by id."""
        ids = [cid for r in records for cid in source_chunk_ids(r.id, r.chunks)]
        if (local := self._local_reads()) is not None:
            got = local.vectors(ids)
            if len(got) == len(ids) or not ids:
                keep = [c for c in ids if c in got]
                return keep, [got[c][0] for c in keep], [got[c][1] for c in keep]
        out: tuple[list[str], list[dict], list] = ([], [], [])
        step = self.max_batch()
        for i in range(0, len(ids), step):
            got = self.chunks_col.get(ids=ids[i : i + step], include=["embeddings", "metadatas"])
            out[0].extend(got["ids"])
            out[1].extend(m for _, _, m in self._with_texts([(c, None, m) for c, m in zip(got["ids"], got["metadatas"])],
                                                          texts=False))
            out[2].extend(got["embeddings"])
        return out

    def missing_chunks(self, records: list[SourceRecord]) -> set[str]:
        """Ids of the sources among `records` some of whose chunks (per their record) are absent."""
        want = [(r.id, cid) for r in records for cid in source_chunk_ids(r.id, r.chunks)]
        have: set[str] = set()
        step = self.max_batch()
        for i in range(0, len(want), step):
            have.update(self.chunks_col.get(ids=[c for _, c in want[i : i + step]], include=[])["ids"])
        return {sid for sid, cid in want if cid not in have}

    def get_chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        if not ids:
            return {}
        if (local := self._local_reads()) is not None:
            return local.chunks(ids)
        got = self.chunks_col.get(ids=ids, include=["documents", "metadatas"])
        return {cid: (doc, m) for cid, doc, m in self._with_texts(list(zip(got["ids"], got["documents"], got["metadatas"])))}

    def chunk_count(self) -> int:
        """Chunks in the store (cached until this Store writes: every search asks)."""
        if self._count is None:
            self._count = int(self._trusted["chunks"]) if self._local_reads() is not None else self.chunks_col.count()
        return self._count

    def dense_query(self, embedding, n: int, where: dict | None) -> list[tuple[str, float]]:
        """Chroma's HNSW query for one vector (cosine space: similarity = 1 - distance). A trusted
        reader of an embedded store searches Chroma's persisted index files itself (hnsw_read.py:
        the same answer, without importing chromadb); with a filter by date or source ids it
        scores every chunk let through, when there are at most LOCAL_DENSE_MAX; else Chroma
        answers."""
        total = self.chunk_count()
        if total == 0:
            return []
        if self._conn is None and (local := self._local_reads()) is not None and self.store_dir is not None:
            from draftbot.index import hnsw_read

            if where is None:
                got = hnsw_read.dense_query(self.store_dir / "chroma", CHUNKS, embedding[0], min(n, total))
            else:
                among = local.chunk_ids_where(where, LOCAL_DENSE_MAX)
                got = None if among is None else \
                    hnsw_read.dense_among(self.store_dir / "chroma", CHUNKS, embedding[0], n, among)
            if got is not None:
                return [(cid, 1.0 - float(d)) for cid, d in got]
        try:
            res = self.chunks_col.query(query_embeddings=embedding, n_results=min(n, total), where=where, include=["distances"])
        except Exception as exc:  # Chroma raises when a filter leaves fewer items than asked for in old versions
            raise UserError(f"dense search failed in store {self.where}: {exc}") from None
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]

    def key(self) -> dict:
        """{"token", "chunks", "sources"}: what the lexical index and the mention table are keyed
        by. An embedded store's key is exact while this Store is open (file lock) until this
        process writes; before its first write, an ingest takes it from draftbot's own files when
        Chroma's commit stamp says nothing wrote since they were written (no count: ~0.1 s each at
        100k chunks). A server's counts are read fresh."""
        if self._local_reads() is not None:
            return dict(self._trusted)
        before = self._before_connect()
        if before is not None:
            return dict(before["key"])
        if self._key is not None and self.index_writer is None:
            return dict(self._key)
        fresh = self.shared or self.index_writer is not None  # an ingest re-reads (a lost write shows)
        chunks = self.chunks_col.count() if fresh else self.chunk_count()
        got = {"token": self.write_token(), "chunks": chunks, "sources": self.source_count()}
        if not self.shared and self.index_writer is None:
            self._key = got
        return dict(got)

    def _before_connect(self) -> dict | None:
        """What an embedded store's writer would learn by connecting, before its first write and
        without importing chromadb (so that ingest's workers start preparing while this process
        opens Chroma): {"key", "analyzer", "embedder"} from the lexical manifest when it was stamped
        with what Chroma has committed now (read-only SQLite), or a new store's when Chroma has no
        file yet. None: connect and ask."""
        if (self.store_dir is None or self._dirty or self._conn is not None or not getattr(self._lock, "exclusive", False)
                or os.environ.get("DRAFTBOT_LOCAL_READS", "1") == "0"):
            return None
        if self._fresh is None:
            self._fresh = self._own_files_view()
        return self._fresh

    def _own_files_view(self) -> dict | None:
        if not (self.store_dir / "chroma" / "chroma.sqlite3").exists():  # Chroma creates it on first connect
            return {"key": {"token": "", "chunks": 0, "sources": 0}, "analyzer": DEFAULT_ANALYZER, "embedder": None}
        from draftbot.index.lexmanifest import read_manifest

        root = self.lexical_dir()
        m = read_manifest(root) if root is not None else None
        if not m or not isinstance(m.get("key"), dict) or not m.get("commit_stamp") or not m.get("analyzer"):
            return None
        if m["commit_stamp"] != self.commit_stamp() or set(m["key"]) != {"token", "chunks", "sources"}:
            return None
        return {"key": dict(m["key"]), "analyzer": str(m["analyzer"]), "embedder": m.get("embedder")}

    # --- writing -------------------------------------------------------------------------------
    def write_token(self) -> str:
        """The store's write token (see lexstore): changed by every ingest that changes the store."""
        if self._local_reads() is not None:
            return str(self._trusted["token"])
        return str((self.sources_col.metadata or {}).get(TOKEN_KEY, ""))

    def set_write_token(self, token: str) -> None:
        col = self.sources_col
        meta = {**(col.metadata or {}), TOKEN_KEY: token}
        self._key = None
        with self._writing():
            col.modify(metadata=meta)  # also updates this process's copy (col.metadata)

    def _before_write(self) -> None:
        """Before the first write of this process: a token no index was built for, so a crash
        from here on leaves any persisted index visibly stale."""
        if self._lease is not None:
            self._lease.check(self.client)
        if not self._dirty:
            self._dirty = True
            self.set_write_token(f"writing-{os.getpid()}-{time.time_ns()}")

    def write_prepared(self, items: list["Prepared"]) -> int:  # noqa: F821 - see ingest.Prepared
        """Write several prepared sources: all their chunks in large batches, then their records."""
        if not items:
            return 0
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict] = []
        for it in items:
            ids += it.ids
            docs += it.docs
            metas += it.metas
        if all(it.embeddings is not None for it in items):  # computed ahead by ingest's workers
            import numpy as np

            emb = np.vstack([it.embeddings for it in items])
        else:
            emb = self.embedder.embed_matrix(docs)
            at = 0
            for it in items:  # kept on the items: the local file stores the same vectors
                it.embeddings, at = emb[at : at + len(it.ids)], at + len(it.ids)
        step = self.max_batch()
        rids = [it.record_id for it in items]
        rmetas = [it.record_meta for it in items]
        self._before_write()
        try:
            with self._writing():
                local = self.texts_local
                if local:
                    metas = [{k: m[k] for k in FILTER_KEYS if k in m} for m in metas]
                for i in range(0, len(ids), step):
                    self.chunks_col.upsert(ids=ids[i : i + step], documents=None if local else docs[i : i + step],
                                           metadatas=metas[i : i + step], embeddings=emb[i : i + step])
                if local:  # the texts are durable before the records commit their sources
                    self._keep_texts(items)
                for i in range(0, len(rids), step):
                    self.sources_col.upsert(ids=rids[i : i + step], metadatas=rmetas[i : i + step], embeddings=[[1.0]] * len(rids[i : i + step]))
        finally:
            self._invalidate()
        return len(ids)

    @property
    def texts_local(self) -> bool:
        """An embedded store keeps chunk texts, and all chunk metadata but `FILTER_KEYS`, only in
        its local file (localdb.py), not in Chroma: they, Chroma's full-text index of the texts and
        its index of every metadata value were 60% of the store. A server keeps them."""
        return self.store_dir is not None

    def _keep_texts(self, items: list) -> None:
        w = self.index_writer
        if w is not None and hasattr(w, "keep_texts"):
            w.keep_texts(items)
        else:  # a write outside ingest (tests, tools): the rows alone, the file keyed by no one
            from draftbot.index.lexstore import keep_texts

            keep_texts(self, items)

    def _with_texts(self, rows: list[tuple[str, str | None, dict]], texts: bool = True) -> list[tuple[str, str | None, dict]]:
        """Rows read from Chroma with their texts and full metadata: an embedded store's come from
        the local file (rows written before they left Chroma carry both there too). A committed
        chunk whose text is nowhere is one line naming `--repair`; an orphan's (a chunk written
        before a crash, its text never kept) stays None: the next ingest sweeps it."""
        if not self.texts_local or not rows:
            return rows
        from draftbot.index import localdb

        found = localdb.rows(self.lexical_dir(), [cid for cid, _, _ in rows])
        if texts and any(doc is None and cid not in found for cid, doc, _ in rows):
            committed = set(self.source_ids_listing())
            lost = {cid for cid, doc, _ in rows if doc is None and cid not in found and _source_id_of(cid) in committed}
            if lost:
                raise UserError(f"store {self.where}: the texts of {len(lost)} chunks are missing (lexical/local.sqlite lost "
                                "or damaged); `draftbot ingest --repair PATH...` re-reads them from the source files")
        out = []
        for cid, doc, m in rows:
            if cid in found:
                doc, m = (found[cid][0] if texts else None), found[cid][1]
            out.append((cid, doc, m))
        return out

    def move_source(self, source_id: str, new_path: str) -> None:
        """Record that a source's content now lives at `new_path` (a renamed file)."""
        self._before_write()
        try:
            with self._writing():
                self.sources_col.update(ids=[source_id], metadatas=[{"path": new_path}])
        finally:
            self._invalidate()

    def remove_sources(self, source_ids: list[str]) -> None:
        """Remove sources: their records first (uncommit), then their chunks, by id when the
        record says how many there are."""
        if not source_ids:
            return
        raws = self.raw_records(list(source_ids))
        self._before_write()
        try:
            with self._writing():
                self.sources_col.delete(ids=list(source_ids))
                step = self.max_batch()
                ids = [c for sid in source_ids if sid in raws
                       for c in [*(chunk_id(sid, i) for i in range(int(raws[sid].get("chunks", 0)))), f"{sid}:meta"]]
                for i in range(0, len(ids), step):
                    self.chunks_col.delete(ids=ids[i : i + step])
                for sid in source_ids:  # chunks a record did not account for (none, normally)
                    if sid not in raws or self.chunks_col.get(where={"source_id": sid}, include=[], limit=1)["ids"]:
                        self.chunks_col.delete(where={"source_id": sid})
        finally:
            self._invalidate()

    def orphan_ids(self) -> set[str]:
        """Chunks whose source has no record: left by an interrupted ingest, or still being written."""
        self._invalidate()
        committed = set(self.source_ids_listing())
        return {cid for cid in self.chunk_ids() if _source_id_of(cid) not in committed}

    @property
    def shared(self) -> bool:
        """A Chroma server: other machines may be ingesting now, and no file lock keeps them out."""
        return self._lock is None

    def sweep_orphans(self, only: set[str] | None = None) -> int:
        """Delete orphan chunks (restricted to `only` when given).

        Embedded stores hold the exclusive file lock, so every orphan is a crash leftover. On a
        server another ingest may be between writing its chunks and its record, so `ingest` sweeps
        there only chunks that were orphans both before and after its own run.
        """
        orphans = self.orphan_ids()
        if only is not None:
            orphans &= only
        orphans = sorted(orphans)
        if orphans:
            self._before_write()
        step = self.max_batch()
        with self._writing():
            for i in range(0, len(orphans), step):
                self.chunks_col.delete(ids=orphans[i : i + step])
        if orphans:
            self._invalidate()
        return len(orphans)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A failed Chroma write (disk full, server gone) is one line, not a traceback. What was
        written before the failure is either committed (records written) or orphan chunks that the
        next ingest sweeps, so "free space and run ingest again" is always safe."""
        import httpx
        from chromadb.errors import ChromaError

        try:
            yield
        except (ChromaError, OSError, httpx.HTTPError) as exc:
            raise UserError(
                f"store {self.where}: write failed: {_one_line(exc, self.local_dir)}; sources committed so far "
                "are kept, run ingest again to finish"
            ) from None

    def drop_connection(self) -> None:
        """Forget the open Chroma client and chromadb's per-folder cache of it: the next use opens
        the folder anew (after `ingest --repair` set a damaged database aside)."""
        from chromadb.api.client import SharedSystemClient

        self._conn = None
        self._invalidate()
        SharedSystemClient.clear_system_cache()

    def release_client(self) -> None:
        """An embedded store's writer done with Chroma: let go of the client and chromadb's cache
        of it, and with them the collections' HNSW indexes loaded by the first write (~110 MiB at
        100k chunks), so what the ingest still does (the lexical segment, the number facts, the stat
        cache) does not add to that peak. What this process knows of the store (its key) is kept;
        a later Chroma call connects again. A server's client (and its lease) stays."""
        if self.store_dir is None or self._conn is None:
            return
        close = getattr(self._conn[0], "close", None)
        self._conn = None
        if close is not None:
            # closed, not just forgotten: the client's system and its components form reference
            # cycles that only a full GC pass (0.1 s) would free; the last client's close stops
            # the system (the Rust bindings go at once) and drops it from chromadb's cache
            close()
        from draftbot.index.hnsw_read import refresh_sidecars

        refresh_sidecars(self.store_dir / "chroma")  # what the next cold dense query needs, once

    def _invalidate(self) -> None:
        self._key = None
        self._count = None
        self._records = self._sorted = None
        self._by_id = {}
        self._lexical = None
        self._lexindex = None

    # --- lexical index -------------------------------------------------------------------------
    def lexical_dir(self) -> Path | None:
        """Where this store's persisted lexical index lives (None: nowhere writable)."""
        from draftbot.index.lexmanifest import index_dir_for

        return index_dir_for(self.store_dir, self.where, self.local_dir)

    def lexical_index(self):
        """The persisted BM25 index (`lexindex.LexIndex`), checked against the store's key and
        refreshed when stale; None when there is no local folder to keep it in."""
        if self._lexindex is None:
            from draftbot.index.lexstore import open_index

            try:
                self._lexindex = open_index(self)
            except OSError:
                self._lexindex = None  # unwritable folder: fall back to an in-memory BM25
        return self._lexindex

    def lexical(self):
        """(BM25, ids, metas) over all chunks built in memory (BM25 grouped by source id), cached
        per Store. Only used where no persisted index can be kept (`lexical_index` is None).

        The cache is checked with two `count()` calls; on a Chroma server the full id list is
        compared again once `LEXICAL_RECHECK_SECONDS` have passed since the last comparison.
        """
        key = (self.chunks_col.count(), self.sources_col.count())
        cached = self._lexical
        if cached is not None and cached[0] == key:
            if not self.shared or time.monotonic() - cached[2] < LEXICAL_RECHECK_SECONDS:
                return cached[3:]
            ids_key = _ids_key(self.chunk_ids())
            if ids_key == cached[1]:
                self._lexical = (key, ids_key, time.monotonic(), *cached[3:])
                return cached[3:]
        built = self._build_lexical()
        self._lexical = (key, _ids_key(built[1]), time.monotonic(), *built)
        return built

    def _build_lexical(self):
        from draftbot.index.lexical import BM25, tokenize

        all_ids: list[str] = []
        metas: list[dict] = []
        toks: list[list[str]] = []
        stored = self.analyzer != "bigram"  # see ingest.prepare: only slow analyzers store tokens
        for cid, doc, m in self.chunk_rows(include_documents=not stored):
            all_ids.append(cid)
            toks.append(m.pop("toks", "").split() if stored else tokenize(doc or "", self.analyzer))
            metas.append(m)
        bm = BM25(all_ids, toks, groups=[_source_id_of(c) for c in all_ids])
        return bm, all_ids, metas

    # --- helpers -------------------------------------------------------------------------------
    @classmethod
    def _pages(cls, col, include: list[str]) -> Iterator[tuple[list[str], list[dict]]]:
        for ids, _, metas in cls._pages3(col, include):
            yield ids, metas

    @staticmethod
    def _pages3(col, include: list[str]) -> Iterator[tuple[list[str], list[str] | None, list[dict]]]:
        offset = 0
        while True:
            got = col.get(include=include, limit=PAGE, offset=offset)
            ids = got["ids"]
            if not ids:
                return
            yield ids, got.get("documents"), got.get("metadatas") or []
            if len(ids) < PAGE:
                return
            offset += len(ids)


def _local_folder(settings) -> Path | None:
    """The local store folder a server client keeps its caches in (None if unusable)."""
    try:
        p = Path(settings.store).expanduser()
        p.mkdir(parents=True, exist_ok=True)
        return p if os.access(p, os.W_OK) else None
    except (OSError, TypeError, AttributeError):
        return None



def _ids_key(ids: list[str]) -> str:
    return hashlib.blake2b("\n".join(ids).encode(), digest_size=16).hexdigest()


def _one_line(exc: BaseException, folder: Path | None = None) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "disk is full" in text or "No space left" in text or _full(folder):
        # Chroma words a full disk in several ways (e.g. "Error in compaction"): say what it means
        return f"no space left on device ({text[:160]})"
    return text[:200]


def _full(folder: Path | None) -> bool:
    """The store's file system has (next to) no room left."""
    if folder is None:
        return False
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 256 * 1024


def _describe(sig: str) -> str:
    try:
        d = json.loads(sig)
    except ValueError:
        return sig
    name, cfg = d.get("name", "?"), d.get("config", {})
    if name == "draftbot-hash":
        return f"hash(dim={cfg.get('dim')})"
    if name == "draftbot-openai":
        # the endpoint is part of the signature, so it must show: else the message reads "built
        # with openai:m; you asked for openai:m"
        from draftbot.endpoints import display_url

        base = cfg.get("base_url")
        return f"openai:{cfg.get('model')}" + (f" at {display_url(base)}" if base else " at api.openai.com")
    return f"{name}{cfg}"


def _record(sid: str, m: dict[str, Any], trusted: bool = False) -> SourceRecord:
    """A record from stored metadata. `trusted`: the local snapshot, whose values were validated
    when written (keywords already a list), is built without re-validating 16k records."""
    from draftbot.models import SourceRecord

    kws = m.get("keywords") or "[]"
    if isinstance(kws, str):
        try:
            kws = json.loads(kws)
        except ValueError:
            kws = []
    notes = _load_notes(m)
    if trusted:
        return SourceRecord.model_construct(
            id=sid, title=m.get("title", ""), publisher=m.get("publisher", ""), date=_parse_date(m.get("date")),
            url=m.get("url") or None, usage=m.get("usage", ""), lang=m.get("lang", "zh"), kind=m.get("kind", "release"),
            summary=m.get("summary", ""), keywords=list(kws), path=m.get("path", ""), chunks=int(m.get("chunks", 0)),
            **notes,
        )
    return SourceRecord(
        id=sid,
        title=m.get("title", ""),
        publisher=m.get("publisher", ""),
        date=_parse_date(m.get("date")),
        url=m.get("url") or None,
        usage=m.get("usage", ""),
        lang=m.get("lang", "zh"),
        kind=m.get("kind", "release"),
        summary=m.get("summary", ""),
        keywords=kws,
        path=m.get("path", ""),
        chunks=int(m.get("chunks", 0)),
        **notes,
    )


def _load_notes(m: dict[str, Any]) -> dict[str, Any]:
    """The loader's notes stored with a record (`ingest.load_notes`: JSON text in Chroma, already
    decoded in the local snapshot)."""
    out: dict[str, Any] = {"origin": {}, "warnings": [], "size": None}
    for key, kind in (("origin", dict), ("warnings", list)):
        v = m.get(key)
        if isinstance(v, str):
            try:
                v = json.loads(v)
            except ValueError:
                v = None
        if isinstance(v, kind):
            out[key] = v
    if isinstance(m.get("size"), int):
        out["size"] = m["size"]
    return out


def _chunk(cid: str, doc: str, m: dict[str, Any]) -> Chunk:
    from draftbot.models import Chunk

    return Chunk(
        id=cid,
        source_id=m.get("source_id") or _source_id_of(cid),
        index=int(m.get("index", META_INDEX)),
        text=doc or "",
        start=int(m.get("start", 0)),
        end=int(m.get("end", 0)),
        tokens=int(m.get("tokens", 0)),
    )


def remove_store_dir(path: Path) -> None:
    """For tests and `--fresh` style resets of an embedded store."""
    shutil.rmtree(path, ignore_errors=True)


__all__ = ["ChromaStore", "check_server", "chroma_write_stamp"]


def chroma_write_stamp(db: Path) -> list | None:
    """The embeddings' last sequence id and count and each segment's applied sequence id, read
    without a write lock (`mode=ro`), or None when the database cannot be read that way."""
    import sqlite3

    if not db.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        seq = con.execute("SELECT MAX(seq_id) FROM embeddings_queue").fetchone()[0]
        # two subqueries: MAX(id) is then a rowid lookup, not read from each row of the count's scan (11 -> 4 ms at 100k)
        rows = con.execute("SELECT (SELECT COUNT(*) FROM embeddings), (SELECT MAX(id) FROM embeddings)").fetchone()
        applied = con.execute("SELECT segment_id, seq_id FROM max_seq_id ORDER BY segment_id").fetchall()
        return [["queue", seq], ["embeddings", *rows], ["applied", [list(a) for a in applied]]]
    except sqlite3.Error:
        return None
    finally:
        con.close()
