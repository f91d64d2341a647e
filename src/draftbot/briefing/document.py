"""The drafted briefing as data: sections of clauses, each clause with the source spans it cites."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from draftbot.briefing.brief import Brief
from draftbot.briefing.carried import CarriedEvidence
from draftbot.models import SourceRecord


class CitedSpan(BaseModel):
    """Where a clause's fact comes from: a chunk of a source (character span into the source text),
    or the source's front-matter summary (via="summary", span of the summary text)."""

    source_id: str
    chunk_id: str
    start: int
    end: int
    via: str = "text"  # text | summary


class DraftClause(BaseModel):
    text: str
    cites: list[CitedSpan] = Field(default_factory=list)
    pending: list[str] = Field(default_factory=list)  # reasons shown as 【待核实：…】

    @property
    def source_ids(self) -> list[str]:
        out: list[str] = []
        for c in self.cites:
            if c.source_id not in out:
                out.append(c.source_id)
        return out


class DraftParagraph(BaseModel):
    clauses: list[DraftClause] = Field(default_factory=list)


class DraftSection(BaseModel):
    id: str
    heading: str
    kind: str  # summary | section | synthesis
    paragraphs: list[DraftParagraph] = Field(default_factory=list)

    def clauses(self) -> list[DraftClause]:
        return [c for p in self.paragraphs for c in p.clauses]


class Draft(BaseModel):
    brief: Brief
    date: dt.date  # the sources' day
    summary: DraftSection
    sections: list[DraftSection]
    synthesis: DraftSection
    sources: dict[str, SourceRecord]  # every source the draft cites (and may cite)
    # what `check` needs to judge the draft without the store (briefing/evidence.py); written into
    # the DOCX and the provenance JSON when set
    carried: CarriedEvidence | None = None

    @property
    def dated(self) -> dt.date:
        return self.date + dt.timedelta(days=self.brief.date_offset_days)

    def all_sections(self) -> list[DraftSection]:
        """Document order: 摘要, the topical sections, 今日判断."""
        return [self.summary, *self.sections, self.synthesis]
