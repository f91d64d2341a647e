"""One sentence splitter for Chinese and English.

Ends at 。！？；… and at ASCII . ! ? followed by space/end (so never inside 4.7% or $71.40).
Closing quotes/brackets and trailing citation markers like [3][5] stay with the sentence they follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK_END = "。！？；!?;…"
_CLOSERS = "”’」』）)》〉】\"'"
_ABBREV = {
    "u.s", "u.k", "e.u", "mr", "mrs", "ms", "dr", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "e.g", "i.e", "st", "jr", "p.m", "a.m",
}
_CITE = re.compile(r"(?:\s*\[\d+\])+")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _is_ascii_period_end(text: str, i: int) -> bool:
    """A '.' at i ends a sentence when followed by whitespace/end and not an abbreviation or decimal."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt and not nxt.isspace() and nxt not in _CLOSERS and nxt != "[":
        return False  # 4.7, example.com, U.S.-made
    m = _WORD_BEFORE.search(text, 0, i)
    if m and m.group(1).lower().rstrip(".") in _ABBREV:
        return False
    if m and len(m.group(1)) == 1 and m.group(1).isupper():
        return False  # initials: "J. Smith"
    if i > 0 and text[i - 1].isdigit() and (i < 3 or not text[i - 2].isdigit()) and (i == 1 or text[i - 2] in "\n "):
        return False  # list numbers "1. " at line start
    return True


def split_sentences(text: str) -> list[Span]:
    """Split `text` into sentence spans (offsets into `text`); whitespace-only pieces dropped."""
    spans: list[Span] = []
    n = len(text)
    start = 0
    i = 0
    while i < n:
        ch = text[i]
        end = None
        if ch == "\n":
            end = i  # a line break always ends a sentence (paragraphs, headings, list items)
        elif ch in _CJK_END or (ch == "." and _is_ascii_period_end(text, i)):
            j = i + 1
            while j < n and text[j] in _CJK_END:  # "？！", "……"
                j += 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            m = _CITE.match(text, j)
            if m:
                j = m.end()
            end = j
        if end is not None:
            _emit(text, start, end, spans)
            start = end if ch != "\n" else i + 1
            i = max(end, i + 1)
            continue
        i += 1
    _emit(text, start, n, spans)
    return spans


def _emit(text: str, start: int, end: int, spans: list[Span]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    spans.append(Span(s, s + len(stripped), stripped))
