"""Every source's number mentions in one SQLite table, for wrong_source lookups.

Kept beside the store (``verify-mentions.sqlite``) so a 10k-chunk store is read and parsed once,
not on every `check`; in memory for a library built without a store. Source ids are content
hashes, so a source's rows never go stale; rows of sources no longer in the store are dropped,
and the whole table is rebuilt when `text.numbers.EXTRACTOR_VERSION` changes.

Built at ingest (`verify.ingest_facts.IngestFacts`, a `index.ingest` source hook): each committed source's rows are
added as it is committed, a removed source's rows dropped. The table is valid for a *key*, like the
lexical index (`index.lexstore.store_key`: the store's write token and its chunk and source
counts): an ingest that found the table valid stamps the new key when it ends; a check whose
store key matches uses the table as is. Any other writer (an ingest without the hook, another
machine on a Chroma server, a crash mid-ingest) leaves a key that does not match, and the table is
brought up to date from the difference of source ids (only new sources are read and parsed).
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from draftbot.text.numbers import EXTRACTOR_VERSION, NumberMention, date_mentions, extract_numbers
from draftbot.text.sentences import split_sentences
from draftbot.text.units import DATE_KINDS
from draftbot.text.units import row_class as _row_class

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store

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


def sentence_mentions(title: str, text: str, starts: list[int]) -> list[tuple[NumberMention, int]]:
    """(mention, sentence index) for a source: sentence 0 is the title, body sentence i (starting at
    `starts[i]`) is i + 1."""
    out = [(m, 0) for m in extract_numbers(title)]
    for m in extract_numbers(text):
        i = bisect.bisect_right(starts, m.start)
        out.append((m, max(i, 1)))
    return out


def source_records(source) -> list[tuple]:
    """A loaded source's rows for the mentions table, ready to insert: what `IngestFacts` has the
    ingest's prepare workers compute, so the writing process only inserts them."""
    starts = [s.start for s in split_sentences(source.text)]
    rows = [to_row(m, i) for m, i in sentence_mentions(source.title, source.text, starts)]
    return list(_records(source.id, rows, source.date))


def from_row(row) -> NumberMention:
    return NumberMention.model_construct(**dict(zip(FIELDS, row[: len(FIELDS)])))


def row_class(row) -> tuple[str, float]:
    """(comparable unit, value): fractions compare as percents; 台/套 as 台套."""
    return _row_class(row[_UNIT], row[_KIND], row[_VAL])


def extractor_key() -> str:
    """The explicit extractor version (`text.numbers.EXTRACTOR_VERSION`), not a hash of files."""
    return f"v{EXTRACTOR_VERSION}"


# one encoder for every row: json.dumps(ensure_ascii=False) builds a new one per call
_dump = json.JSONEncoder(ensure_ascii=False).encode


def _records(sid: str, rows: Iterable[tuple], date) -> Iterable[tuple]:
    for row in rows:
        kind = row[_KIND]
        js = _dump(row)
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
            yield (sid, None, "@date", dm.kind, dm.year, dm.month, dm.day, dm.value, _dump(row))


def _heal(path: Path) -> None:
    """A damaged table file (garbled, zero-filled, truncated: SQLite's own check fails) is deleted
    with one line on stderr; the table is then rebuilt from the store like a new one."""
    if not path.exists():
        return
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return  # a writer holds it: not damage
        ok = False
    except sqlite3.DatabaseError:
        ok = False
    if ok:
        return
    from draftbot.index.integrity import say

    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), path.with_name(path.name + "-journal")):
        try:
            p.unlink()
        except OSError:
            pass
    say(f"{path.name} was damaged; rebuilding the number facts from the store")


class MentionIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.db = self._connect(path)

    @staticmethod
    def _connect(path: Path | None) -> sqlite3.Connection:
        key = extractor_key()
        if path is not None:
            _heal(path)
            try:
                db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
                db.executescript(_SCHEMA)
                got = db.execute("SELECT value FROM meta WHERE key='extractor'").fetchone()
                if not got or got[0] != key:
                    with db:
                        db.execute("DELETE FROM mentions")
                        db.execute("DELETE FROM sources")
                        db.execute("DELETE FROM meta WHERE key='store'")
                        db.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (key,))
                return db
            except sqlite3.Error:
                pass  # unwritable or damaged: fall back to memory, the check still runs
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.executescript(_SCHEMA)
        return db

    # --- validity --------------------------------------------------------------------------------
    def key(self) -> dict | None:
        got = self.db.execute("SELECT value FROM meta WHERE key='store'").fetchone()
        try:
            return json.loads(got[0]) if got else None
        except ValueError:
            return None

    def on_disk(self) -> bool:
        """False when the file could not be opened and the table lives in memory."""
        return any(row[2] for row in self.db.execute("PRAGMA database_list"))

    def source_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]

    def is_current(self, key: dict | None) -> bool:
        return key is not None and self.key() == key

    def stamp(self, key: dict | None) -> None:
        """Record that the table holds exactly the sources of the store state `key`."""
        with self.db:
            if key is None:
                self.db.execute("DELETE FROM meta WHERE key='store'")
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('store', ?)", (json.dumps(key, sort_keys=True),))

    # --- incremental changes (ingest) ---------------------------------------------------------
    def add(self, items: Iterable[tuple[str, list[tuple]]]) -> None:
        """Sources' ready rows (`source_records`), (source id, rows) each, replacing any they had,
        in one transaction (one commit per ingest write round, not one per source)."""
        with self.db:
            for sid, recs in items:
                self.db.execute("DELETE FROM mentions WHERE sid=?", (sid,))
                self.db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?)", recs)
                self.db.execute("INSERT OR REPLACE INTO sources VALUES (?)", (sid,))

    def remove(self, sid: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM mentions WHERE sid=?", (sid,))
            self.db.execute("DELETE FROM sources WHERE sid=?", (sid,))

    def sync(self, entries: dict, load_texts: Callable[[list], None], key: dict | None = None) -> None:
        """Add the sources not indexed yet (`load_texts(entries)` fills their text first), drop
        the ones that left the library. With the store's `key`: nothing to do when the table was
        stamped for it; else brought up to date and stamped."""
        if key is not None and self.is_current(key):
            return
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
        if key is not None:
            self.stamp(key)

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


def current_key(store: Store) -> dict:
    """The store state the table must be stamped with to be used as is (as the lexical index)."""
    from draftbot.index.lexstore import store_key

    return store_key(store)


def index_path(store: Store) -> Path | None:
    """Where a store keeps its mention table (its local folder), or None (in memory)."""
    d = getattr(store, "store_dir", None)
    return Path(d) / "verify-mentions.sqlite" if d else None
