"""Source text and metadata made inert before anything else reads them (called once, by the loader).

- C0 and C1 controls go (ESC, BEL, CSI, OSC, …): `cat` of a draft must never drive the terminal,
  and python-docx refuses them. Tab and newline stay; CR, NEL, form feed, vertical tab and the
  Unicode line/paragraph separators become newlines (page breaks in PDF text are line breaks).
- Bidi controls (embeddings, overrides, isolates, marks) go everywhere: draftbot reads Chinese and
  English, where they only ever serve to make `7.75` display as `57.7`.
- Zero-width characters, soft hyphens, invisible operators and tag characters go everywhere,
  except a joiner between two letters of a script that needs it (Persian ZWNJ, emoji ZWJ);
  next to a digit, ASCII or CJK they only ever hide a number or a word from a matcher.
- HTML entities written in a text or Markdown source are decoded (`AT&amp;T` is what a renderer
  shows as AT&T); HTML sources arrive decoded by their parser, so theirs are not decoded twice.
- Metadata is one line: a newline in a publisher must not split a reference line.
"""

from __future__ import annotations

import html
import re
from typing import Any

# a whole terminal escape sequence goes, not only its ESC: CSI (ESC [ … or U+009B), OSC (ESC ] … BEL/ST
# or U+009D), and the two-character ones
_ANSI = re.compile("(?:\x1b\\[|\x9b)[0-?]{0,64}[ -/]{0,8}[@-~]|(?:\x1b\\]|\x9d)[^\x07\x1b\x9c]{0,2000}(?:\x07|\x1b\\\\|\x9c)?|\x1b[@-Z\\\\^_]")
_TO_NEWLINE = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f]")
_JOINER = re.compile("[\u200c\u200d]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"\s+")
_SINGLE_LINE_FIELDS = ("title", "publisher", "usage", "url", "summary", "kind", "lang")


def _joiner_kept(text: str, i: int) -> bool:
    """A ZWJ/ZWNJ stays only between two non-ASCII, non-CJK, non-digit characters."""
    if i == 0 or i + 1 >= len(text):
        return False
    a, b = text[i - 1], text[i + 1]
    return all(ord(c) > 0x7F and not c.isdigit() and not ("\u3000" <= c <= "\u9fff") and not c.isspace() for c in (a, b))


def _drop_joiners(text: str) -> str:
    if not _JOINER.search(text):
        return text
    return "".join(ch for i, ch in enumerate(text) if ch not in "\u200c\u200d" or _joiner_kept(text, i))


def _decode_entity(m: re.Match) -> str:
    out = html.unescape(m.group())
    return m.group() if out == m.group() else out


def sanitize_text(text: str, entities: bool = False) -> str:
    """Body text without controls, bidi controls or invisible characters; entities decoded if asked."""
    if entities and "&" in text:
        text = _ENTITY.sub(_decode_entity, text)  # first, so `&#27;` cannot smuggle an ESC in
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ANSI.sub("", text)
    text = _TO_NEWLINE.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = _BIDI.sub("", text)
    text = _INVISIBLE.sub("", text)
    return _drop_joiners(text)


def sanitize_line(value: str, entities: bool = False) -> str:
    """A metadata value as one clean line: sanitised, every whitespace run one space."""
    return _SPACES.sub(" ", sanitize_text(value, entities)).strip()


def sanitize_fields(fields: dict[str, Any], entities: bool = False) -> dict[str, Any]:
    """Source metadata with every text value one clean line (keywords each one line)."""
    out = dict(fields)
    for key in _SINGLE_LINE_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = sanitize_line(out[key], entities)
    if isinstance(out.get("keywords"), list):
        out["keywords"] = [k for k in (sanitize_line(str(k), entities) for k in out["keywords"]) if k]
    return out
