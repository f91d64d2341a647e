"""The filter language of a dense query, in one place: `build_where` writes it (Chroma's `where`
dialect: an ``$and`` of ``$gte``/``$lte`` on ``date_int`` and ``$in`` on publisher, kind and source
id) and `allows` evaluates it on a chunk's metadata, for the stores that filter without Chroma."""

from __future__ import annotations

from draftbot.text.dates import iso_day


def _dint(d) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def build_where(date_from=None, date_to=None, publishers=None, kinds=None, source_ids=None) -> dict | None:
    """A Chroma `where` filter for the chunk metadata (None when nothing is filtered)."""
    conds: list[dict] = []
    df, dt_ = iso_day(date_from), iso_day(date_to)
    if df:
        conds.append({"date_int": {"$gte": _dint(df)}})
    if dt_:
        conds.append({"date_int": {"$lte": _dint(dt_)}})
    if publishers:
        conds.append({"publisher": {"$in": list(publishers)}})
    if kinds:
        conds.append({"kind": {"$in": list(kinds)}})
    if source_ids:
        conds.append({"source_id": {"$in": list(source_ids)}})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def conditions(where: dict | None) -> list[tuple[str, str, object]] | None:
    """(field, operator, value) of each condition of a `build_where` filter; None for any other
    shape (a store then leaves the filter to Chroma)."""
    out = []
    for c in (where or {}).get("$and", [where]) if where else []:
        if not isinstance(c, dict) or len(c) != 1:
            return None
        (field, test), = c.items()
        if not isinstance(test, dict) or len(test) != 1:
            return None
        (op, value), = test.items()
        if not ((op in ("$gte", "$lte") and field == "date_int" and type(value) is int)
                or (op == "$in" and field in ("source_id", "publisher", "kind") and isinstance(value, list))):
            return None
        out.append((field, op, value))
    return out


def allows(m: dict, where: dict | None) -> bool:
    """Whether Chroma's filter `where` lets a chunk with metadata `m` through (a missing field
    passes no condition)."""
    if not where:
        return True
    if "$and" in where:
        return all(allows(m, w) for w in where["$and"])
    (field, cond), = where.items()
    v = m.get(field)
    for op, arg in cond.items():
        if op == "$gte" and not (v is not None and v >= arg):
            return False
        if op == "$lte" and not (v is not None and v <= arg):
            return False
        if op == "$in" and v not in arg:
            return False
    return True
