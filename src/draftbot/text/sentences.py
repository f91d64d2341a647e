"""One sentence splitter for Chinese and English.

Ends at 。！？；… and at ASCII . ! ? followed by space/end (so never inside 4.7% or $71.40); an
ASCII ; only after Chinese text (never in English, never closing an entity like `&amp;`).
Closing quotes/brackets and trailing citation markers like [3][5] stay with the sentence they follow.

One pass: a regex finds the candidate end characters, and every look-behind (the word before a
period) scans back only over the run of letters and dots that ends there. Those runs never
overlap, because a period only ends a sentence when a space, closer or '[' follows it, so the
whole split is linear in the length of the text.
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
# A '.' is only a candidate when a space, closer, '[' or the end follows (never inside 4.7 or a
# run of dots), so the regex engine, not Python, steps over the periods that cannot end a sentence.
_CANDIDATE = re.compile("[\n" + re.escape(_CJK_END) + "]|\\.(?=[\\s\\[" + re.escape(_CLOSERS) + "]|\\Z)")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_END_RUN = re.compile("[" + re.escape(_CJK_END) + "]*[" + re.escape(_CLOSERS) + "]*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _word_before(text: str, i: int) -> str:
    """The run of ASCII letters and dots that ends just before index i ('' when none)."""
    j = i
    while j > 0 and text[j - 1] in _WORD_CHARS:
        j -= 1
    return text[j:i]


def _is_ascii_period_end(text: str, i: int) -> bool:
    """A '.' at i ends a sentence when followed by whitespace/end and not an abbreviation or decimal."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt and not nxt.isspace() and nxt not in _CLOSERS and nxt != "[":
        return False  # 4.7, example.com, U.S.-made
    word = _word_before(text, i)
    if word and word.lower().rstrip(".") in _ABBREV:
        return False
    if len(word) == 1 and word.isupper():
        return False  # initials: "J. Smith"
    if i > 0 and text[i - 1].isdigit() and (i < 3 or not text[i - 2].isdigit()) and (i == 1 or text[i - 2] in "\n "):
        return False  # list numbers "1. " at line start
    return True


# `&amp;` / `&#38;` / `&#x26;` just before a ';' make it the end of an entity, not of a sentence
_ENTITY_BEFORE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})$")
_CJK_BEFORE = re.compile("[\u3400-\u9fff\u3001-\u3011\uff01-\uff1f”’）》」』]")


def _is_ascii_semicolon_end(text: str, i: int) -> bool:
    """An ASCII ';' ends a sentence only in Chinese text (a half-width ；), never inside an entity
    (AT&amp;T) nor in English, where it joins two clauses of one sentence."""
    if _ENTITY_BEFORE.search(text, max(0, i - 40), i):
        return False
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in " \t":
        k += 1
    return (j > 0 and _CJK_BEFORE.match(text[j - 1]) is not None) or (k < len(text) and _CJK_BEFORE.match(text[k]) is not None)


def split_sentences(text: str) -> list[Span]:
    """Split `text` into sentence spans (offsets into `text`); whitespace-only pieces dropped."""
    spans: list[Span] = []
    n = len(text)
    start = 0
    pos = 0
    while True:
        m = _CANDIDATE.search(text, pos)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "\n":  # a line break always ends a sentence (paragraphs, headings, list items)
            _emit(text, start, i, spans)
            start = pos = i + 1
            continue
        if (ch == "." and not _is_ascii_period_end(text, i)) or (ch == ";" and not _is_ascii_semicolon_end(text, i)):
            pos = i + 1
            continue
        j = _END_RUN.match(text, i + 1).end()  # "？！", "……", then closing quotes/brackets
        cite = _CITE.match(text, j)
        end = cite.end() if cite else j
        _emit(text, start, end, spans)
        start = pos = end
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
