"""The plan stage: which sections to write today, before anything is composed.

`plan_from_brief` is today's planner: the brief's sections, as they are. The slot is `run_draft(...,
plan=...)`: any function `(brief, sources, day) -> Outline` may stand there (an outline planner that
groups the day's sources into topics, or an outline edited by hand). A section with `source_ids`
draws its evidence only from those sources; `None` means any of the day's allowed sources.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from pydantic import BaseModel, ConfigDict, Field

from draftbot.briefing.brief import Brief, SectionSpec
from draftbot.models import SourceRecord


class OutlineSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    heading: str
    guidance: str = ""
    queries: list[str] = Field(default_factory=list)  # empty: the heading is the query
    source_ids: list[str] | None = None  # restrict evidence to these sources (None: all allowed)
    evidence_budget: int = Field(default=8, gt=0)
    evidence_tokens: int = Field(default=1500, gt=0)
    target_chars: int = Field(default=380, gt=0)

    def spec(self) -> SectionSpec:
        """The section as the backends see it (a `SectionSpec`)."""
        return SectionSpec(id=self.id, heading=self.heading, queries=self.queries or [self.heading],
                           guidance=self.guidance, evidence_budget=self.evidence_budget,
                           evidence_tokens=self.evidence_tokens, target_chars=self.target_chars)


class Outline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sections: list[OutlineSection] = Field(min_length=1)


Planner = Callable[[Brief, list[SourceRecord], dt.date], Outline]


def plan_from_brief(brief: Brief, sources: list[SourceRecord], day: dt.date) -> Outline:
    """The brief's own sections, unrestricted (the planner used when none is given)."""
    return Outline(sections=[
        OutlineSection(id=s.id, heading=s.heading, guidance=s.guidance, queries=list(s.queries),
                       evidence_budget=s.evidence_budget, evidence_tokens=s.evidence_tokens,
                       target_chars=s.target_chars)
        for s in brief.sections
    ])
