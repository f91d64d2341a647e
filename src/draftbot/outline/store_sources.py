"""The planner's sources read from a store: those near the day, narrowed to the closest
candidates, with the leads of the few the planner may use. Its own module: it builds on
`outline.narrow`, which builds on `outline.sources`."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, NamedTuple

from draftbot.index.store import date_int, records_fields

from draftbot.outline.model import PlanSpec
from draftbot.outline.narrow import narrow
from draftbot.outline.sources import DISTRACTOR_DAYS, LEAD_CHARS, OPENING_CHARS, PlanSource, classify, lead_of, standing

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


_FIELDS = ("title", "publisher", "date", "kind", "lang", "summary", "keywords", "chunks", "size")


class _Candidate(NamedTuple):
    """A placed source as `narrow` reads it (PlanSource's fields): ~3,000 at 100k chunks, of which
    ~100 are kept and only those become PlanSources (validated then)."""

    id: str
    title: str
    publisher: str
    date: dt.date | None
    kind: str
    lang: str
    summary: str
    keywords: list
    chunks: int
    lead: str = ""
    opening: str = ""


def _planned(s) -> PlanSource:
    """The PlanSource of a `_Candidate` (made as `_plan_source` made it: no lead yet, so none set)."""
    return s if isinstance(s, PlanSource) else PlanSource(**_fields(s))


def _fields(c: _Candidate) -> dict:
    return dict(zip(_Candidate._fields[:-2], c[:-2]))


def _near(store: Store, day: dt.date, spec: PlanSpec) -> list[PlanSource]:
    """`_candidates` as PlanSources."""
    return [_planned(s) for s in _candidates(store, day, spec)]


def _candidates(store: Store, day: dt.date, spec: PlanSpec) -> list:
    """The store's sources the planner places (`sources.standing`: the day's, recent, background,
    other dates near the day), undated ones included, in `sources()` order (newest first, then
    title): ranges of the date index, only the fields the planner reads: all sources within
    DISTRACTOR_DAYS (or the recency window), the background kinds further back, the undated. A
    source it does not place is not read (a 100k-chunk store holds ~7,500 records within the
    horizon, ~2,900 of them placed)."""
    horizon = max(spec.background_days, DISTRACTOR_DAYS)
    try:
        lo, hi = day - dt.timedelta(days=horizon), day + dt.timedelta(days=horizon)
        # every source this near is placed; further back only the background kinds are
        near_lo = max(lo, day - dt.timedelta(days=max(spec.recency_days, DISTRACTOR_DAYS)))
        near_hi = min(hi, day + dt.timedelta(days=DISTRACTOR_DAYS))
        far_lo, far_hi = max(lo, day - dt.timedelta(days=spec.background_days)), near_lo - dt.timedelta(days=1)
    except OverflowError:
        return [PlanSource.from_record(r) for r in store.sources()
                if (r.date is None or abs((day - r.date).days) <= horizon)
                and standing(r.date, r.kind, day, spec) is not None]
    rows = records_fields(store, near_lo, near_hi, _FIELDS) + records_fields(store, None, dt.date.min, _FIELDS)
    if far_lo <= far_hi and spec.background_kinds:
        rows += records_fields(store, far_lo, far_hi, _FIELDS, kinds=spec.background_kinds)
    dated = [(f, _date(f)) for f in rows]  # each date parsed once
    out = [_plan_source(f, d) for f, d in dated
           if standing(d, _text(f, "kind", "release"), day, spec) is not None and (d is None or lo <= d <= hi)]
    out.sort(key=lambda s: (-date_int(s.date), s.title, s.id))
    return out


def _date(f: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(f["date"]) if f.get("date") else None
    except (TypeError, ValueError):
        return None


def _text(f: dict, name: str, default: str) -> str:
    """A stored field, or the store's default when the record has none."""
    return default if f.get(name) is None else f[name]


def _plan_source(f: dict, date: dt.date | None) -> _Candidate:
    """`PlanSource.from_record`'s fields of the record these stored fields make (the store's
    defaults); `date`: `_date(f)`."""
    kws = f.get("keywords") or []
    if isinstance(kws, str):
        try:
            kws = json.loads(kws)
        except ValueError:
            kws = []
    size = f.get("size")
    chunks = int(f.get("chunks") or 0)
    return _Candidate(id=f["id"], title=_text(f, "title", ""), publisher=_text(f, "publisher", ""), date=date,
                      kind=_text(f, "kind", "release"), lang=_text(f, "lang", "zh"), summary=_text(f, "summary", ""),
                      keywords=list(kws), chunks=max(1, round(size / 900)) if type(size) is int and size else chunks)


def sources_from_store(store: Store, day: dt.date, spec: PlanSpec) -> list[PlanSource]:
    """The store's sources near the day (within the background horizon); those the planner may
    use (the day's, recent and standing background) with their leads.

    Reads the horizon's record fields (`index.store.records_fields`), then the first body chunks
    of the few sources that need a lead (a store of years of sources reads no more chunks than a
    small one)."""
    near = [_planned(s) for s in narrow(_candidates(store, day, spec), day, spec)]
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
