"""Garbage collection for a one-shot command that builds a day's work in memory.

CPython collects its youngest generation every 700 net allocations: a 100k-chunk `draft` allocates
millions of objects (records, rows, hits, facts) and frees almost no reference cycles, so it ran
~450 collections, three of them over the whole heap (~0.2 s of its CPU; docs/BENCHMARKS.md). A
command's run raises the thresholds and restores them after (a test process, a long-lived caller).

At interpreter exit CPython runs one more full collection over every object still alive (a 100k
draft's catalog, records, facts: ~0.08 s of its CPU) before tearing the modules down. A command that
ran registers `no_final_collection`: at exit, and only then, the objects left are frozen, so that
collection has nothing to scan (the process is ending; their memory goes with it).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from typing import Iterator

# youngest generation every 50,000 net allocations, older ones as before relative to it: a draft
# at 100k chunks then runs 3 collections, none over the whole heap, and peaks at the same RSS
THRESHOLDS = (50_000, 20, 20)
# `draft` and `plan` while they run: a 100k-chunk draft still ran ~4 collections of a young heap of
# 50,000 live objects (~0.04 s of CPU) that freed next to nothing; at 200,000 none runs, for
# ~1 MB more peak RSS
DAY_WORK = (200_000, 20, 20)


@contextlib.contextmanager
def few_collections(thresholds: tuple[int, int, int] = DAY_WORK) -> Iterator[None]:
    no_final_collection()
    old = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        # the run's survivors join the oldest generation (scanned by a later full collection) rather
        # than the youngest, which the lower threshold would scan at once: up to 200,000 objects,
        # ~0.02 s of a command that then ends
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*old)


_at_exit = False


def no_final_collection() -> None:
    """Freeze what is left when the interpreter exits (see the module docstring); registered once.
    A long-lived process (tests, an eval run) collects as usual until its own exit."""
    global _at_exit
    if not _at_exit:
        atexit.register(gc.freeze)
        _at_exit = True
