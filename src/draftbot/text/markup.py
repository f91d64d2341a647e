"""Blank what a reader never sees: Markdown link/image targets, HTML tags and entities, bare URLs.

Length-preserving (every blanked character becomes a space) so offsets into the original text
stay valid. Number extraction reads the rendered words only: a digit inside an image URL or a tag
attribute is not a figure the source states.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(
    r"\]\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)"  # Markdown [text](target "title")
    r"|<(?:[A-Za-z][A-Za-z0-9-]{0,30}|/[A-Za-z][A-Za-z0-9-]{0,30})(?:\s[^<>]{0,2000})?/?>"  # tags
    r"|<!--.{0,5000}?-->"  # comments
    r"|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,10});"  # entities
    r"|\bhttps?://[^\s<>()\]\"'，。；）]{1,2000}"  # bare URLs
    r"|^\[[^\]\n]{1,200}\]:[ \t]+\S{1,2000}",  # reference-style link definitions
    re.S | re.M,
)
_HINT = ("](", "<", "&", "http", "]:")


def blank_markup(text: str) -> str:
    """`text` with markup blanked (same length). A `](` keeps its `]` so 【…】/[n] stay as written."""
    if not any(h in text for h in _HINT):
        return text

    def blank(m: re.Match) -> str:
        g = m.group()
        if g.startswith("]("):
            return "]" + " " * (len(g) - 1)
        return re.sub(r"[^\n]", " ", g)

    return _MARKUP.sub(blank, text)
