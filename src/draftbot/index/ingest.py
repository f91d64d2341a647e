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

import functools
import json
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from pydantic import BaseModel, Field

from draftbot.index.chunking import chunk_source, make_meta_chunk
from draftbot.index.lexical import DEFAULT_ANALYZER, term_counts, tokenize
from draftbot.models import Chunk, LoadFailure, Source
from draftbot.index.noop import summary_line, unchanged_count
from draftbot.index.stat_cache import StatCache, _abs, file_stat
from draftbot.index.store import Store

# progress(stage, done, total): stage is "index" (files read, prepared and written) or "remove"
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
    repaired: int = 0  # committed sources found missing chunks, written again
    moved: int = 0  # stored content found at a new path (renamed files)
    # what looks wrong with a source this run added (the loader's warnings), one per line: the
    # command prints them; they are also stored with the source's record
    warnings: list[LoadFailure] = Field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return summary_line(self.added, self.updated, self.unchanged, self.removed, len(self.failed))


@dataclass
class Prepared:
    """A source turned into Chroma rows, ready to write."""

    record_id: str
    record_meta: dict
    ids: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    metas: list[dict] = field(default_factory=list)
    embeddings: Any = None  # (len(ids), dim) array when computed ahead (in a worker), else None
    lex: list = field(default_factory=list)  # (terms, counts) per row, for the persisted BM25 index
    hook_data: list = field(default_factory=list)  # per source hook: what its `prepare` returned


def _date(d) -> tuple[str, int]:
    return (d.isoformat(), d.year * 10000 + d.month * 100 + d.day) if d else ("", 0)


def load_notes(source: Source) -> dict:
    """How the loader found the source's metadata (field -> origin), what looks wrong with it and
    the file's size, as record metadata (Chroma holds scalars: JSON text). Empty for a plain
    `Source` (library callers)."""
    origin = getattr(source, "origin", None)
    warnings = getattr(source, "warnings", None)
    if origin is None and warnings is None:
        return {}
    return {"origin": json.dumps(origin or {}, ensure_ascii=False),
            "warnings": json.dumps(warnings or [], ensure_ascii=False), "size": int(getattr(source, "size", 0) or 0)}


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
            **load_notes(source),
        },
    )
    prev_end = 0
    for c in chunks:
        p.ids.append(c.id)
        p.docs.append(c.text)
        # "meta" only on the meta chunk and "lead" only when not empty (3 body chunks in 4 at 100k):
        # every key is a metadata row and index entries in Chroma; readers default both
        p.metas.append({**common, "index": c.index, "start": c.start, "end": c.end, "tokens": c.tokens})
        if lead := source.text[prev_end : c.start]:
            p.metas[-1]["lead"] = lead
        toks = tokenize(c.text, analyzer)
        p.lex.append(term_counts(toks))
        if store_tokens:
            p.metas[-1]["toks"] = " ".join(toks)
        prev_end = c.end
    meta = make_meta_chunk(source)
    p.ids.append(meta.id)
    p.docs.append(meta.text)
    p.metas.append({**common, "index": meta.index, "start": 0, "end": 0, "tokens": meta.tokens, "meta": True})
    toks = tokenize(meta.text, analyzer)
    p.lex.append(term_counts(toks))
    if store_tokens:
        p.metas[-1]["toks"] = " ".join(toks)
    return p


# Files to (re)load from which one worker per core pays off; from POOL_MIN, one worker prepares
# while this process opens Chroma; below it, starting a pool costs more than it saves.
PARALLEL_MIN = int(os.environ.get("DRAFTBOT_INGEST_PARALLEL_MIN", "200"))
POOL_MIN = int(os.environ.get("DRAFTBOT_INGEST_POOL_MIN", "8"))
FILES_PER_TASK = 16


def _workers() -> int:
    """Prepare processes (DRAFTBOT_INGEST_WORKERS; 0 = prepare in this process). One per core, up
    to 4: preparing (load, chunk, embed, count terms, extract figures) costs about as much CPU as
    the write in this process (docs/BENCHMARKS.md, section 8)."""
    raw = os.environ.get("DRAFTBOT_INGEST_WORKERS", "").strip()
    if raw.isdigit():
        return int(raw)
    cores = os.cpu_count() or 1
    return min(cores, 4) if cores > 1 else 0


