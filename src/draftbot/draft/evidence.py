"""Per-section evidence: retrieve for each query among the day's allowed sources, merge, number 1..n."""

from __future__ import annotations

import datetime as dt

from draftbot.briefing.brief import Brief, SectionSpec
from draftbot.models import Evidence, Hit, SourceRecord
from draftbot.text.tokens import count_tokens


def allowed_sources(sources: list[SourceRecord], day: dt.date, brief: Brief) -> list[SourceRecord]:
    """Sources a draft for `day` may cite: the day's own (and up to `recent_days` before), plus
    background kinds (e.g. policy) up to `background.days` before. Never anything after the day."""
    bg = brief.background
    out = []
    for r in sources:
        if r.date is None or r.date > day:
            continue
        age = (day - r.date).days
        if age <= bg.recent_days or (r.kind in bg.kinds and age <= bg.days):
            out.append(r)
    return out


def nearest_dates(sources: list[SourceRecord], day: dt.date, k: int = 3) -> list[dt.date]:
    dates = sorted({r.date for r in sources if r.date})
    return sorted(sorted(dates, key=lambda d: (abs((d - day).days), d))[:k])


def merge_hits(per_query: list[list[Hit]], budget: int) -> list[Hit]:
    """Round-robin over the queries' ranked hits (each query gets its best in before any gets a
    second), deduplicated by chunk, capped at `budget`."""
    merged: list[Hit] = []
    seen: set[str] = set()
    depth = max((len(h) for h in per_query), default=0)
    for rank in range(depth):
        for hits in per_query:
            if rank < len(hits) and hits[rank].chunk_id not in seen:
                seen.add(hits[rank].chunk_id)
                merged.append(hits[rank])
                if len(merged) >= budget:
                    return merged
    return merged


def trim_to_tokens(hits: list[Hit], max_tokens: int, model: str | None = None) -> tuple[list[Hit], int]:
    """Keep hits in order while they fit in `max_tokens` (a hit that does not fit is skipped, a
    smaller later one may still fit); the first hit is always kept."""
    kept, used = [], 0
    for h in hits:
        t = count_tokens(h.text, model)
        if kept and used + t > max_tokens:
            continue
        kept.append(h)
        used += t
    return kept, used


def gather_evidence(
    store,
    spec: SectionSpec,
    allowed_ids: list[str],
    search_fn=None,
    model: str | None = None,
) -> tuple[list[Evidence], int]:
    """Numbered evidence for one section and its token count."""
    if search_fn is None:
        from draftbot.index.retrieve import search as search_fn
    if not allowed_ids:
        return [], 0
    per_query = [search_fn(store, q, k=spec.evidence_budget, source_ids=allowed_ids) for q in spec.queries]
    hits = merge_hits(per_query, spec.evidence_budget)
    hits, tokens = trim_to_tokens(hits, spec.evidence_tokens, model)
    return [Evidence(n=i, hit=h) for i, h in enumerate(hits, 1)], tokens
