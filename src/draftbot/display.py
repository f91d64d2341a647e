"""Text from files and sources, made safe to print on one terminal line or to place in Markdown.

`display_name()` is for file names, titles and reasons inside status lines: a name that carries a
newline could otherwise print a fake "FAILED …" line, an escape sequence could retitle the window
or clear the screen, and a bidi override could make `evil‮txt.md` read as `evilmd.txt`. Each such
character is shown as a Python-style escape (`\\n`, `\\x1b`, `\\u202e`); everything else,
Chinese included, prints as it is. Bytes of a file name that are not UTF-8 (surrogate escapes
from `os.fsdecode`) print as `\\xNN`, the byte they stand for, instead of raising
UnicodeEncodeError in `print`.

`excerpt()` is for passages: whitespace runs (newlines included) become one space, the rest is
escaped like a name, and the result is capped.

`escape_markup()` is for source text copied into a Markdown draft: an HTML tag, an entity or a
link/image written in a source stays text when a CommonMark renderer shows the draft.
"""

from __future__ import annotations

import os
import re

DEFAULT_NAME_LIMIT = 300
DEFAULT_EXCERPT_LIMIT = 200

# C0 and C1 controls (ESC, CR, LF, TAB, BEL, CSI U+009B, OSC U+009D, …), DEL, the Unicode line and
# paragraph separators, bidi embeddings/overrides/isolates and marks, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u3000\x85\u2028\u2029]+")


def _escape_char(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _cap(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def display_name(value: object, limit: int | None = DEFAULT_NAME_LIMIT) -> str:
    """`value` (a str, Path or bytes path) as one printable line, escaped and capped at `limit`."""
    if isinstance(value, bytes):
        text = os.fsdecode(value)
    else:
        text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    # Cap before escaping as well, so a 300 MB reason never gets copied whole.
    if limit is not None and len(text) > limit * 4:
        text = text[: limit * 4]
    return _cap(_UNSAFE.sub(_escape_char, text), limit)


def excerpt(text: object, limit: int | None = DEFAULT_EXCERPT_LIMIT) -> str:
    """A passage as one printable line: whitespace runs become one space; escaped; capped."""
    raw = str(text)
    if limit is not None and len(raw) > limit * 4:
        raw = raw[: limit * 4]
    return display_name(_SPACES.sub(" ", raw).strip(), limit)


# `<` opening a tag, comment, CDATA or autolink; `&` opening an entity; `](` / `]:` making a link
# or image from bracketed text. A backslash before ASCII punctuation is a literal in CommonMark,
# so the text reads the same and no renderer sees markup.
_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)|\](?=[(:\[])|(?<=!)\[")


def escape_markup(text: str) -> str:
    """Source text made inert in Markdown: HTML tags, entities, links and images become literal text."""
    return _MARKUP.sub(lambda m: "\\" + m.group(), text)


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_markup(text: str) -> str:
    """Markdown's backslash escapes read back as the characters they protect (CommonMark rule)."""
    return _BACKSLASH_ESCAPE.sub(r"\1", text)


# json.dumps escapes C0 controls itself; the layout's own newlines must stay
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_json(text: str) -> str:
    """JSON text with every character `display_name` escapes written as a \\uXXXX escape."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_dumps(data: object, indent: int | None = 2) -> str:
    """JSON for stdout: readable Chinese, but every character `display_name` escapes (controls,
    bidi, line separators) written as a \\uXXXX escape, so printing it never drives the terminal
    while `json.loads` still gives back exactly the data."""
    import json

    if indent is None:
        text = json.dumps(data, ensure_ascii=False)
    else:  # the same text, at C speed (a draft's provenance holds ~10^5 values)
        from draftbot.json_text import dumps_indented

        text = dumps_indented(data, indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def may_be_terminal(stream) -> bool:
    """False when rich's Console would certainly not treat `stream` as a terminal (no
    TTY_COMPATIBLE=1, no FORCE_COLOR, not a tty), so plain output needs no rich import."""
    if os.environ.get("TTY_COMPATIBLE", "") == "1" or os.environ.get("FORCE_COLOR") is not None:
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def status_lines(text: object) -> str:
    """A status message of one or more lines, each escaped like a name (no cap): the line breaks
    the message meant stay, the ones a title or file name carried cannot forge a line."""
    return "\n".join(display_name(line, None) for line in str(text).split("\n"))