# --- preparing (load + chunk + embed), in this process or in a worker ---------------------------
_W: dict = {}  # worker state, set once per process by _init_worker


def _init_worker(existing: frozenset, analyzer: str, embedder, preparers: tuple = (), close_fd: int | None = None) -> None:
    _W.update(existing=existing, analyzer=analyzer, embedder=embedder, preparers=preparers)
    if close_fd is None:
        return
    # A forked worker inherits the store's flock descriptor: drop it, or a worker outliving a
    # killed ingest would keep the store locked. And die with the parent (Linux).
    try:
        os.close(close_fd)
    except OSError:
        pass
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _prepare_jobs(jobs: list) -> list[tuple]:
    """For each job: ("ok", source id, source path, Prepared or None, warnings) or ("fail", path,
    reason). Sources already in the store are loaded (to learn their id) but not chunked or
    embedded. The loader's warnings come back with the result (workers are other processes)."""
    from draftbot.sources.errors import SourceError
    from draftbot.sources.loader import load_job

    out: list[tuple] = []
    for job in jobs:
        try:
            s = load_job(job)
        except SourceError as e:
            out.append(("fail", str(job.file), str(e)))
            continue
        p = None
        if s.id not in _W["existing"]:
            p = prepare(s, analyzer=_W["analyzer"])
            if _W["embedder"] is not None:
                p.embeddings = _W["embedder"].embed_matrix(p.docs)
            p.hook_data = [f(s) if f else None for f in _W["preparers"]]
        out.append(("ok", s.id, s.path, p, list(getattr(s, "warnings", []) or [])))
    return out


def _prepared_stream(jobs: list, existing: frozenset, analyzer: str, embedder, preparers: tuple = (),
                     lock_fd: int | None = None) -> Iterator[tuple]:
    """Results of `_prepare_jobs` for `jobs`, in order. With a worker pool (started here, before
    the caller opens Chroma), loading, chunking and embedding run in other processes while the
    caller imports chromadb and writes."""
    from draftbot.index.hashing import HashVectors

    workers = _pool_size(len(jobs))
    # only a local, picklable embedder runs in a worker; an API embedder stays in this process
    local = embedder if isinstance(embedder, HashVectors) else None
    if workers == 0:
        _init_worker(existing, analyzer, local, preparers)
        return (r for i in range(0, len(jobs), FILES_PER_TASK) for r in _prepare_jobs(jobs[i : i + FILES_PER_TASK]))
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start at once and need nothing re-imported. They only load files, chunk and
    # hash-embed (pure Python, numpy); they never touch Chroma or its threads, which
    # stay with this process. (forkserver/spawn would re-import the caller's __main__.)
    ctx = mp.get_context("fork")
    tasks = [jobs[i : i + FILES_PER_TASK] for i in range(0, len(jobs), FILES_PER_TASK)]
    # tasks in flight: enough to cover about two write rounds, so the workers never idle while
    # this process writes (~6 chunks per file); bounded, so memory stays flat
    ahead = max(4 * workers, 2 * BATCH_CHUNKS // (6 * FILES_PER_TASK))
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(existing, analyzer, local, preparers, lock_fd))
    pending = deque(pool.submit(_prepare_jobs, t) for t in tasks[:ahead])  # the workers fork now
    stream = _pooled(pool, pending, tasks)
    next(stream)  # primed: from here on, closing the stream (or losing it) shuts the pool down
    return stream


def _pool_size(files: int) -> int:
    """Prepare processes for `files` to load: none for a handful (a pool costs more than it
    saves); one below PARALLEL_MIN, preparing while this process imports and opens Chroma
    (about a second of a cold ingest); else one per core (`_workers`)."""
    workers = _workers()
    if workers == 0 or files < min(POOL_MIN, PARALLEL_MIN):
        return 0
    return workers if files >= PARALLEL_MIN else 1


def _pooled(pool, pending: deque, tasks: list) -> Iterator[tuple]:
    nxt = len(pending)
    try:
        yield None
        while pending:
            got = pending.popleft().result()
            if nxt < len(tasks):
                pending.append(pool.submit(_prepare_jobs, tasks[nxt]))
                nxt += 1
            yield from got
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True)


