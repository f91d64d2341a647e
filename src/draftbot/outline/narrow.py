"""What a store of years offers the planner for one day: bounded, closest first.

A year of daily sources holds hundreds of standing policies and same-series releases of other
dates. Offered whole, every one is compared with the day's sources, read for a lead, listed as
left out and, attached as background, searched source by source at draft time (at 100k chunks:
~440 background sources in one section, over 2,000 searches). Past a pool size, only the
candidates closest to the day's sources (title, summary and keywords: known before any lead is
read) stay; below it nothing changes, so a small store plans exactly as before.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from draftbot.outline.model import PlanSpec
from draftbot.outline.similarity import best_similarities, source_tokens, title_tokens
from draftbot.outline.sources import PlanSource, classify

# recent and standing sources compared with the day's (for background) at most
BACKGROUND_POOL = 48
# sources of other dates listed as "distractor date" at most (the closest titles)
DISTRACTOR_POOL = 40


def narrow(sources: Sequence[PlanSource], day: dt.date, spec: PlanSpec) -> list[PlanSource]:
    """`sources` without the candidates beyond the pools (see module docstring), in input order."""
    st = classify(sources, day, spec)
    if not st.day:
        return list(sources)
    drop: set[str] = set()
    candidates = st.recent + st.background
    if len(candidates) > BACKGROUND_POOL:
        drop |= _beyond(st.day, candidates, BACKGROUND_POOL, day, titles_only=False)
    if len(st.other_date) > DISTRACTOR_POOL:
        drop |= _beyond(st.day, st.other_date, DISTRACTOR_POOL, day, titles_only=True)
    return [s for s in sources if s.id not in drop]


def _beyond(day_sources: list[PlanSource], candidates: list[PlanSource], keep: int, day: dt.date,
            titles_only: bool) -> set[str]:
    """Ids of the candidates past the `keep` closest to any of the day's sources (ties: nearer
    date, then id)."""
    tokens = title_tokens if titles_only else source_tokens
    n = len(day_sources)
    best = best_similarities([tokens(s) for s in day_sources + candidates], n)
    scored = []
    for k, s in enumerate(candidates, start=n):
        gap = abs((day - s.date).days) if s.date else 0
        scored.append((-round(best[k - n], 9), gap, s.id))
    scored.sort()
    return {sid for _, _, sid in scored[keep:]}
