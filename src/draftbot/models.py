"""Data models shared by every stage. Pydantic so they validate and serialise to JSON.

The draft's own document model (clauses with cited spans, sections, the draft) is in
`draftbot.briefing.document`; the parsed view of a briefing file in `draftbot.briefing.markdown`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class SourceMeta(BaseModel):
    """Front matter / manifest metadata of one source (the front-matter contract, see README)."""

    title: str
    publisher: str = ""
    date: dt.date | None = None
    url: str | None = None
    usage: str = ""
    lang: str = "zh"
    kind: str = "release"  # release | notice | policy | news
    summary: str = ""
    keywords: list[str] = Field(default_factory=list)


class Source(SourceMeta):
    """A loaded source. `id` is the content hash: identity is content, not path."""

    id: str
    path: str
    text: str  # original body text, kept for quoting; normalise only for matching


class LoadFailure(BaseModel):
    path: str
    reason: str


class Chunk(BaseModel):
    """Token-bounded run of whole sentences; `start`/`end` index into `Source.text`."""

    id: str
    source_id: str
    index: int
    text: str
    start: int
    end: int
    tokens: int


class SourceRecord(SourceMeta):
    """A source as recorded in the store (no body text)."""

    id: str
    path: str
    chunks: int = 0
    # how the loader found the metadata (field -> origin), what looks wrong, the file's size:
    # stored with the record by ingest (empty for sources stored before they were)
    origin: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    size: int | None = None


class Hit(BaseModel):
    """One retrieval result."""

    chunk_id: str
    source_id: str
    title: str
    publisher: str
    date: dt.date | None
    path: str
    score: float
    text: str
    start: int
    end: int
    kind: str = "release"
    url: str | None = None
    usage: str = ""
    dense_rank: int | None = None
    lexical_rank: int | None = None


class Evidence(BaseModel):
    """A numbered evidence snippet shown to a drafting backend; `n` is the local [n]."""

    n: int
    hit: Hit


class Reference(BaseModel):
    n: int
    source_id: str
    title: str
    publisher: str
    date: dt.date | None
    usage: str = ""
    url: str | None = None


class Finding(BaseModel):
    """A verifier finding (contract: kind, sentence, detail; docs/VERIFIER.md)."""

    kind: str  # uncited_number | unknown_citation | unsupported_number | wrong_source | pending | derived
    sentence: str
    detail: str
    number: str | None = None
    citations: list[int] = Field(default_factory=list)
    suggestion: str | None = None
    # where it is: Markdown line (1-based), DOCX body paragraph (1-based), heading it sits under
    line: int | None = None
    paragraph: int | None = None
    section: str | None = None
