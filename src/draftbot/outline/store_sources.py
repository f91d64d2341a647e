"""The planner's sources read from a store: those near the day, narrowed to the closest
candidates, with the leads of the few the planner may use. Its own module: it builds on
`outline.narrow`, which builds on `outline.sources`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from draftbot.outline.model import PlanSpec
from draftbot.outline.narrow import narrow
from draftbot.outline.sources import DISTRACTOR_DAYS, LEAD_CHARS, OPENING_CHARS, PlanSource, classify, lead_of

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store


def _opening(chunks) -> str:
    """Enough of a source's first chunks to hold its lead, whatever size the tokenizer cut them to
    (the plan must not depend on whether tiktoken's encodings are installed)."""
    parts: list[str] = []
    size = 0
    for c in chunks:
        parts.append(c.text)
        size += len(c.text)
        if size >= 3 * LEAD_CHARS:
            break
    return "\n".join(parts)


def _near(store: Store, day: dt.date, days: int) -> list:
    """The store's sources within `days` of `day`, and the undated ones, in `sources()` order
    (newest first, then title): two ranges of the date index, not every record."""
    try:
        lo, hi = day - dt.timedelta(days=days), day + dt.timedelta(days=days)
    except OverflowError:
        return [r for r in store.sources() if r.date is None or abs((day - r.date).days) <= days]
    undated = [r for r in store.sources_between(None, dt.date.min) if r.date is None]
    return store.sources_between(lo, hi) + undated


def sources_from_store(store: Store, day: dt.date, spec: PlanSpec) -> list[PlanSource]:
    """The store's sources near the day (within the background horizon); those the planner may
    use (the day's, recent and standing background) with their leads.

    Reads through the public Store API only: records, then the first body chunks of the few
    sources that need a lead (a store of years of sources reads no more chunks than a small one)."""
    horizon = max(spec.background_days, DISTRACTOR_DAYS)
    near = narrow([PlanSource.from_record(rec) for rec in _near(store, day, horizon)], day, spec)
    st = classify(near, day, spec)
    usable = {s.id for s in st.day + st.recent + st.background}
    out: list[PlanSource] = []
    for s in near:
        if s.id in usable:
            body = _opening(store.source_chunks(s.id))
            s = s.model_copy(update={"lead": lead_of(body, s.title, s.publisher),
                                     "opening": lead_of(body, s.title, s.publisher, limit=OPENING_CHARS)})
        out.append(s)
    return out
