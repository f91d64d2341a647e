"""What the planner knows of a source: its record plus the first lines of its body, and how it
stands to the day (the day's own, recent, standing background, or of another date)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Iterable

from pydantic import BaseModel, Field

from draftbot.models import SourceRecord
from draftbot.outline.model import PlanSpec

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store

LEAD_CHARS = 300
OPENING_CHARS = 900
# how far from the day a source of another date is still listed as a distractor (a store may
# hold years of sources; only those near the day, or on the day's topics, are worth naming)
DISTRACTOR_DAYS = 400

_SKIP_LINE = re.compile(r"^\s*(#|——|--|\(|（)|^\s*$")


class PlanSource(BaseModel):
    id: str
    title: str
    publisher: str = ""
    date: dt.date | None = None
    kind: str = "release"
    lang: str = "zh"
    summary: str = ""
    keywords: list[str] = Field(default_factory=list)
    lead: str = ""
    # the body's first stretch (a few leads long): where the story's figures, bodies and dates are
    # read (`outline.story`); a wire's opening lines are byline and dateline, its figures come later
    opening: str = ""
    chunks: int = 0

    @classmethod
    def from_record(cls, rec: SourceRecord | "PlanSource", lead: str = "") -> "PlanSource":
        if isinstance(rec, PlanSource):
            return rec
        return cls(id=rec.id, title=rec.title, publisher=rec.publisher, date=rec.date, kind=rec.kind,
                   lang=rec.lang, summary=rec.summary, keywords=list(rec.keywords), lead=lead,
                   chunks=_bulk(rec))


def lead_of(body: str, title: str = "", publisher: str = "", limit: int = LEAD_CHARS) -> str:
    """The first prose lines of a body: headings, the repeated title and a bare publisher line skipped."""
    out: list[str] = []
    size = 0
    for line in body.splitlines():
        text = line.strip()
        if _SKIP_LINE.match(line) or text in (title.strip(), publisher.strip()):
            continue
        out.append(text)
        size += len(text)
        if size >= limit:
            break
    return " ".join(out)[:limit]


def _bulk(rec) -> int:
    """How much a source carries, in chunk-sized units of its file size where that is known: chunk
    counts depend on which tokenizer cut them, and the plan must not."""
    size = getattr(rec, "size", None)
    if isinstance(rec, PlanSource) or not size:
        return rec.chunks
    return max(1, round(size / 900))


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


def sources_from_store(store: Store, day: dt.date, spec: PlanSpec) -> list[PlanSource]:
    """The store's sources near the day (within the background horizon); those the planner may
    use (the day's, recent and standing background) with their leads.

    Reads through the public Store API only: records, then the first body chunks of the few
    sources that need a lead (a store of years of sources reads no more chunks than a small one)."""
    horizon = max(spec.background_days, DISTRACTOR_DAYS)
    from draftbot.outline.narrow import narrow

    near = narrow([PlanSource.from_record(rec) for rec in store.sources()
                   if rec.date is None or abs((day - rec.date).days) <= horizon], day, spec)
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


class Standing(BaseModel):
    """The sources split by how they stand to the day."""

    day: list[PlanSource] = Field(default_factory=list)
    recent: list[PlanSource] = Field(default_factory=list)  # within the recency window, before the day
    background: list[PlanSource] = Field(default_factory=list)  # older standing documents (policies)
    other_date: list[PlanSource] = Field(default_factory=list)  # near the day but outside the window


def classify(sources: Iterable[PlanSource], day: dt.date, spec: PlanSpec) -> Standing:
    st = Standing()
    for s in sorted(sources, key=lambda s: s.id):
        if s.date == day:
            st.day.append(s)
        elif s.date is None or 0 < (day - s.date).days <= spec.recency_days:
            st.recent.append(s)  # an undated file may be the day's; offer it, never draft it blindly
        elif s.kind in spec.background_kinds and 0 < (day - s.date).days <= spec.background_days:
            st.background.append(s)
        elif abs((day - s.date).days) <= DISTRACTOR_DAYS:
            st.other_date.append(s)
    return st
