"""Bytes -> text for text-like sources: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030.

Order matters: strict UTF-8 first (most files), then strict GB18030 (a superset of GBK/GB2312, the
usual legacy encoding of Chinese government pages), and charset-normalizer only as a last resort
because its guesses on short CJK text are unreliable.
"""

from __future__ import annotations

import codecs
import re

from .errors import SourceError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with FF FE too
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, LF, VT, FF, CR, plus DEL and the replacement character.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode `data`; `declared` (e.g. an HTML meta charset) is tried first when given."""
    if not data.strip():
        raise SourceError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _plausible(data[len(bom):].decode(enc))
            except UnicodeDecodeError:
                raise SourceError(f"undecodable text (starts with a {enc} byte-order mark but is not {enc})") from None
    if b"\x00" in data:
        raise SourceError("binary file (NUL bytes)")
    candidates = ["utf-8", "gb18030"]
    if declared:
        enc = _codec_name(declared)
        if enc and enc not in candidates:
            candidates.insert(0, enc)
        elif enc:
            candidates.remove(enc)
            candidates.insert(0, enc)
    for enc in candidates:
        try:
            return _plausible(data.decode(enc))
        except (UnicodeDecodeError, LookupError):
            continue
        except SourceError:
            continue
    return _plausible(_guess(data))


def _codec_name(name: str) -> str | None:
    try:
        enc = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # GBK and GB2312 are subsets of GB18030: decode with the superset so rare characters survive.
    return "gb18030" if enc in ("gbk", "gb2312") else enc


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError("undecodable text (not UTF-8, GB18030 or another recognisable encoding)")
    return str(best)


def _plausible(text: str) -> str:
    """Reject text that decoded but is really binary (control characters all over)."""
    if not text.strip():
        raise SourceError("empty file")
    bad = len(_CONTROL.findall(text))
    if bad and bad > max(2, len(text) // 100):
        raise SourceError("binary file (control bytes, not text)")
    return text


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
