"""Incremental ingest: load files, skip what the store already has, write the rest in batches.

Identity is content (`Source.id` is a content hash). For each loaded source:
- id already stored -> unchanged (no chunking, no embedding);
- id new, path already stored under another id -> updated (new version written, then the old one
  removed);
- otherwise -> added.
`prune=True` also removes stored sources whose file is gone from the given folders.

Crash safety: a source's chunks are written before its record in ``draftbot_sources`` (the commit
marker), and every ingest starts by sweeping chunks that have no record. Removal deletes the record
first. So a SIGKILL at any point leaves, after the next ingest, every source exactly once.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, Field

from draftbot.index.chunking import chunk_source, make_meta_chunk
from draftbot.index.lexical import DEFAULT_ANALYZER, tokenize
from draftbot.models import Chunk, LoadFailure, Source

# progress(stage, done, total): stage is "load", "index" or "remove"
Progress = Callable[[str, int, int], None]
# chunks per write round; records follow their chunks in each round (env for tuning and tests)
BATCH_CHUNKS = int(os.environ.get("DRAFTBOT_INGEST_BATCH", "2048"))


class IngestReport(BaseModel):
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[LoadFailure] = Field(default_factory=list)
    chunks_added: int = 0
    orphans_swept: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"added {self.added} · updated {self.updated} · unchanged {self.unchanged} · "
            f"removed {self.removed} · failed {len(self.failed)}"
        )


@dataclass
class Prepared:
    """A source turned into Chroma rows, ready to write."""

    record_id: str
    record_meta: dict
    ids: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    metas: list[dict] = field(default_factory=list)


def _date(d) -> tuple[str, int]:
    return (d.isoformat(), d.year * 10000 + d.month * 100 + d.day) if d else ("", 0)


def prepare(source: Source, chunks: list[Chunk] | None = None, max_tokens: int = 320, analyzer: str = DEFAULT_ANALYZER) -> Prepared:
    if chunks is None:
        chunks = chunk_source(source, max_tokens=max_tokens)
    ds, di = _date(source.date)
    # kept small on purpose: Chroma indexes every metadata string, and that dominates write time.
    # Title, path, url and usage live once in the source record.
    common = {"source_id": source.id, "publisher": source.publisher, "date": ds, "date_int": di, "kind": source.kind}
    store_tokens = analyzer != "bigram"  # bigram tokens are cheaper to recompute than to store
    p = Prepared(
        record_id=source.id,
        record_meta={
            "title": source.title,
            "publisher": source.publisher,
            "date": ds,
            "date_int": di,
            "url": source.url or "",
            "usage": source.usage,
            "lang": source.lang,
            "kind": source.kind,
            "summary": source.summary,
            "keywords": json.dumps(source.keywords, ensure_ascii=False),
            "path": source.path,
            "chunks": len(chunks),
            "chars": len(source.text),
            "tail": source.text[chunks[-1].end :] if chunks else source.text,
            "ingested": time.strftime("%Y-%m-%dT%H:%M:%S"),
        },
    )
    prev_end = 0
    for c in chunks:
        p.ids.append(c.id)
        p.docs.append(c.text)
        p.metas.append(
            {
                **common,
                "index": c.index,
                "start": c.start,
                "end": c.end,
                "tokens": c.tokens,
                "meta": False,
                "lead": source.text[prev_end : c.start],
            }
        )
        if store_tokens:
            p.metas[-1]["toks"] = " ".join(tokenize(c.text, analyzer))
        prev_end = c.end
    meta = make_meta_chunk(source)
    p.ids.append(meta.id)
    p.docs.append(meta.text)
    p.metas.append({**common, "index": meta.index, "start": 0, "end": 0, "tokens": meta.tokens, "meta": True, "lead": ""})
    if store_tokens:
        p.metas[-1]["toks"] = " ".join(tokenize(meta.text, analyzer))
    return p


def _load(paths: list[Path], progress: Progress | None):
    from draftbot.sources import load_paths  # lazy: the loaders live in their own package

    if progress is None:
        return load_paths(paths)
    count = [0]

    def on_file(_path) -> None:  # the loader reports each file; the total is not known up front
        count[0] += 1
        progress("load", count[0], 0)

    return load_paths(paths, progress=on_file)


def _key(p: str | Path) -> str:
    try:
        return str(Path(p).expanduser().resolve())
    except OSError:
        return str(p)


def ingest(paths, store, prune: bool = False, progress: Progress | None = None) -> IngestReport:
    """Bring `store` up to date with the files under `paths` (see module docstring)."""
    t0 = time.perf_counter()
    paths = [Path(p) for p in paths]
    report = IngestReport()
    # Embedded: swept now (we hold the lock). Server: only what is still orphaned after our run.
    seen_orphans = store.orphan_ids() if store.shared else None
    if seen_orphans is None:
        report.orphans_swept = store.sweep_orphans()

    loaded = _load(paths, progress)
    report.failed = list(loaded.failures)

    existing = {r.id: r for r in store.sources()}
    by_path: dict[str, list[str]] = {}
    for r in existing.values():
        by_path.setdefault(_key(r.path), []).append(r.id)

    todo: list[Source] = []
    replaced: list[str] = []  # old ids to remove once their new versions are committed
    seen: set[str] = set()
    for s in loaded.sources:
        key = _key(s.path)
        if s.id in existing or s.id in seen:
            report.unchanged += 1
            # same content, but an older version of this path may linger (e.g. crash mid-update)
            replaced += [old for old in by_path.get(key, []) if old != s.id and old not in replaced]
            continue
        seen.add(s.id)
        olds = [old for old in by_path.get(key, []) if old != s.id]
        if olds:
            report.updated += 1
            replaced += [o for o in olds if o not in replaced]
        else:
            report.added += 1
        todo.append(s)

    # chunk + tokenise + embed + write, in rounds of about BATCH_CHUNKS chunks
    done = 0
    batch: list[Prepared] = []
    size = 0
    for s in todo:
        p = prepare(s, analyzer=store.analyzer)
        batch.append(p)
        size += len(p.ids)
        done += 1
        if progress:
            progress("index", done, len(todo))
        if size >= BATCH_CHUNKS:
            report.chunks_added += store.write_prepared(batch)
            batch, size = [], 0
    if batch:
        report.chunks_added += store.write_prepared(batch)

    still_used = {s.id for s in loaded.sources}  # identical content may live at two paths
    replaced = [r for r in replaced if r not in still_used]
    if replaced:
        store.remove_sources(replaced)

    if prune:
        report.removed = _prune(paths, store, {_key(s.path) for s in loaded.sources} | {_key(f.path) for f in loaded.failures})
        if progress and report.removed:
            progress("remove", report.removed, report.removed)

    if seen_orphans:
        report.orphans_swept = store.sweep_orphans(only=seen_orphans)
    report.seconds = time.perf_counter() - t0
    return report


def _prune(paths: list[Path], store, present: set[str]) -> int:
    """Remove stored sources whose file lies under one of `paths` and no longer exists."""
    roots = [Path(_key(p)) for p in paths]
    gone = []
    for r in store.sources():
        k = _key(r.path)
        if k in present or Path(k).exists():
            continue
        kp = Path(k)
        if any(kp == root or root in kp.parents for root in roots):
            gone.append(r.id)
    store.remove_sources(gone)
    return len(gone)
