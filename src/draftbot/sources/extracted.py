"""What a format reader hands back: metadata it found in the file, and the body text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from draftbot.models import Source


class Extracted(BaseModel):
    fields: dict[str, Any] = Field(default_factory=dict)  # validated SourceMeta fields found in the file
    origin: dict[str, str] = Field(default_factory=dict)  # field -> where it was found ("meta PubDate", ...)
    field_errors: dict[str, str] = Field(default_factory=dict)  # field -> why the file's value was refused
    warnings: list[str] = Field(default_factory=list)  # body problems the reader saw (mostly links, ...)
    byline: str = ""  # page text from the headline on, when bylines sit outside the body (HTML)
    text: str = ""  # body, LF newlines, blank lines trimmed at both ends
    # a notice page's information table (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期 …), one
    # `label：value；label：value` line a row: metadata the byline reader reads, never body text
    form: list[str] = Field(default_factory=list)
    front_matter: bool = False  # the file carried its own front matter block
    strict_date: bool = False  # file metadata is authoritative: a missing date is an error
    site: str = ""  # the site's own name as the file shows it (logo, copyright footer, title suffix)
    site_origin: str = ""  # where that name was seen
    file_year: int | None = None  # the file's modification year (set by the loader): a last hint for a dateline's year
    file_date: dt.date | None = None  # ... and day: a page saved within days of its dateline was saved that year


class LoadedSource(Source):
    """A Source plus how its metadata was found: `origin` names the layer each field came from
    (sources.yaml, front matter, page meta, byline, url, title lines, ...), `warnings` what looks
    wrong with it. Neither is part of the source's identity."""

    origin: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    size: int = 0  # bytes of the file as read
    # the page's information table (索引号：…；主题分类：… / 发文机关：… / 成文日期：… / 发布日期：…), taken
    # out of `text` so that no drafter quotes it as news; its dates and issuer were read into the fields
    form: list[str] = Field(default_factory=list)
