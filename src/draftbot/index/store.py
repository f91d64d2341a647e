"""The Chroma-backed store: chunks with their embeddings, metadata and BM25 tokens, plus one
record per source.

Everything retrieval needs lives in Chroma, so a store served by `chroma run` works from any
machine:

- ``draftbot_chunks``: one record per chunk (body chunks ``<sid>:<nnnn>`` and the meta chunk
  ``<sid>:meta``); document = chunk text; metadata = source_id, index, start, end, tokens,
  publisher, date (ISO string), date_int (YYYYMMDD, 0 when unknown), kind, meta (bool), lead (the
  original text between the previous chunk and this one — whitespace — so the body can be rebuilt
  exactly) and, for the jieba analyzer only, toks (space-joined tokens for BM25; bigram tokens are
  recomputed from the documents, which is faster than storing them). Title, path, url and usage
  are in the source record only: every metadata string costs Chroma index work on write.
- ``draftbot_sources``: one record per source (front matter, path, chunk count, tail). It is
  written after the source's chunks and acts as the commit marker: chunks whose source has no
  record are orphans from an interrupted ingest and are swept at the start of the next one.

Both collections record the embedder that built the store (metadata ``embedder``, name+config
JSON); opening it with another embedder is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402
from chromadb.errors import ChromaError  # noqa: E402

from draftbot.errors import UserError  # noqa: E402
from draftbot.index.chunking import META_INDEX, chunk_id, make_meta_chunk  # noqa: E402
from draftbot.index.embeddings import HashEmbedding, embedder_signature, make_embedder  # noqa: E402
from draftbot.index.lexical import DEFAULT_ANALYZER  # noqa: E402
from draftbot.index.lock import StoreLock  # noqa: E402
from draftbot.models import Chunk, Source, SourceRecord  # noqa: E402
from draftbot.text.normalize import squash  # noqa: E402

CHUNKS = "draftbot_chunks"
SOURCES = "draftbot_sources"
PAGE = 5000
LEXICAL_RECHECK_SECONDS = 30.0  # server stores only: see Store.lexical


def date_int(d: dt.date | None) -> int:
    return d.year * 10000 + d.month * 100 + d.day if d else 0


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


class Store:
    """Open with `Store.open(settings)`; use as a context manager or call `close()`."""

    def __init__(self, client, embedder, where: str, lock: StoreLock | None, store_dir: Path | None) -> None:
        self.client = client
        self.embedder = embedder
        self.where = where
        self.store_dir = store_dir
        self._lock = lock
        self._records: dict[str, SourceRecord] | None = None
        self._lexical = None  # (counts, ids hash, checked at, BM25, ids, metas)
        sig = embedder_signature(embedder)
        internal = HashEmbedding(dim=8)  # sources carry explicit 1-d embeddings; never Chroma's default
        self.sources_col = client.get_or_create_collection(SOURCES, embedding_function=internal, metadata={"embedder": sig})
        built = (self.sources_col.metadata or {}).get("embedder")
        if built and built != sig:
            raise UserError(
                f"store {where} built with embedder {_describe(built)}; you asked for {_describe(sig)}; "
                "use a new --store or re-ingest"
            )
        self.chunks_col = client.get_or_create_collection(
            CHUNKS,
            embedding_function=embedder,
            metadata={"embedder": sig, "analyzer": DEFAULT_ANALYZER},
            configuration={"hnsw": {"space": "cosine"}},
        )
        # the BM25 analyzer is fixed when the store is created: stored tokens and queries must agree
        self.analyzer = (self.chunks_col.metadata or {}).get("analyzer", "jieba")

    # --- opening / closing ---------------------------------------------------------------------
    @classmethod
    def open(cls, settings, write: bool = False, quiet: bool = False, lock_timeout: float | None = None) -> "Store":
        embedder = make_embedder(settings)
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if settings.chroma_url:
            host, port, ssl = check_server(settings.chroma_url)
            try:
                client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
            except Exception as exc:
                raise UserError(f"Chroma server at {settings.chroma_url} not reachable: {exc}") from None
            return cls(client, embedder, settings.chroma_url, None, None)
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
        try:
            client = chromadb.PersistentClient(path=str(store_dir / "chroma"), settings=chroma_settings)
            return cls(client, embedder, str(store_dir), lock, store_dir)
        except UserError:
            lock.release()
            raise
        except Exception as exc:
            lock.release()
            raise UserError(f"store {store_dir} cannot be opened: {exc}") from None

    def close(self) -> None:
        self._lexical = None
        self._records = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Store":
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
        if self._records is None:
            recs: dict[str, SourceRecord] = {}
            for ids, metas in self._pages(self.sources_col, ["metadatas"]):
                for sid, m in zip(ids, metas):
                    recs[sid] = _record(sid, m)
            self._records = recs
        return self._records

    def sources(self) -> list[SourceRecord]:
        """Committed sources, sorted by date (newest first), then title."""
        recs = list(self._load_records().values())
        recs.sort(key=lambda r: (-(date_int(r.date)), r.title, r.id))
        return recs

    def get_source(self, source_id: str) -> SourceRecord | None:
        return self._load_records().get(source_id)

    def source_ids(self) -> set[str]:
        return set(self._load_records())

    def find_by_title(self, title: str, url: str | None = None) -> SourceRecord | None:
        """Tolerant title match: a URL match first, then squashed equality, then containment."""
        recs = self.sources()
        if url:
            for r in recs:
                if r.url and r.url.rstrip("/") == url.rstrip("/"):
                    return r
        key = squash(title)
        if not key:
            return None
        for r in recs:
            if squash(r.title) == key:
                return r
        contained = [r for r in recs if (k := squash(r.title)) and (key in k or k in key)]
        if contained:
            # the closest length wins: 《…大赛》 should not match a longer unrelated title first
            return min(contained, key=lambda r: abs(len(squash(r.title)) - len(key)))
        return None

    # --- chunks --------------------------------------------------------------------------------
    def source_chunks(self, source_id: str) -> list[Chunk]:
        """Body chunks of one source in order (the meta chunk excluded)."""
        got = self.chunks_col.get(where={"source_id": source_id}, include=["documents", "metadatas"])
        chunks = [_chunk(cid, doc, m) for cid, doc, m in zip(got["ids"], got["documents"], got["metadatas"]) if not m.get("meta")]
        return sorted(chunks, key=lambda c: c.index)

    def source_text(self, source_id: str) -> str:
        """The source body, rebuilt exactly from its chunks and the whitespace stored between them."""
        got = self.chunks_col.get(where={"source_id": source_id}, include=["documents", "metadatas"])
        rows = sorted(
            ((m["index"], m.get("lead", ""), doc) for doc, m in zip(got["documents"], got["metadatas"]) if not m.get("meta")),
        )
        rec = self.get_source(source_id)
        tail = rec_tail(self.sources_col, source_id) if rec else ""
        return "".join(lead + doc for _, lead, doc in rows) + tail

    def chunk_ids(self) -> list[str]:
        return [cid for ids, _ in self._pages(self.chunks_col, []) for cid in ids]

    def all_chunks(self) -> Iterator[Chunk]:
        for ids, docs, metas in self._pages3(self.chunks_col, ["documents", "metadatas"]):
            for cid, doc, m in zip(ids, docs, metas):
                yield _chunk(cid, doc, m)

    def chunk_rows(self, include_documents: bool = False) -> Iterator[tuple[str, str | None, dict]]:
        """(id, document or None, metadata) for every chunk, paged."""
        inc = ["metadatas", "documents"] if include_documents else ["metadatas"]
        for ids, docs, metas in self._pages3(self.chunks_col, inc):
            for i, cid in enumerate(ids):
                yield cid, (docs[i] if docs else None), metas[i]

    def get_chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        if not ids:
            return {}
        got = self.chunks_col.get(ids=ids, include=["documents", "metadatas"])
        return {cid: (doc, m) for cid, doc, m in zip(got["ids"], got["documents"], got["metadatas"])}

    def chunk_count(self) -> int:
        return self.chunks_col.count()

    # --- writing -------------------------------------------------------------------------------
    def upsert_source(self, source: Source, chunks: list[Chunk]) -> int:
        """Write one source (chunks first, then its record). Returns the number of chunks written."""
        from draftbot.index.ingest import prepare

        return self.write_prepared([prepare(source, chunks, analyzer=self.analyzer)])

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
        step = self.max_batch()
        rids = [it.record_id for it in items]
        rmetas = [it.record_meta for it in items]
        try:
            with self._writing():
                for i in range(0, len(ids), step):
                    self.chunks_col.upsert(ids=ids[i : i + step], documents=docs[i : i + step], metadatas=metas[i : i + step], embeddings=emb[i : i + step])
                for i in range(0, len(rids), step):
                    self.sources_col.upsert(ids=rids[i : i + step], metadatas=rmetas[i : i + step], embeddings=[[1.0]] * len(rids[i : i + step]))
        finally:
            self._invalidate()
        return len(ids)

    def remove_source(self, source_id: str) -> None:
        """Remove a source: its record first (uncommit), then its chunks."""
        self.remove_sources([source_id])

    def remove_sources(self, source_ids: list[str]) -> None:
        if not source_ids:
            return
        try:
            with self._writing():
                self.sources_col.delete(ids=list(source_ids))
                for sid in source_ids:
                    self.chunks_col.delete(where={"source_id": sid})
        finally:
            self._invalidate()

    def orphan_ids(self) -> set[str]:
        """Chunks whose source has no record: left by an interrupted ingest, or still being written."""
        self._invalidate()
        committed = set(self._load_records())
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

        try:
            yield
        except (ChromaError, OSError, httpx.HTTPError) as exc:
            raise UserError(
                f"store {self.where}: write failed: {_one_line(exc)}; sources committed so far are kept, "
                "run ingest again to finish"
            ) from None

    def _invalidate(self) -> None:
        self._records = None
        self._lexical = None

    # --- lexical index (cached per Store) ------------------------------------------------------
    def lexical(self):
        """(BM25, ids, metas) over all chunks (BM25 grouped by source id), cached per Store.

        The cache is checked with two `count()` calls, not by reading every chunk id (1.6 s per
        query at 100k chunks). That is exact for an embedded store: this Store's own writes clear
        the cache (`_invalidate`), and the file lock keeps other writers out while it is open. On a
        Chroma server another machine may replace a source by one with as many chunks, which the
        counts miss, so there the full id list is compared again once `LEXICAL_RECHECK_SECONDS`
        have passed since the last comparison.
        """
        import time

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
    @staticmethod
    def _pages(col, include: list[str]) -> Iterator[tuple[list[str], list[dict]]]:
        offset = 0
        while True:
            got = col.get(include=include, limit=PAGE, offset=offset)
            ids = got["ids"]
            if not ids:
                return
            yield ids, (got.get("metadatas") or [])
            if len(ids) < PAGE:
                return
            offset += len(ids)

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


def _ids_key(ids: list[str]) -> str:
    return hashlib.blake2b("\n".join(ids).encode(), digest_size=16).hexdigest()


def rec_tail(col, source_id: str) -> str:
    got = col.get(ids=[source_id], include=["metadatas"])
    return (got["metadatas"][0] or {}).get("tail", "") if got["ids"] else ""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "disk is full" in text or "No space left" in text:
        return f"no space left on device ({text[:160]})"
    return text[:200]


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


def _record(sid: str, m: dict[str, Any]) -> SourceRecord:
    try:
        kws = json.loads(m.get("keywords") or "[]")
    except ValueError:
        kws = []
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
    )


def _chunk(cid: str, doc: str, m: dict[str, Any]) -> Chunk:
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


__all__ = ["Store", "check_server", "date_int", "chunk_id", "make_meta_chunk"]
