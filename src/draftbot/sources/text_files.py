"""Markdown / plain text with YAML front matter."""

from __future__ import annotations

from .decode import decode_text, normalize_newlines
from .extracted import Extracted
from .frontmatter import split_front_matter, strip_blank_lines
from .meta import clean_fields


def read_text_source(data: bytes) -> Extracted:
    text = normalize_newlines(decode_text(data))
    raw, body = split_front_matter(text)
    fields = clean_fields(raw, "front matter") if raw is not None else {}
    return Extracted(fields=fields, text=strip_blank_lines(body), front_matter=raw is not None, strict_date=True)
