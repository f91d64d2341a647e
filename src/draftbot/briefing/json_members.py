"""The members of a JSON object as `json.dumps(indent=2)` writes it, found without parsing the
others. A provenance JSON is ~10 MB at a 100k-chunk store, most of it the carried number index
and the source report, which `check` needs rarely or never: parsing it whole cost a cold check
0.1 s and 40 MB.

In that layout every member of an object at depth d starts a line indented by 2·d spaces, deeper
lines are indented more, and no string holds a raw line break (JSON escapes it), so a line that
starts with exactly 2·d spaces and a quote starts a member. Anything else (compact JSON, another
indent, an editor's reformatting) is not recognised: the caller parses the whole text.
"""

from __future__ import annotations

import json
import re

_KEY = rb'"((?:[^"\\\n]|\\.)*)": '
_WS = b" \t\r\n"


def members(raw: bytes, depth: int = 1) -> dict[str, tuple[int, int]] | None:
    """Key -> where its value's bytes are in `raw` (the object's text, starting at `{`, written
    at `depth`); None when `raw` is not in that layout. A key given twice keeps its last value,
    as `json.loads` does."""
    n = len(raw)
    while n and raw[n - 1] in _WS:
        n -= 1
    pad = b" " * (2 * depth)
    close = b"\n" + pad[:-2] + b"}"
    if not (raw.startswith(b"{\n" + pad + b'"') and raw.endswith(close, 0, n)):
        return None
    starts = list(re.compile(b"\n" + pad + _KEY).finditer(raw, 0, n))
    if not starts or starts[0].start() != 1:
        return None
    out: dict[str, tuple[int, int]] = {}
    for m, nxt in zip(starts, starts[1:] + [None]):
        end = nxt.start() if nxt is not None else n - len(close)
        if nxt is not None:
            if raw[end - 1:end] != b",":
                return None
            end -= 1
        out[json.loads(b'"' + m.group(1) + b'"')] = (m.end(), end)
    return out


def decode(raw: bytes, found: dict[str, tuple[int, int]], keys: set[str]) -> dict | None:
    """The members `keys` (those `found` in `raw`), parsed; None when one is not valid JSON."""
    try:
        return {k: json.loads(raw[a:b]) for k, (a, b) in found.items() if k in keys}
    except ValueError:
        return None


class RawJSON(bytes):
    """A member's value left as its JSON text, parsed by whoever needs it."""


def valid_utf8(raw: bytes, piece: int = 1 << 20) -> bool:
    """Is `raw` UTF-8 (checked a piece at a time: the decoded text is never held whole)?"""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        for i in range(0, len(raw), piece):
            dec.decode(raw[i:i + piece])
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
