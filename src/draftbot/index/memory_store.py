"""A `Store` held in memory: the contract's smallest implementation.

It proves that a second vector store needs only ``index/`` (this file, and a line in
`store.open_store` to choose it), and gives tests a store without a database. Dense queries are
exact cosine over every vector (Chroma's HNSW is approximate); BM25 is built in memory
(`lexical_index()` is None), as for a Chroma server without a local folder.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any, Iterator

from draftbot.index.chunking import META_INDEX, chunk_id, source_chunk_ids
from draftbot.index.lexical import DEFAULT_ANALYZER
from draftbot.index.store import ChunkRow, date_int
from draftbot.index.where import allows
from draftbot.models import Chunk, SourceRecord


class MemoryStore:
    """Sources and chunks in dicts; nothing survives the process."""

    store_dir: Path | None = None
    local_dir: Path | None = None
    index_writer: Any = None

    def __init__(self, settings, where: str = "memory") -> None:
        self.where = where
        self._settings = settings
        self._embedder = None
        self._records: dict[str, dict] = {}  # source id -> stored record metadata
        self._chunks: dict[str, tuple[str, dict, Any]] = {}  # chunk id -> (text, metadata, vector)
        self._token = ""
        self._lexical = None

    # --- identity -----------------------------------------------------------------------------
    @property
    def shared(self) -> bool:
        return False

    @property
    def embedder(self):
        if self._embedder is None:
            from draftbot.index.embeddings import make_embedder

            self._embedder = make_embedder(self._settings)
        return self._embedder

    @property
    def embedder_signature(self) -> str:
        from draftbot.index.embedder_spec import signature_for

        return signature_for(self._settings)

    def embedder_matches(self, signature: str | None) -> bool:
        return signature == self.embedder_signature

    @property
    def analyzer(self) -> str:
        return DEFAULT_ANALYZER

    def key(self) -> dict:
        return {"token": self._token, "chunks": len(self._chunks), "sources": len(self._records)}

    def write_token(self) -> str:
        return self._token

    def set_write_token(self, token: str) -> None:
        self._token = token

    def commit_stamp(self) -> list | None:
        return None  # nothing persists: a no-op ingest always takes the full path

    # --- sources --------------------------------------------------------------------------------
    def _record(self, sid: str) -> SourceRecord:
        m = self._records[sid]
        return SourceRecord(id=sid, title=m.get("title", ""), publisher=m.get("publisher", ""),
                            date=dt.date.fromisoformat(m["date"]) if m.get("date") else None, url=m.get("url") or None,
                            usage=m.get("usage", ""), lang=m.get("lang", "zh"), kind=m.get("kind", "release"),
                            summary=m.get("summary", ""), keywords=_listed(m.get("keywords")), path=m.get("path", ""),
                            chunks=int(m.get("chunks", 0)))

    def sources(self) -> list[SourceRecord]:
        recs = [self._record(s) for s in self._records]
        recs.sort(key=lambda r: (-date_int(r.date), r.title, r.id))
        return recs

    def sources_between(self, date_from: dt.date | None, date_to: dt.date | None) -> list[SourceRecord]:
        lo, hi = date_int(date_from), date_int(date_to) if date_to else 99999999
        return [r for r in self.sources() if lo <= date_int(r.date) <= hi]

    def get_sources(self, source_ids: list[str]) -> dict[str, SourceRecord]:
        return {s: self._record(s) for s in source_ids if s in self._records}

    def get_source(self, source_id: str) -> SourceRecord | None:
        return self.get_sources([source_id]).get(source_id)

    def raw_records(self, source_ids: list[str]) -> dict[str, dict]:
        return {s: dict(self._records[s]) for s in source_ids if s in self._records}

    def source_ids(self) -> set[str]:
        return set(self._records)

    def source_ids_listing(self) -> list[str]:
        return list(self._records)

    def source_count(self) -> int:
        return len(self._records)

    # --- chunks ---------------------------------------------------------------------------------
    def _body(self, source_id: str) -> list[tuple[str, str, dict]]:
        n = int(self._records.get(source_id, {}).get("chunks", 0))
        ids = [chunk_id(source_id, i) for i in range(n)]
        return [(cid, *self._chunks[cid][:2]) for cid in ids if cid in self._chunks]

    def source_chunks(self, source_id: str) -> list[Chunk]:
        return [Chunk(id=cid, source_id=source_id, index=int(m.get("index", META_INDEX)), text=doc,
                      start=int(m.get("start", 0)), end=int(m.get("end", 0)), tokens=int(m.get("tokens", 0)))
                for cid, doc, m in self._body(source_id)]

    def source_text(self, source_id: str) -> str:
        tail = self._records.get(source_id, {}).get("tail", "")
        return "".join(m.get("lead", "") + doc for _, doc, m in self._body(source_id)) + tail

    def get_chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        return {c: (self._chunks[c][0], dict(self._chunks[c][1])) for c in ids if c in self._chunks}

    def chunk_rows(self, include_documents: bool = False) -> Iterator[ChunkRow]:
        for cid, (doc, m, _) in list(self._chunks.items()):
            yield cid, (doc if include_documents else None), dict(m)

    def chunk_rows_of(self, source_ids: list[str], include_documents: bool = False) -> Iterator[ChunkRow]:
        for sid in source_ids:
            n = int(self._records.get(sid, {}).get("chunks", -1))
            for cid in source_chunk_ids(sid, n) if n >= 0 else []:
                if cid in self._chunks:
                    doc, m, _ = self._chunks[cid]
                    yield cid, (doc if include_documents else None), dict(m)

    def chunk_vectors(self, records: list[SourceRecord]) -> tuple[list[str], list[dict], list]:
        ids = [c for r in records for c in source_chunk_ids(r.id, r.chunks) if c in self._chunks]
        return ids, [dict(self._chunks[c][1]) for c in ids], [self._chunks[c][2] for c in ids]

    def chunk_count(self) -> int:
        return len(self._chunks)

    def missing_chunks(self, records: list[SourceRecord]) -> set[str]:
        return {r.id for r in records for c in source_chunk_ids(r.id, r.chunks) if c not in self._chunks}

    # --- queries --------------------------------------------------------------------------------
    def dense_query(self, embedding, n: int, where: dict | None) -> list[tuple[str, float]]:
        import numpy as np

        ids = [c for c, (_, m, _) in self._chunks.items() if allows(m, where)]
        if not ids:
            return []
        mat = np.asarray([self._chunks[c][2] for c in ids], dtype=np.float32)
        q = np.asarray(embedding[0], dtype=np.float32)
        norms = np.linalg.norm(mat, axis=1) * (np.linalg.norm(q) or 1.0)
        sim = (mat @ q) / np.where(norms > 0, norms, 1.0)
        order = sorted(range(len(ids)), key=lambda j: (-float(sim[j]), ids[j]))[:n]
        return [(ids[j], float(sim[j])) for j in order]

    def lexical_index(self):
        return None

    def lexical_dir(self) -> Path | None:
        return None

    def lexical(self):
        key = self.key()
        if self._lexical is None or self._lexical[0] != key:
            from draftbot.index.lexical import BM25, tokenize

            ids = list(self._chunks)
            metas = [dict(self._chunks[c][1]) for c in ids]
            toks = [tokenize(self._chunks[c][0], self.analyzer) for c in ids]
            bm = BM25(ids, toks, groups=[c.rsplit(":", 1)[0] for c in ids])
            self._lexical = (key, bm, ids, metas)
        return self._lexical[1:]

    # --- writing --------------------------------------------------------------------------------
    def write_prepared(self, items: list) -> int:
        n = 0
        for it in items:
            embs = it.embeddings if it.embeddings is not None else self.embedder.embed_matrix(it.docs)
            for cid, doc, m, e in zip(it.ids, it.docs, it.metas, embs):
                self._chunks[cid] = (doc, {k: v for k, v in m.items() if k != "toks"}, list(map(float, e)))
                n += 1
            self._records[it.record_id] = dict(it.record_meta)
        self._token = f"mem-{time.time_ns()}"
        return n

    def move_source(self, source_id: str, new_path: str) -> None:
        if source_id in self._records:
            self._records[source_id]["path"] = new_path

    def remove_sources(self, source_ids: list[str]) -> None:
        for sid in source_ids:
            self._records.pop(sid, None)
            for cid in [c for c in self._chunks if c.rsplit(":", 1)[0] == sid]:
                del self._chunks[cid]

    def orphan_ids(self) -> set[str]:
        return {c for c in self._chunks if c.rsplit(":", 1)[0] not in self._records}

    def sweep_orphans(self, only: set[str] | None = None) -> int:
        gone = self.orphan_ids() if only is None else self.orphan_ids() & only
        for cid in gone:
            del self._chunks[cid]
        return len(gone)

    def close(self) -> None:
        pass

    def __enter__(self) -> "MemoryStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _listed(v) -> list[str]:
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError:
            return []
    return [str(x) for x in v] if isinstance(v, list) else []


__all__ = ["MemoryStore"]
