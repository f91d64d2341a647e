"""`json.dumps(data, ensure_ascii=False, indent=n)`, byte for byte, at the speed of the C encoder.

The standard library encodes with an indent in pure Python (its C encoder takes no indent), which
costs most of a second for a draft's provenance (hundreds of thousands of values: the carried
number index). A container whose members are all scalars is the same text as the C encoder's
output with ",\\n" + indent as its item separator, so only the containers above those leaves are
walked here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from itertools import chain

_SCALARS = (str, int, float, bool, type(None))
_SCALAR_SET = frozenset(_SCALARS)
_ROWS = "\x00"  # a separator no encoded value contains (the encoder escapes U+0000 in strings)


@lru_cache(maxsize=64)
def _flat(sep: str):
    """The C encoder with `sep` between items (indent None: the C path)."""
    return json.JSONEncoder(ensure_ascii=False, separators=(sep, ": ")).encode


_string = json.encoder.encode_basestring  # the C function when there is one, as the encoder uses
_plain = json.JSONEncoder(ensure_ascii=False).encode  # one scalar, or a dict key's conversion


def dumps_indented(data: object, indent: int = 2) -> str:
    """The same text as `json.dumps(data, ensure_ascii=False, indent=indent)`."""
    if type(indent) is not int or indent < 0:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    parts: list[str] = []
    try:
        _walk(data, 0, " " * indent, parts, set())
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=indent)  # the library's own error or text
    return "".join(parts)


def encode_pieces(data: object, indent: int = 2, escape=None, end: str = "", to=None) -> list[bytes]:
    """`dumps_indented(data, indent) + end`, passed through `escape(text) -> text` (which must map
    characters alone) and encoded as UTF-8, in pieces of about a megabyte made one at a time: a
    10 MB provenance is held once, as bytes, not as several copies of its text (a writer writes
    the pieces). `to`: a binary file the pieces are written to as they are made (none is held;
    [] is returned); it is rewound and truncated if the standard encoder must start over."""
    done: list[bytes] = []

    def flush(parts: list[str]) -> None:
        text = "".join(parts)
        parts.clear()
        piece = (escape(text) if escape else text).encode("utf-8")
        if to is None:
            done.append(piece)
        else:
            to.write(piece)

    parts: list[str] = []
    try:
        if type(indent) is not int or indent < 0:
            raise _Unusual
        _walk(data, 0, " " * indent, parts, set(), flush)
    except _Unusual:
        done.clear()
        if to is not None:
            to.seek(0)
            to.truncate()
        parts = [json.dumps(data, ensure_ascii=False, indent=indent)]
    parts.append(end)
    flush(parts)
    return done


_FLUSH_PARTS = 2_000  # pieces gathered before they are encoded (a table piece can be ~20 KB)


class _Unusual(Exception):
    """Something this walk does not reproduce exactly (a key or value of another type, a cycle):
    the standard encoder handles it, with its own message."""



def _walk(o, depth: int, unit: str, out: list[str], seen: set[int], flush=None) -> None:
    t = type(o)
    if t is str:
        out.append(_string(o))
        return
    if t in _SCALARS:
        out.append(_plain(o))
        return
    if t is dict:
        items = o
        if not items:
            out.append("{}")
            return
        if any(type(k) is not str for k in items):
            raise _Unusual
        opener, closer, values = "{", "}", items.values()
    elif t is list or t is tuple:
        if not o:
            out.append("[]")
            return
        opener, closer, values = "[", "]", o
    else:
        raise _Unusual
    inner = "\n" + unit * (depth + 1)
    outer = "\n" + unit * depth
    if all(type(v) in _SCALARS for v in values):
        text = _flat("," + inner)(o)
        out.append(opener + inner + text[1:-1] + outer + closer)
        return
    if t is not dict and _rows(o):
        _table(o, inner, "\n" + unit * (depth + 2), outer, out)
        return
    if id(o) in seen:
        raise _Unusual
    seen.add(id(o))
    out.append(opener)
    first = True
    if t is dict:
        for k, v in o.items():
            out.append(inner if first else "," + inner)
            first = False
            out.append(_plain(k) + ": ")
            _walk(v, depth + 1, unit, out, seen, flush)
            if flush is not None and len(out) >= _FLUSH_PARTS:
                flush(out)
    else:
        for v in o:
            out.append(inner if first else "," + inner)
            first = False
            _walk(v, depth + 1, unit, out, seen, flush)
            if flush is not None and len(out) >= _FLUSH_PARTS:
                flush(out)
    out.append(outer + closer)
    seen.discard(id(o))


def _rows(o) -> bool:
    """A list of non-empty lists of scalars (a table: the carried number index)."""
    return all(type(r) is list and r for r in o) and set(map(type, chain.from_iterable(o))) <= _SCALAR_SET


def _table(rows, inner: str, inner2: str, outer: str, out: list[str]) -> None:
    """A table, a thousand rows per C-encoder call: items separated by U+0000, which then marks
    where a row ends (`]` + U+0000 + `[`, which no scalar can form) and where its items part."""
    between = inner + "]," + inner + "[" + inner2
    out.append("[" + inner + "[" + inner2)
    for i in range(0, len(rows), _TABLE_ROWS):
        text = _flat(_ROWS)(rows[i:i + _TABLE_ROWS])[2:-2]  # without the outer and end rows' brackets
        if i:
            out.append(between)
        out.append(text.replace("]" + _ROWS + "[", between).replace(_ROWS, "," + inner2))
    out.append(inner + "]" + outer + "]")


_TABLE_ROWS = 1000  # rows per encoder call: the text of 20,000 rows is never copied whole
