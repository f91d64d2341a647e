"""Every source's number mentions in one SQLite table, for wrong_source lookups.

Kept beside the store (``verify-mentions.sqlite``) so a 10k-chunk store is read and parsed once,
not on every `check`; in memory for a library built without a store. Source ids are content
hashes, so a source's rows never go stale; rows of sources no longer in the store are dropped,
and the whole table is rebuilt when the number extractor or sentence splitter changes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Callable, Iterable

from draftbot.text.numbers import NumberMention, date_mentions
from draftbot.text.units import DATE_KINDS
from draftbot.text.units import row_class as _row_class

FIELDS = ("text", "start", "end", "value", "value_hi", "unit", "kind", "qualifier", "year", "month", "day", "step")
_VAL, _HI, _UNIT, _KIND, _Y, _M, _D = 3, 4, 5, 6, 8, 9, 10

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (sid TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS mentions (sid TEXT, vkey TEXT, ucls TEXT, kind TEXT, y INT, m INT, d INT,
                                     absval REAL, row TEXT);
CREATE INDEX IF NOT EXISTS mentions_vkey ON mentions (vkey);
CREATE INDEX IF NOT EXISTS mentions_ucls ON mentions (ucls, absval);
CREATE INDEX IF NOT EXISTS mentions_sid ON mentions (sid);
"""


def value_key(v: float) -> str:
    """Rounded value (6 significant digits)."""
    return f"{abs(v):.6g}" if v else "0"


def to_row(m: NumberMention, sentence: int) -> tuple:
    return tuple(getattr(m, f) for f in FIELDS) + (sentence,)


def from_row(row) -> NumberMention:
    return NumberMention.model_construct(**dict(zip(FIELDS, row[: len(FIELDS)])))


def row_class(row) -> tuple[str, float]:
    """(comparable unit, value): fractions compare as percents; 台/套 as 台套."""
    return _row_class(row[_UNIT], row[_KIND], row[_VAL])


def extractor_key() -> str:
    """Changes whenever the number extractor or the sentence splitter changes."""
    from draftbot.text import markup, numbers, sentences, units

    h = hashlib.blake2b(digest_size=8)
    for mod in (numbers, units, markup, sentences):
        try:
            h.update(Path(mod.__file__).read_bytes())
        except OSError:
            h.update(b"?")
    return h.hexdigest()


def _records(sid: str, rows: Iterable[tuple], date) -> Iterable[tuple]:
    for row in rows:
        kind = row[_KIND]
        js = json.dumps(row, ensure_ascii=False)
        if kind in DATE_KINDS:
            yield (sid, None, "@date", kind, row[_Y], row[_M], row[_D], abs(row[_VAL]), js)
            continue
        u, v = row_class(row)
        if kind == "range":
            ucls = "@date" if u in ("year", "month") else u
            hi = row[_HI] if row[_HI] is not None else row[_VAL]
            for x in {row[_VAL], hi}:
                yield (sid, value_key(x), ucls, kind, None, None, None, abs(x), js)
        else:
            yield (sid, value_key(v), u, kind, None, None, None, abs(v), js)
    if date:  # a publication date supports 6月4日, 2026年6月, 6月, 2026年
        for dm in date_mentions(date.year, date.month, date.day):
            row = to_row(dm, 0)
            yield (sid, None, "@date", dm.kind, dm.year, dm.month, dm.day, dm.value, json.dumps(row, ensure_ascii=False))


class MentionIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.db = self._connect(path)

    @staticmethod
    def _connect(path: Path | None) -> sqlite3.Connection:
        key = extractor_key()
        if path is not None:
            try:
                db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
                db.executescript(_SCHEMA)
                got = db.execute("SELECT value FROM meta WHERE key='extractor'").fetchone()
                if not got or got[0] != key:
                    with db:
                        db.execute("DELETE FROM mentions")
                        db.execute("DELETE FROM sources")
                        db.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (key,))
                return db
            except sqlite3.Error:
                pass  # unwritable or damaged: fall back to memory, the check still runs
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.executescript(_SCHEMA)
        return db

    def sync(self, entries: dict, load_texts: Callable[[list], None]) -> None:
        """Add the sources not indexed yet (`load_texts(entries)` fills their text first), drop
        the ones that left the library."""
        have = {sid for (sid,) in self.db.execute("SELECT sid FROM sources")}
        missing = [e for sid, e in entries.items() if sid not in have]
        stale = [sid for sid in have if sid not in entries]
        if missing:
            load_texts(missing)
        with self.db:
            for sid in stale:
                self.db.execute("DELETE FROM mentions WHERE sid=?", (sid,))
                self.db.execute("DELETE FROM sources WHERE sid=?", (sid,))
            for e in missing:
                self.db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?)",
                                    _records(e.id, e.rows, e.record.date))
                self.db.execute("INSERT OR REPLACE INTO sources VALUES (?)", (e.id,))

    def candidates(self, claim: NumberMention, cls: tuple[str, float], slack: float) -> list[tuple[str, tuple]]:
        """(source id, row) that may support `claim`; the caller confirms each."""
        if claim.kind == "year":
            q = ("SELECT sid, row FROM mentions WHERE (ucls='@date' AND (y=? OR kind='range')) OR vkey=?",
                 (claim.year, value_key(claim.value)))
        elif claim.kind == "month":
            q = ("SELECT sid, row FROM mentions WHERE ucls='@date' AND (m=? OR kind='range')", (claim.month,))
        elif claim.kind == "date":
            q = ("SELECT sid, row FROM mentions WHERE ucls='@date' AND d=?", (claim.day,))
        elif claim.qualifier == "exact" and claim.kind != "range":
            q = ("SELECT sid, row FROM mentions WHERE vkey=?", (value_key(cls[1]),))
        else:
            v = abs(cls[1])
            lo, hi = v * (1 - 2 * slack), v * (1 + 2 * slack) + (claim.step or 0)
            q = ("SELECT sid, row FROM mentions WHERE ucls=? AND (absval BETWEEN ? AND ? OR kind='range')",
                 (cls[0], lo, hi))
        return [(sid, tuple(json.loads(row))) for sid, row in self.db.execute(*q)]

    def close(self) -> None:
        self.db.close()
