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
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from draftbot.text.numbers import EXTRACTOR_VERSION, NumberMention, date_mentions, extract_numbers
from draftbot.text.sentences import split_sentences
from draftbot.text.units import DATE_KINDS
from draftbot.text.units import row_class as _row_class

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store

FIELDS = ("text", "start", "end", "value", "value_hi", "unit", "kind", "qualifier", "year", "month", "day", "step")
_VAL, _HI, _UNIT, _KIND = 3, 4, 5, 6
# the kinds `NumberMention.kind` takes, stored as their place here (format 3); an unknown kind as itself
KINDS = ("quantity", "percent", "year", "month", "pp", "date", "multiple", "range", "fraction")
_KIND_CODE = {k: i for i, k in enumerate(KINDS)}

# Format 3: the facts in typed columns (format 1 kept each row as JSON text), each source as a
# small integer, the kind as its place in KINDS (format 2 spelled it, and kept a date's year,
# month and day twice: 9% of the table). A range is filed once per end (`dup` = 1 on the second).
# The usual qualifier, "exact", is stored as NULL. value and value_hi have no declared type on
# purpose: a REAL column stores a whole number as an integer and reads -0.0 ("-0.0%", a common
# growth figure) back as 0.0; without affinity they read back exactly as extracted (drafts carry
# the rows).
FORMAT = "3"
_ROW_COLS = 'text, start, "end", value, value_hi, unit, kind, qualifier, year, month, day, step, sentence'
_KIND_SQL = "CASE kind " + " ".join(f"WHEN {i} THEN '{k}'" for i, k in enumerate(KINDS)) + " ELSE kind END"
_SEL_COLS = _ROW_COLS.replace("qualifier", "COALESCE(qualifier, 'exact')").replace("kind", _KIND_SQL)
_RANGE = _KIND_CODE["range"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (n INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS mentions (src INTEGER NOT NULL, pos INTEGER NOT NULL, vkey TEXT, ucls TEXT,
    absval REAL, dup INTEGER NOT NULL,
    text TEXT, start INTEGER, "end" INTEGER, value, value_hi, unit TEXT, kind, qualifier TEXT,
    year INTEGER, month INTEGER, day INTEGER, step REAL, sentence INTEGER,
    PRIMARY KEY (src, pos)) WITHOUT ROWID;
"""
# the lookup indexes; an empty table being filled builds them once at the end (a third faster)
_INDEXES = """
CREATE INDEX IF NOT EXISTS mentions_vkey ON mentions (vkey);
CREATE INDEX IF NOT EXISTS mentions_ucls ON mentions (ucls, absval);
"""
_INSERT = f"INSERT INTO mentions (src, pos, vkey, ucls, absval, dup, {_ROW_COLS}) VALUES ({','.join('?' * 19)})"
STAMP_SUFFIX = ".crc"  # beside the table: [size, crc32] of the file as its last writer left it


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
    return list(_records(text_rows(source.title, source.text), source.date))


def text_rows(title: str, text: str) -> list[tuple]:
    """A source's mention rows (`to_row`), read from its title and text."""
    starts = [s.start for s in split_sentences(text)]
    return [to_row(m, i) for m, i in sentence_mentions(title, text, starts)]


def from_row(row) -> NumberMention:
    return NumberMention.model_construct(**dict(zip(FIELDS, row[: len(FIELDS)])))


def row_class(row) -> tuple[str, float]:
    """(comparable unit, value): fractions compare as percents; 台/套 as 台套."""
    return _row_class(row[_UNIT], row[_KIND], row[_VAL])


def extractor_key() -> str:
    """The explicit extractor version (`text.numbers.EXTRACTOR_VERSION`), not a hash of files."""
    return f"v{EXTRACTOR_VERSION}"


_LEAD = 4  # a record: (vkey, ucls, absval, dup, *row)


def _packed(n: int, pos: int, rec: tuple) -> tuple:
    """The values `_INSERT` takes for record `pos` of source number `n`: the kind as its code,
    "exact" as NULL."""
    kind, qual = rec[_LEAD + _KIND], rec[_LEAD + _KIND + 1]
    return (n, pos, *rec[: _LEAD + _KIND], _KIND_CODE.get(kind, kind), None if qual == "exact" else qual,
            *rec[_LEAD + _KIND + 2 :])


def _records(rows: Iterable[tuple], date) -> Iterable[tuple]:
    """(vkey, ucls, absval, dup, *row) for each lookup key of each row."""
    for row in rows:
        kind = row[_KIND]
        if kind in DATE_KINDS:
            yield (None, "@date", abs(row[_VAL]), 0, *row)
            continue
        u, v = row_class(row)
        if kind == "range":
            ucls = "@date" if u in ("year", "month") else u
            hi = row[_HI] if row[_HI] is not None else row[_VAL]
            for dup, x in enumerate(dict.fromkeys((row[_VAL], hi))):
                yield (value_key(x), ucls, abs(x), dup, *row)
        else:
            yield (value_key(v), u, abs(v), 0, *row)
    if date:  # a publication date supports 6月4日, 2026年6月, 6月, 2026年
        for dm in date_mentions(date.year, date.month, date.day):
            yield (None, "@date", dm.value, 0, *to_row(dm, 0))


# --- the open check: a stamp, and SQLite's own check only when the stamp disagrees --------------
def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + STAMP_SUFFIX)


def _file_stamp(path: Path) -> list | None:
    from draftbot.index.integrity import file_entry

    try:
        return file_entry(path)
    except OSError:
        return None


def _seal(path: Path) -> None:
    """Record the file's size and CRC-32 as this writer leaves it (the next open compares them),
    with its stat when nothing changed it while it was summed: the next open (the day's next
    ingest, the first `check` after it) then needs no sum either (see `_sealed`)."""
    before = _stat_of(path)
    stamp = _file_stamp(path)
    if stamp is None:
        return
    seen = _stat_of(path)
    if seen is not None and seen == before and seen[0] == stamp[0]:
        stamp = [*stamp, *seen[1:]]
    _write_stamp(path, stamp)


def _stat_of(path: Path) -> list | None:
    """[size, mtime, ctime, inode]: what `_sealed` compares with a stamp's stat."""
    import os

    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _sealed(path: Path) -> bool:
    """Does the file match its writer's stamp? Its CRC-32 is summed once per version of the file:
    the writer (or else the first reader that finds it matching) adds the file's stat (mtime,
    ctime, inode) to the stamp, and a later open with the same stat needs no sum (a cold `draft`
    or `check` at 100k chunks summed 169 MB each time). A change in place changes the ctime, which
    no one can set back."""
    try:
        want = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    seen = _stat_of(path)
    if not isinstance(want, list) or len(want) not in (2, 5) or seen is None:
        return False
    if len(want) == 5 and [want[0], *want[2:]] == seen:
        return True
    got = _file_stamp(path)
    if got is None or got != want[:2]:
        return False
    _write_stamp(path, [*got, *seen[1:]])
    return True


def _write_stamp(path: Path, stamp: list) -> None:
    import os

    tmp = path.with_name(f"{path.name}{STAMP_SUFFIX}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(tmp, _stamp_path(path))
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only folder: every open runs SQLite's check instead


def _heal(path: Path) -> None:
    """A damaged table file (garbled, zero-filled, truncated) is deleted with one line on stderr;
    the table is then rebuilt from the store like a new one. The file's CRC-32 matching the stamp
    its last writer left is the check (0.1 s for 250 MB); else SQLite's own check (1.5 s at 300 MB)
    decides, and a sound file is stamped for the next open."""
    if not path.exists():
        _stamp_path(path).unlink(missing_ok=True)
        return
    if _sealed(path):
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
        _seal(path)
        return
    _drop(path)
    from draftbot.index.integrity import say

    say(f"{path.name} was damaged; rebuilding the number facts from the store")


def _drop(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
              path.with_name(path.name + "-journal"), _stamp_path(path)):
        try:
            p.unlink()
        except OSError:
            pass


def _old_format(db: sqlite3.Connection) -> bool:
    """A table written by an older draftbot (rows as JSON text, format 1)."""
    cols = {r[1] for r in db.execute("PRAGMA table_info(mentions)")}
    if not cols:
        return False
    got = db.execute("SELECT value FROM meta WHERE key='format'").fetchone() if "src" in cols else None
    return not got or got[0] != FORMAT


def _convert(path: Path) -> None:
    """Rewrite an older table (format 1: JSON rows; format 2: kinds spelled, dates' parts twice) in
    this format, keeping its stamps: the same facts, so a table that was current stays current (no
    source is read again). Anything unexpected: the table is dropped and rebuilt from the store."""
    import os

    from draftbot.index.integrity import say

    tmp = path.with_name(f"{path.name}.{os.getpid()}.convert")
    try:
        new = sqlite3.connect(tmp, isolation_level=None)
        try:
            new.executescript(_SCHEMA)
            new.execute("ATTACH DATABASE ? AS old", (f"file:{path}?mode=ro",))
            new.execute("BEGIN")
            new.execute("INSERT INTO meta SELECT key, value FROM old.meta")
            new.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
            cols = {r[1] for r in new.execute("PRAGMA old.table_info(mentions)")}
            if "src" in cols:
                _copy_format2(new)
            else:
                _copy_format1(new)
            new.execute("COMMIT")
            new.execute("DETACH DATABASE old")
            new.executescript(_INDEXES)
        finally:
            new.close()
        os.replace(tmp, path)
        _stamp_path(path).unlink(missing_ok=True)
        _seal(path)
        say(f"{path.name}: number facts converted to the compact format (once)")
    except (sqlite3.Error, ValueError, TypeError, IndexError, OSError):
        tmp.unlink(missing_ok=True)
        _drop(path)
        say(f"{path.name} is in an older format; rebuilding the number facts from the store")


def _copy_format2(new: sqlite3.Connection) -> None:
    """Format 2's rows, by SQLite alone: the kind coded, the duplicate date columns left behind."""
    code = "CASE kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS)) + " ELSE kind END"
    cols = _ROW_COLS.replace("kind", code)
    new.execute("INSERT INTO sources SELECT n, sid FROM old.sources")
    new.execute(f"INSERT INTO mentions SELECT src, pos, vkey, ucls, absval, dup, {cols} "
                "FROM old.mentions ORDER BY src, pos")


def _copy_format1(new: sqlite3.Connection) -> None:
    num: dict[str, int] = {}
    pos: dict[str, int] = {}

    def rows():
        last = None
        for sid, vkey, ucls, absval, js in new.execute(
                "SELECT sid, vkey, ucls, absval, row FROM old.mentions ORDER BY rowid").fetchall():
            if sid not in num:
                num[sid] = new.execute("INSERT INTO sources (sid) VALUES (?)", (sid,)).lastrowid
            dup = int(last == (sid, js))  # a range's second end follows its first
            last = (sid, js)
            pos[sid] = pos.get(sid, -1) + 1
            yield _packed(num[sid], pos[sid], (vkey, ucls, absval, dup, *json.loads(js)))

    new.executemany(_INSERT, rows())
    new.execute("INSERT OR IGNORE INTO sources (sid) SELECT sid FROM old.sources")


class MentionIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.db = self._connect(path)
        self._name_of: dict[int, str] | None = None  # source number -> id, read once per use
        self._deferred = False  # lookup indexes dropped while an empty table is filled

    @staticmethod
    def _connect(path: Path | None) -> sqlite3.Connection:
        key = extractor_key()
        if path is not None:
            _heal(path)
            try:
                db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
                if _old_format(db):
                    db.close()
                    _convert(path)
                    db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
                    if _old_format(db):  # neither converted nor removed (a read-only folder)
                        db.close()
                        raise sqlite3.OperationalError("an older table that cannot be rewritten")
                db.executescript(_SCHEMA + _INDEXES)
                got = db.execute("SELECT value FROM meta WHERE key='extractor'").fetchone()
                if not got or got[0] != key:
                    with db:
                        db.execute("DELETE FROM mentions")
                        db.execute("DELETE FROM sources")
                        db.execute("DELETE FROM meta WHERE key='store'")
                        db.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (key,))
                        db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
                return db
            except sqlite3.Error:
                pass  # unwritable or damaged: fall back to memory, the check still runs
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.executescript(_SCHEMA + _INDEXES)
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

    def source_ids(self) -> set[str]:
        return {sid for (sid,) in self.db.execute("SELECT sid FROM sources")}

    def is_current(self, key: dict | None) -> bool:
        return key is not None and self.key() == key

    def _defer_indexes(self) -> None:
        if not self._deferred and self.source_count() == 0:
            self.db.executescript("DROP INDEX IF EXISTS mentions_vkey; DROP INDEX IF EXISTS mentions_ucls;")
            self._deferred = True

    def _build_indexes(self) -> None:
        if self._deferred:
            self.db.executescript(_INDEXES)
            self._deferred = False

    def stamp(self, key: dict | None) -> None:
        """Record that the table holds exactly the sources of the store state `key`."""
        self._build_indexes()
        with self.db:
            if key is None:
                self.db.execute("DELETE FROM meta WHERE key='store'")
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('store', ?)", (json.dumps(key, sort_keys=True),))
        if self.path is not None and self.on_disk():
            _seal(self.path)

    # --- incremental changes (ingest) ---------------------------------------------------------
    def _put(self, sid: str, recs: Iterable[tuple]) -> None:
        """A source's rows, replacing any it had (inside the caller's transaction). A source gets a
        new number each time, so rows stay in the order they were written, as format 1 kept them."""
        self._drop_source(sid)
        self._name_of = None
        n = self.db.execute("INSERT INTO sources (sid) VALUES (?)", (sid,)).lastrowid
        self.db.executemany(_INSERT, (_packed(n, pos, r) for pos, r in enumerate(recs)))

    def _drop_source(self, sid: str) -> None:
        got = self.db.execute("SELECT n FROM sources WHERE sid=?", (sid,)).fetchone()
        if got is not None:
            self._name_of = None
            self.db.execute("DELETE FROM mentions WHERE src=?", got)
            self.db.execute("DELETE FROM sources WHERE n=?", got)

    def add(self, items: Iterable[tuple[str, list[tuple]]]) -> None:
        """Sources' ready rows (`source_records`), (source id, rows) each, replacing any they had,
        in one transaction (one commit per ingest write round, not one per source)."""
        self._defer_indexes()
        with self.db:
            for sid, recs in items:
                self._put(sid, recs)

    def remove(self, sid: str) -> None:
        with self.db:
            self._drop_source(sid)

    def sync(self, entries: dict, rows_of: Callable[[list], Iterable[tuple]], key: dict | None = None) -> None:
        """Add the sources not indexed yet, drop the ones that left the library. `rows_of(missing)`
        yields (source id, date, rows) for each missing entry, one at a time, so a rebuild of the
        whole table (a new extractor) holds one source's mentions at a time, not the library's.
        With the store's `key`: nothing to do when the table was stamped for it; else brought up
        to date and stamped."""
        if key is not None and self.is_current(key):
            return
        have = self.source_ids()
        missing = [e for sid, e in entries.items() if sid not in have]
        stale = [sid for sid in have if sid not in entries]
        if missing:
            self._defer_indexes()
        with self.db:
            for sid in stale:
                self._drop_source(sid)
            for sid, date, rows in rows_of(missing):
                self._put(sid, _records(rows, date))
        self._build_indexes()
        if key is not None:
            self.stamp(key)

    # --- reading ---------------------------------------------------------------------------------
    def candidates(self, claim: NumberMention, cls: tuple[str, float], slack: float) -> list[tuple[str, tuple]]:
        """(source id, row) that may support `claim`; the caller confirms each."""
        if claim.kind == "year":
            where = ("(ucls='@date' AND (year=? OR kind=?)) OR vkey=?", (claim.year, _RANGE, value_key(claim.value)))
        elif claim.kind == "month":
            where = ("ucls='@date' AND (month=? OR kind=?)", (claim.month, _RANGE))
        elif claim.kind == "date":
            where = ("ucls='@date' AND day=?", (claim.day,))
        elif claim.qualifier == "exact" and claim.kind != "range":
            where = ("vkey=?", (value_key(cls[1]),))
        else:
            v = abs(cls[1])
            lo, hi = v * (1 - 2 * slack), v * (1 + 2 * slack) + (claim.step or 0)
            where = ("ucls=? AND (absval BETWEEN ? AND ? OR kind=?)", (cls[0], lo, hi, _RANGE))
        self._build_indexes()  # the order of the answer is the index's
        q = f"SELECT src, {_SEL_COLS} FROM mentions WHERE {where[0]}"
        names = self._names()
        return [(names[row[0]], row[1:]) for row in self.db.execute(q, where[1])]

    def _names(self) -> dict[int, str]:
        if self._name_of is None:
            self._name_of = dict(self.db.execute("SELECT n, sid FROM sources"))
        return self._name_of

    def fact_count(self, sid: str) -> int:
        """How many distinct facts a source holds (a range once, not once per end)."""
        q = (f"SELECT COUNT(*) FROM (SELECT DISTINCT {_SEL_COLS} FROM mentions "
             "WHERE src=(SELECT n FROM sources WHERE sid=?))")
        return self.db.execute(q, (sid,)).fetchone()[0]

    def facts_of(self, source_ids: list[str]) -> dict[str, list[list]]:
        """Each source's distinct facts as rows (lists), in the order they were extracted."""
        out: dict[str, list[list]] = {sid: [] for sid in source_ids}
        for i in range(0, len(source_ids), 500):
            part = source_ids[i : i + 500]
            q = (f"SELECT s.sid, {_SEL_COLS} FROM sources s JOIN mentions m ON m.src = s.n "
                 f"WHERE s.sid IN ({','.join('?' * len(part))}) ORDER BY m.src, m.pos")
            # rows deduplicated and grouped in bulk (a draft carries ~20,000: no Python step per row)
            for sid, rows in groupby(dict.fromkeys(self.db.execute(q, part).fetchall()), itemgetter(0)):
                out[sid] += map(list, map(itemgetter(slice(1, None)), rows))
        return out

    def all_rows(self) -> list[tuple]:
        """(source id, vkey, ucls, absval, dup, *row) of every row, for tests and tools."""
        q = f"SELECT s.sid, vkey, ucls, absval, dup, {_SEL_COLS} FROM mentions JOIN sources s ON s.n = src ORDER BY src, pos"
        return list(self.db.execute(q))

    def close(self) -> None:
        self._build_indexes()
        self.db.close()


def current_key(store: Store) -> dict:
    """The store state the table must be stamped with to be used as is (as the lexical index)."""
    from draftbot.index.lexstore import store_key

    return store_key(store)


def index_path(store: Store) -> Path | None:
    """Where a store keeps its mention table (its local folder), or None (in memory)."""
    d = getattr(store, "store_dir", None)
    return Path(d) / "verify-mentions.sqlite" if d else None