def _key(p: str | Path) -> str:
    """The resolved path (symlinks followed): how a file is recognised across runs."""
    p = os.path.expanduser(str(p))
    try:
        if not os.path.islink(p):  # resolving the folder once per folder is much cheaper
            head, tail = os.path.split(os.path.abspath(p))
            return os.path.join(_real_dir(head), tail)
        return str(Path(p).resolve())
    except OSError:
        return p


def _keys(paths: list[str]) -> list[str]:
    """`[_key(p) for p in paths]` for the store's recorded paths (16k at 100k chunks: one lstat
    each was ~0.1 s of every ingest): which files are symlinks is read once per folder
    (`os.scandir`). A path not absolute and normal, or in a folder that cannot be listed, goes
    through `_key`."""
    out: list[str | None] = [None] * len(paths)
    by_dir: dict[str, list[tuple[int, str]]] = {}
    for i, p in enumerate(paths):
        if p.startswith("/") and os.path.normpath(p) == p and p != "/":
            head, _, tail = p.rpartition("/")
            by_dir.setdefault(head or "/", []).append((i, tail))
        else:
            out[i] = _key(p)
    for head, items in by_dir.items():
        links = _links_in(head)
        try:
            real = _real_dir(head) if links is not None else None
        except OSError:
            real = None
        sep = "" if real is not None and real.endswith("/") else "/"
        for i, tail in items:
            out[i] = _key(os.path.join(head, tail)) if real is None or tail in links else real + sep + tail
    return out  # type: ignore[return-value]


def _links_in(folder: str) -> set[str] | None:
    """Names of the symlinks in `folder` (None: it cannot be listed)."""
    try:
        with os.scandir(folder) as it:
            return {e.name for e in it if e.is_symlink()}
    except OSError:
        return None


@functools.lru_cache(maxsize=4096)
def _real_dir(folder: str) -> str:
    return str(Path(folder).resolve())


# Per-source hooks: called with (source_id, data) as each write round commits a source, and with
# (source_id, None) after a source is removed. `data` is the source's text, or, for a hook object
# with a `prepare` attribute (a plain function of a loaded `Source`, not None), what it returned:
# it runs where the source is loaded and chunked (a worker process), so costly per-source work
# overlaps the writing. Hooks may also have `begin()`/`finish()` (see _hook_phase). Derived
# per-source indexes are built through them incrementally at ingest time; the index layer knows
# none of them: `draftbot ingest` passes the verifier's number facts
# (`verify.ingest_facts.IngestFacts`) as `ingest(hooks=…)`.
SourceHook = Callable[[str, Any], None]
SOURCE_HOOKS: list[SourceHook] = []


def _hook_phase(hooks: list[SourceHook], phase: str) -> None:
    """A hook object may also have `begin()` (called before the ingest's first write, so it can
    tell whether what it keeps was valid for the store as it was) and `finish()` (after every
    hook call: stamp what it keeps). Neither runs on a no-op ingest, which never opens Chroma."""
    for hook in hooks:
        step = getattr(hook, phase, None)
        if callable(step):
            step()


