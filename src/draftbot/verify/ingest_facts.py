"""The ingest hook that keeps the mention table (`verify.mention_index`) current as sources are
committed; when the table was not valid to begin with, the library brings it up to date once.
Its own module: it builds on both `verify.mention_index` and `verify.library`, and the library
builds on the mention table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from draftbot.verify.mention_index import MentionIndex, current_key, index_path, source_records

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store


class IngestFacts:
    """The source hook that builds the mention table at ingest (`index.ingest.ingest(hooks=…)`).

    `begin()` (before the ingest's first write) notes whether the table is valid for the store as it
    is. If so, each source's rows are computed where it is prepared (`prepare`, in the ingest's
    worker processes: the extraction is the costly part) and inserted when it is committed, one
    transaction per write round; a removed source's rows are dropped; `finish()` stamps the store's
    new key. A table that was not valid to begin with is brought up to date once at `finish()` from
    the difference of source ids, so the first `check` after this ingest finds it ready either way."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index: MentionIndex | None = None
        self.was_current = False
        self.changed = 0
        self.pending: list[tuple[str, list[tuple]]] = []
        self.prepare = None  # set by begin() when rows are kept source by source

    def begin(self) -> None:
        path = index_path(self.store)
        if path is None:
            return
        self.index = MentionIndex(path)
        if not self.index.on_disk():
            self.index.close()  # unwritable: `check` keeps its own table in memory, nothing to keep
            self.index = None
            return
        key = current_key(self.store)
        empty = key.get("sources") == 0 and key.get("chunks") == 0 and self.index.source_count() == 0
        # a new store: the empty table is exact, so this ingest builds it source by source
        self.was_current = empty or self.index.is_current(key)
        self.prepare = source_records if self.was_current else None

    def __call__(self, source_id: str, data) -> None:
        self.changed += 1
        if self.index is None or not self.was_current:
            return  # brought up to date as a whole at finish()
        if data is None:
            self.index.remove(source_id)
            return
        self.pending.append((source_id, data))  # inserted in batches: a commit per source is slow
        if len(self.pending) >= self.BATCH:
            self._flush()

    BATCH = 500

    def _flush(self) -> None:
        self.index.add(self.pending)
        self.pending = []

    def finish(self) -> None:
        if self.index is None:
            return
        try:
            if self.was_current:
                if self.changed:
                    self._flush()
                    self.index.stamp(current_key(self.store))
                return
            if self.changed:  # not valid before this ingest: the whole difference, now
                self.index.close()
                self.index = None
                from draftbot.verify.library import SourceLibrary  # the whole verifier: only here

                SourceLibrary.from_store(self.store).warm()
        finally:
            if self.index is not None:
                self.index.close()
                self.index = None
