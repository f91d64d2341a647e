"""Garbage collection for a one-shot command that builds a day's work in memory.

CPython collects its youngest generation every 700 net allocations: a 100k-chunk `draft` allocates
millions of objects (records, rows, hits, facts) and frees almost no reference cycles, so it ran
~450 collections, three of them over the whole heap (~0.2 s of its CPU; docs/BENCHMARKS.md). A
command's run raises the thresholds and restores them after (a test process, a long-lived caller).
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator

# youngest generation every 50,000 net allocations, older ones as before relative to it: a draft
# at 100k chunks then runs 3 collections, none over the whole heap, and peaks at the same RSS
THRESHOLDS = (50_000, 20, 20)


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
