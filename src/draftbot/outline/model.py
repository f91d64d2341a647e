"""The outline of one day's briefing, and the planning spec a brief carries.

An outline is the day's table of contents: which sections, in which order, under which heading,
drawing on which sources; and which sources were left out, each with its reason. It is planned
from the day's sources (offline or by a model), written as an editable YAML file, and read back
after hand edits.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

LeftOutReason = Literal["off-topic", "distractor date", "duplicate story", "background", "superseded"]
LEFT_OUT_REASONS: tuple[str, ...] = ("off-topic", "distractor date", "duplicate story", "background", "superseded")
HEADING_CHARS = 30
# Caps on hand-edited fields (issue 27): each value is read, embedded or prompted per section, so an
# outline of 20,000 queries or a 1 MB heading costs minutes; these are far above any real outline.
MAX_TEXT = 4000  # guidance, a theme's guidance
MAX_LINE = 200  # a heading, a query, a keyword, a name
MAX_ITEMS = 50  # queries, keywords, themes, sections
MAX_IDS = 2000  # source ids of one section
MAX_QUERY = 1000  # a query (a source title's core, a keyword list)
Line = Annotated[str, StringConstraints(max_length=MAX_LINE)]
Query = Annotated[str, StringConstraints(max_length=MAX_QUERY)]


class Theme(BaseModel):
    """A standing theme of a publication: names and orders a section when the day has it."""

    name: Line
    keywords: list[Query] = Field(default_factory=list, max_length=MAX_ITEMS)
    guidance: str = Field(default="", max_length=MAX_TEXT)


class SectionRange(BaseModel):
    min: int = Field(default=3, ge=1)
    max: int = Field(default=5, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> "SectionRange":
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class PlanSpec(BaseModel):
    """What a brief says about planning: stable for a publication, not tied to a day."""

    sections: SectionRange = Field(default_factory=SectionRange)
    # sources of any kind up to this many days before the day count as recent (background of a
    # matching section); older ones of the day's topics are distractors
    recency_days: int = Field(default=1, ge=0)
    # older documents of these kinds (policies) may still be background, up to `background_days` old
    background_kinds: list[str] = Field(default_factory=lambda: ["policy"])
    background_days: int = Field(default=1100, ge=0)
    # background sources per section at most (the closest to its sources): each is read and
    # searched at draft time, and a reader wants the few that matter, not every older notice
    max_background: int = Field(default=4, ge=0)
    themes: list[Theme] = Field(default_factory=list, max_length=MAX_ITEMS)
    heading_chars: int = Field(default=HEADING_CHARS, ge=8, le=MAX_LINE)


class OutlineSection(BaseModel):
    id: Line
    heading: Line
    guidance: str = Field(default="", max_length=MAX_TEXT)
    queries: list[Query] = Field(default_factory=list, max_length=MAX_ITEMS)
    # the day's sources this section draws on; evidence is restricted to these (+ background_ids)
    source_ids: list[str] = Field(default_factory=list, max_length=MAX_IDS)
    # older sources offered as background (recent same-topic news, standing policy documents)
    background_ids: list[str] = Field(default_factory=list, max_length=MAX_IDS)
    weight: float = 0.0
    theme: str | None = None
    # for the editor: why this section's heading (or sources) deserve a look (e.g. a model's heading
    # that names nothing its sources show); written in the outline file, dropped on edit
    warning: str | None = None

    def all_ids(self) -> list[str]:
        return self.source_ids + [i for i in self.background_ids if i not in self.source_ids]


class LeftOut(BaseModel):
    source_id: str
    title: str = ""
    reason: LeftOutReason
    # for a duplicate story: the section it was folded into and the source kept there
    section: str | None = None
    duplicate_of: str | None = None


class Outline(BaseModel):
    date: str | None = None  # the day of the sources, YYYY-MM-DD
    planner: str = "offline"  # offline | llm:<model> | edited
    sections: list[OutlineSection] = Field(default_factory=list, max_length=MAX_ITEMS)
    left_out: list[LeftOut] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "Outline":
        seen_sections: set[str] = set()
        owner: dict[str, str] = {}
        for s in self.sections:
            if s.id in seen_sections:
                raise ValueError(f"section id {s.id!r} appears twice")
            seen_sections.add(s.id)
            if not s.heading.strip():
                raise ValueError(f"section {s.id!r} has an empty heading")
            for sid in s.source_ids:
                if sid in owner:
                    raise ValueError(f"source {sid} is in two sections ({owner[sid]!r} and {s.id!r})")
                owner[sid] = s.id
        for lo in self.left_out:
            if lo.source_id in owner:
                raise ValueError(f"source {lo.source_id} is both in section {owner[lo.source_id]!r} and left out")
        return self

    def section(self, section_id: str) -> OutlineSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def assigned_ids(self) -> list[str]:
        return [sid for s in self.sections for sid in s.source_ids]

    def section_of(self, source_id: str) -> OutlineSection | None:
        return next((s for s in self.sections if source_id in s.source_ids), None)
