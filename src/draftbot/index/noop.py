"""The commonest ingest of all, the same corpus again, answered from file stats alone.

Apart from `ingest` (pydantic models, chunking, the loaders): a no-op run of a 16k-file corpus
lists its files, compares their stats with the stat cache and stops, so it imports none of that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from draftbot.index.stat_cache import StatCache

if TYPE_CHECKING:
    from draftbot.index.store import Store


def summary_line(added: int, updated: int, unchanged: int, removed: int, failed: int) -> str:
    """`ingest`'s one summary line (scripts parse it)."""
    return f"added {added} · updated {updated} · unchanged {unchanged} · removed {removed} · failed {failed}"


def unchanged_count(jobs: list, failures: list, store: Store, cache: StatCache, prune: bool) -> int | None:
    """How many sources an ingest of `jobs` (with the walk's `failures`) would find unchanged
    when it would change nothing at all, or None.

    Holds when the store's database files are exactly as the cache recorded them after the last
    ingest (so no process has written since: embedded stores only, under the exclusive lock),
    every file's stat matches its cache entry, and, with `prune`, every committed source is one
    of those files."""
    if failures or not _as_left(store, cache):
        return None
    return _count(cache.ids_if_unchanged(jobs), cache, prune)


def _as_left(store: Store, cache: StatCache) -> bool:
    """Whether the store is as the last ingest left it, by its commit stamp and its own files."""
    state = cache.state
    if not state or state.get("chroma") is None or state.get("chroma") != store.commit_stamp():
        return False
    from draftbot.index.lexmanifest import local_damage

    if local_damage(store) is not None:
        return False  # "unchanged" only for a store whose own files check out: the full path repairs
    return store.embedder_matches(state.get("embedder"))  # else opening refuses it, or builds anew


def _count(sids: list[str] | None, cache: StatCache, prune: bool) -> int | None:
    if sids is None:
        return None
    unique, committed = set(sids), set(cache.state.get("committed", ()))
    if not unique <= committed or (prune and unique != committed):
        return None
    return len(unique)


def noop_summary(planned: tuple[list, list], store: Store, prune: bool = False) -> str | None:
    """`ingest`'s summary line for `planned` (jobs, failures of `sources.walk.plan_paths`) when
    the run would change nothing, else None: the caller then runs the full ingest."""
    jobs, failures = planned
    n = unchanged_count(jobs, failures, store, StatCache.for_store(store), prune)
    return None if n is None else summary_line(0, 0, n, 0, 0)


def plain_noop_summary(files: list, store: Store, prune: bool = False) -> str | None:
    """`noop_summary` for one plain folder's files as `sources.walk.plain_tree` lists them."""
    cache = StatCache.for_store(store)
    n = _count(cache.ids_of_stats(files), cache, prune) if _as_left(store, cache) else None
    return None if n is None else summary_line(0, 0, n, 0, 0)