def ingest(paths, store: Store, prune: bool = False, progress: Progress | None = None,
           hooks: list[SourceHook] | None = None, rehash: bool = False,
           planned: tuple[list, list] | None = None) -> IngestReport:
    """Bring `store` up to date with the files under `paths` (see module docstring). `hooks`
    are called like `SOURCE_HOOKS`, for this run only. `rehash`: read every file, even one whose
    size and mtime match the stat cache (an edit that kept both). `planned`: the (jobs, failures)
    of `sources.walk.plan_paths(paths)` when the caller has them already."""
    from draftbot.sources.walk import plan_paths  # the readers are imported only if a file is read

    t0 = time.perf_counter()
    _real_dir.cache_clear()
    paths = [Path(p) for p in paths]
    jobs, failures = planned if planned is not None else plan_paths(paths)
    failures = list(failures)
    cache = StatCache.for_store(store)
    if rehash:
        cache.entries, cache.dirty = {}, True
    stats = {i: file_stat(job.file) for i, job in enumerate(jobs)}
    # a file the cache does not know (the day's new files) rules out the no-op before its store checks
    maybe = not rehash and all(cache.lookup(job, stats[i]) is not None for i, job in enumerate(jobs))
    unchanged = unchanged_count(jobs, failures, store, cache, prune) if maybe else None
    if unchanged is not None:  # nothing to do, and Chroma never opened
        if progress:
            progress("index", len(jobs), len(jobs))
        return IngestReport(unchanged=unchanged, seconds=time.perf_counter() - t0)

    from draftbot.index.lexstore import IndexWriter  # numpy: not needed by a no-op run

    report = IngestReport()
    all_hooks = [*SOURCE_HOOKS, *(hooks or [])]
    _hook_phase(all_hooks, "begin")
    index = IndexWriter(store)
    # Embedded: swept now (we hold the lock). Server: only what is still orphaned after our run.
    # Listing every chunk id is slow on a big store (1.6 s at 30k chunks); when the chunk count is
    # exactly what the committed records account for, there is no orphan to find. (Chunks are
    # written before their record and removed after it, so a committed source never lacks chunks
    # and any orphan makes the count larger.)
    records = _committed(store, index)
    clean = store.key()["chunks"] == sum(r.chunks + 1 for r in records)  # fresh: the writer is set
    removed_ids: list[str] = []
    if not clean:
        # a committed source missing chunks (a lost write): uncommit it, so it is written again
        broken = sorted(store.missing_chunks(records))
        if broken:
            store.remove_sources(broken)
            removed_ids += broken
            report.repaired = len(broken)
            records = store.sources()
    seen_orphans = (set() if clean else store.orphan_ids()) if store.shared else None
    if seen_orphans is None and not clean:
        report.orphans_swept = store.sweep_orphans()

    existing = {r.id: r for r in records}
    stored_key = dict(zip(existing, _keys([r.path for r in existing.values()])))  # id -> resolved path
    by_path: dict[str, list[str]] = {}
    for sid, k in stored_key.items():
        by_path.setdefault(k, []).append(sid)

    # files whose stat matches the cache and whose source is stored are not even read
    known: dict[int, tuple[str, str]] = {}  # job index -> (source id, source path)
    for i, job in enumerate(jobs):
        sid = cache.lookup(job, stats[i])
        if sid is not None and sid in existing:
            known[i] = (sid, _abs(job.file))
    to_load = [job for i, job in enumerate(jobs) if i not in known]
    lock_fd = getattr(getattr(store, "_lock", None), "_fd", None)
    # hooks' `prepare` run where sources are prepared (a worker process), beside chunking
    preparers = tuple(getattr(h, "prepare", None) for h in all_hooks)
    stream = _prepared_stream(to_load, frozenset(existing), store.analyzer, store.embedder, preparers, lock_fd)
    if to_load and _pool_size(len(to_load)):  # the workers are preparing: open Chroma meanwhile
        warm = getattr(store, "open_for_writes", None)
        try:
            if warm is not None:
                warm()
        except BaseException:  # (a store built with another embedder): no work left running
            stream.close()
            raise

    todo_count = 0
    replaced: list[str] = []  # old ids to remove once their new versions are committed
    seen: set[str] = set()
    present: set[str] = set()  # resolved paths of every loaded source, for prune
    used: set[str] = set()  # ids of every loaded source (identical content may live at two paths)
    moved: dict[str, str] = {}  # id -> new path, for stored content found only at another path
    batch: list[Prepared] = []
    size = 0

    def flush() -> None:
        report.chunks_added += store.write_prepared(batch)
        index.add(batch)
        for p in batch:  # committed: the hooks hear of it now (removals come at the end)
            for hook, data in zip(all_hooks, p.hook_data or [None] * len(all_hooks)):
                hook(p.record_id, _text_of(p) if data is None else data)

    # the first rounds are small so that writing starts while the workers are still filling up
    round_size = max(1, BATCH_CHUNKS // 8)
    for i, job in enumerate(jobs):
        if i in known:
            sid, spath = known[i]
            prep, warned = None, []
        else:
            res = next(stream)
            if res[0] == "fail":
                failures.append(LoadFailure(path=res[1], reason=res[2]))
                if progress:
                    progress("index", i + 1, len(jobs))
                continue
            _, sid, spath, prep, warned = res
            cache.remember(job, stats[i], sid)
        if progress:  # one stage: reading, chunking, embedding and writing overlap
            progress("index", i + 1, len(jobs))
        if sid in seen:  # same content as an earlier file: a duplicate, adds nothing
            continue
        seen.add(sid)
        used.add(sid)
        key = _key(spath)
        present.add(key)
        olds = [old for old in by_path.get(key, []) if old != sid]
        if sid in existing:
            report.unchanged += 1
            if stored_key[sid] != key and not os.path.exists(stored_key[sid]):
                moved[sid] = spath  # a renamed file: the same content at a new path
            # same content, but an older version of this path may linger (e.g. crash mid-update)
            replaced += [o for o in olds if o not in replaced]
            continue
        if olds:
            report.updated += 1
            replaced += [o for o in olds if o not in replaced]
        else:
            report.added += 1
        report.warnings += [LoadFailure(path=spath, reason=w) for w in warned]
        todo_count += 1
        batch.append(prep)
        size += len(prep.ids)
        if size >= round_size:
            flush()
            batch, size = [], 0
            round_size = min(2 * round_size, BATCH_CHUNKS)
    if batch:
        flush()
    # unique, sorted by path (not through the loader: this process never imports the readers)
    report.failed = sorted({(f.path, f.reason): f for f in failures}.values(), key=lambda f: (f.path, f.reason))
    report.warnings.sort(key=lambda f: (f.path, f.reason))

    for sid, path in moved.items():
        store.move_source(sid, path)
        index.move(sid, path)
    report.moved = len(moved)

    replaced = [r for r in replaced if r not in used]
    if replaced:
        store.remove_sources(replaced)
        removed_ids += replaced

    if prune:
        gone = _prune(paths, store, present | {_key(f.path) for f in report.failed}, used)
        report.removed = len(gone)
        removed_ids += gone
        if progress and report.removed:
            progress("remove", report.removed, report.removed)

    if seen_orphans:
        report.orphans_swept = store.sweep_orphans(only=seen_orphans)
    index.remove(removed_ids)
    index.commit()
    release = getattr(store, "release_client", None)  # Chroma's part is written: free its memory
    if release is not None:
        release()
    for hook in all_hooks:
        for sid in removed_ids:
            hook(sid, None)
    _hook_phase(all_hooks, "finish")
    cache.state = _store_state(store, getattr(index, "ids_after", None))
    cache.dirty = True
    cache.save()
    report.seconds = time.perf_counter() - t0
    return report


class _Committed(NamedTuple):
    """What ingest needs of a committed source."""

    id: str
    path: str
    chunks: int


def _committed(store: Store, index) -> list:
    """Every committed source (id, path, chunk count): from the records snapshot the index writer
    validated against the store's key when it did (16k full records cost ~0.5 s at 100k chunks),
    else the store's records."""
    snap = index.committed() if getattr(index, "valid", False) else None
    if snap is None:
        return store.sources()
    return [_Committed(*row) for row in snap]


def _text_of(p: Prepared) -> str:
    """A prepared source's body text, rebuilt from its rows (lead + chunk) and tail."""
    body = "".join(m.get("lead", "") + d for d, m in zip(p.docs, p.metas) if not m.get("meta"))
    return body + p.record_meta.get("tail", "")


def _store_state(store: Store, ids: list[str] | None = None) -> dict | None:
    """What a later no-op ingest compares with: the database files' stats, the committed ids
    (`ids`: as the index writer just wrote them to the local file, else listed from the store)."""
    chroma = store.commit_stamp()
    if chroma is None:
        return None
    committed = sorted(store.source_ids_listing() if ids is None else ids)
    return {"chroma": chroma, "committed": committed, "embedder": store.embedder_signature}


def _prune(paths: list[Path], store: Store, present: set[str], used: set[str]) -> list[str]:
    """Remove stored sources whose content is gone: not found in this run, and whose file lies
    under one of `paths` and no longer exists. A source whose content was found at another path
    (a renamed file) is kept: that is a move, not a removal."""
    roots = [Path(_key(p)) for p in paths]
    gone = []
    for r in store.sources():
        if r.id in used:
            continue
        k = _key(r.path)
        if k in present or Path(k).exists():
            continue
        kp = Path(k)
        if any(kp == root or root in kp.parents for root in roots):
            gone.append(r.id)
    store.remove_sources(gone)
    return gone
