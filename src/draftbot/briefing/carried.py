"""The evidence a draft carries, as data: the sources it cites (whole, or their cited passages)
and the number facts of the store's other sources. A leaf: `briefing.document` holds it, and
`briefing.evidence` builds, embeds and reads it."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, Field

from draftbot.models import SourceRecord

FORMAT = "draftbot-evidence/1"


class CitedPassage(BaseModel):
    start: int  # span into the source text (the store's copy)
    end: int
    text: str
    figures: list[str] = Field(default_factory=list)  # the number facts in it, as written


class CarriedSource(BaseModel):
    record: SourceRecord
    cited: bool  # cited by the draft (else one of the day's sources it could cite)
    partial: bool = False  # only the cited passages are carried, not the whole text
    sha256: str
    text: str
    passages: list[CitedPassage] = Field(default_factory=list)

    def intact(self) -> bool:
        return digest(self.text) == self.sha256


class IndexedSource(BaseModel):
    """A store source the draft does not carry: its identity and number facts only (rows of
    `verify.mention_index`), for finding where a figure the cited source lacks does stand."""

    record: SourceRecord
    rows: list[list] = Field(default_factory=list)


class CarriedEvidence(BaseModel):
    format: str = FORMAT
    brief: dict
    sources: list[CarriedSource] = Field(default_factory=list)
    index: list[IndexedSource] = Field(default_factory=list)

    def usable(self) -> tuple[list[CarriedSource], list[CarriedSource]]:
        """(sources whose text matches its hash, altered ones)."""
        good = [s for s in self.sources if s.intact()]
        return good, [s for s in self.sources if not s.intact()]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
