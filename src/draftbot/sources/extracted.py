"""What a format reader hands back: metadata it found in the file, and the body text."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Extracted(BaseModel):
    fields: dict[str, Any] = Field(default_factory=dict)  # validated SourceMeta fields found in the file
    text: str = ""  # body, LF newlines, blank lines trimmed at both ends
    front_matter: bool = False  # the file carried its own front matter block
    strict_date: bool = False  # file metadata is authoritative: a missing date is an error
