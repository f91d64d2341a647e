"""What the planner knows of a source: its record plus the first lines of its body, and how it
stands to the day (the day's own, recent, standing background, or of another date)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from pydantic import BaseModel, Field

from draftbot.models import SourceRecord
from draftbot.outline.model import PlanSpec

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


class Standing(BaseModel):
    """The sources split by how they stand to the day."""

    day: list[PlanSource] = Field(default_factory=list)
    recent: list[PlanSource] = Field(default_factory=list)  # within the recency window, before the day
    background: list[PlanSource] = Field(default_factory=list)  # older standing documents (policies)
    other_date: list[PlanSource] = Field(default_factory=list)  # near the day but outside the window


def standing(date: dt.date | None, kind: str, day: dt.date, spec: PlanSpec) -> str | None:
    """How a source of `date` and `kind` stands to the day: day, recent, background, other_date,
    or None (too far from the day to be offered or named at all)."""
    if date == day:
        return "day"
    if date is None or 0 < (day - date).days <= spec.recency_days:
        return "recent"  # an undated file may be the day's; offer it, never draft it blindly
    if kind in spec.background_kinds and 0 < (day - date).days <= spec.background_days:
        return "background"
    if abs((day - date).days) <= DISTRACTOR_DAYS:
        return "other_date"
    return None


def classify(sources: Iterable[PlanSource], day: dt.date, spec: PlanSpec) -> Standing:
    st = Standing()
    for s in sorted(sources, key=lambda s: s.id):
        place = standing(s.date, s.kind, day, spec)
        if place is not None:
            getattr(st, place).append(s)
    return st
