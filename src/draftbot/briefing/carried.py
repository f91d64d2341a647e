"""The evidence a draft carries, as data: the sources it cites (whole, or their cited passages)
and the number facts of the store's other sources. A leaf: `briefing.document` holds it, and
`briefing.evidence` builds, embeds and reads it."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, Field, PrivateAttr, TypeAdapter, ValidationError

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

    _index_json: bytes | None = PrivateAttr(default=None)  # `index` not read yet (parse_evidence)

    def number_index(self) -> list[IndexedSource]:
        """`index`, read from its JSON text on first use when it was left unread (a check needs
        it only when the store lacks a source the draft carries); a damaged one reads as empty."""
        if self._index_json is not None:
            raw, self._index_json = self._index_json, None
            try:
                self.index = TypeAdapter(list[IndexedSource]).validate_python(json.loads(raw))
            except (ValueError, ValidationError):
                self.index = []
        return self.index

    def usable(self) -> tuple[list[CarriedSource], list[CarriedSource]]:
        """(sources whose text matches its hash, altered ones)."""
        intact = [(s, s.intact()) for s in self.sources]  # each text hashed once
        return [s for s, ok in intact if ok], [s for s, ok in intact if not ok]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
