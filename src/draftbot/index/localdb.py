"""The store's records and chunk texts in one local SQLite file, for readers that never open the
vector database.

``<store>/lexical/local.sqlite`` (embedded stores only), valid for the same key as the lexical
index beside it (token, chunk and source counts):

- ``sources(id, date_int, rec, tail)``: the record as the snapshot keeps it (JSON) and the text
  after the last chunk; indexed by date, so a day's sources are one range read;
- ``chunks(id, doc, meta, vec)``: every chunk's text (zlib-compressed when that is smaller: a
  blob; else text), its metadata (JSON; the fields that are also columns kept only there, the
  rest marked ``~``) and its embedding (float32 bytes, the vector written to the database; NULL for the
  offline hash embedder, whose vector is a function of the text: ``info`` row ``vectors`` =
  ``hash:<dim>`` and readers recompute it, bit for bit, 0.65 ms a chunk; 98 MB at 100k chunks), keyed by id
  (``<sid>:0000`` …, ``<sid>:meta``), so a source's chunks are one range read and a search among
  named sources is scored here without opening the database (source id, date, publisher and kind
  are columns too, for filtering by them);
- ``info``: the key it holds.

The ``sources`` table is the store's records snapshot (lexstore.py): the next ingest reads which
sources are committed, with their paths and chunk counts, from it.

For an embedded store this file is the only copy of the chunk texts and of their full metadata
(the vector database gets the ids, the vectors and the four fields queries filter on: its
documents, their full-text index and the other metadata were half of it). Ingest
removes the key when it starts, commits each write round's sources and chunks here before the
vector database commits their records (`Writer.checkpoint`), and writes the key at the end: a
crash leaves every committed source's texts here and a file that no reader trusts until the next
refresh brings it to the store's key by the difference of source ids (`lexstore._sync_local`).
A lost file is rebuilt only from the source files (`ingest --repair`). A server store keeps its
texts in the database and has no such file.
"""

from __future__ import annotations

import json
import zlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    import numpy as np

FILE = "local.sqlite"  # = lexmanifest.LOCAL_FILE
FORMAT = "2"  # 2: chunks in a rowid table (rows in write order; 1 was WITHOUT ROWID, 2.2x larger)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS info(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(id TEXT PRIMARY KEY, date_int INTEGER NOT NULL, rec TEXT NOT NULL,
                                   tail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_by_date ON sources(date_int);
CREATE TABLE IF NOT EXISTS chunks(id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, meta TEXT NOT NULL, vec BLOB,
                                  sid TEXT, date_int INTEGER, publisher TEXT, kind TEXT);
"""
def _key_text(key: dict) -> str:
    return json.dumps({"format": FORMAT, **key}, sort_keys=True)  # another format never matches


# A chunk's metadata leads with the fields its row also holds as columns: stored once, there
# ("~" marks the rest's JSON). Only when they are exactly what the columns give back, in that
# order; any other metadata is kept whole, so a read returns the dict that was written.
_MOVED = ("source_id", "publisher", "date", "date_int", "kind")
_SELECT = "id, doc, meta, sid, date_int, publisher, kind"


def _iso(date_int: int) -> str | None:
    return f"{date_int // 10000:04d}-{date_int // 100 % 100:02d}-{date_int % 100:02d}" if date_int else None


def _chunk_meta(m: dict, sid: str, date_int: int, publisher, kind) -> str:
    if (tuple(m)[:5] == _MOVED and m["source_id"] == sid and m["publisher"] == publisher and m["kind"] == kind
            and type(m["date_int"]) is int and m["date_int"] == date_int and m["date"] == _iso(date_int)):
        return "~" + json.dumps({k: v for k, v in m.items() if k not in _MOVED}, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(m, ensure_ascii=False)


def _meta(meta: str, sid: str, date_int: int, publisher, kind) -> dict:
    if not meta.startswith("~"):
        return json.loads(meta)
    return {"source_id": sid, "publisher": publisher, "date": _iso(date_int), "date_int": date_int, "kind": kind,
            **json.loads(meta[1:])}


def _pack(doc: str):
    """A chunk's text as stored: zlib-compressed bytes when smaller (Chinese text: ~0.57 of its
    UTF-8), else the text itself; the file holds the store's only copy of the texts."""
    raw = doc.encode("utf-8")
    packed = zlib.compress(raw, 6)
    return packed if len(packed) < len(raw) else doc


def _text(doc) -> str:
    return doc if isinstance(doc, str) else zlib.decompress(doc).decode("utf-8")


def _chunk_row(row: tuple) -> tuple[str, str, dict]:
    """(id, text, metadata) of a `_SELECT` row."""
    cid, doc, meta, sid, date_int, publisher, kind = row
    return cid, _text(doc), _meta(meta, sid, date_int, publisher, kind)


def _date_int(rec: dict) -> int:
    d = str(rec.get("date") or "")
    return int(d.replace("-", "")) if len(d) == 10 and d.replace("-", "").isdigit() else 0


def _source_ids(con: sqlite3.Connection) -> list[str]:
    return [sid for (sid,) in con.execute("SELECT id FROM sources")]


class Reader:
    """Read-only access, for a store whose key is `key` (None from `open` when the file is
    missing, unreadable or built for another key)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    @classmethod
    def open(cls, root: Path | None, key: dict) -> "Reader | None":
        if root is None or not (root / FILE).is_file():
            return None
        try:
            con = _connect_read(root / FILE, check_same_thread=False)
            row = con.execute("SELECT v FROM info WHERE k='key'").fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != _key_text(key):
            con.close()
            return None
        return cls(con)

    def records(self, lo: int = 0, hi: int = 99999999) -> Iterator[tuple[str, dict]]:
        """(id, record) of sources dated in [lo, hi] (YYYYMMDD ints; 0 = undated)."""
        q = "SELECT id, rec FROM sources WHERE date_int BETWEEN ? AND ?"
        for sid, rec in self.con.execute(q, (lo, hi)):
            yield sid, json.loads(rec)

    def source_ids(self) -> list[str]:
        """Every source's id (no record read)."""
        return _source_ids(self.con)

    def committed(self) -> list[tuple[str, str, int]]:
        """(id, path, chunk count) of every source, read by SQLite (what ingest matches files with)."""
        q = "SELECT id, json_extract(rec, '$.path'), json_extract(rec, '$.chunks') FROM sources"
        return [(sid, str(path or ""), int(chunks or 0)) for sid, path, chunks in self.con.execute(q)]

    def catalog(self) -> list[tuple]:
        """(id, date_int, title, url, publisher, kind) of every source, read by SQLite without
        parsing records (a day's reader lists or looks up all sources, and uses a few whole)."""
        q = ("SELECT id, date_int, json_extract(rec, '$.title'), json_extract(rec, '$.url'), "
             "json_extract(rec, '$.publisher'), json_extract(rec, '$.kind') FROM sources")
        return self.con.execute(q).fetchall()

    def catalog_between(self, lo: int, hi: int) -> list[tuple]:
        """`catalog`'s rows of the sources dated in [lo, hi] (YYYYMMDD ints): a range of the date
        index (a day's draft lists its recent and background sources, not the store's)."""
        q = ("SELECT id, date_int, json_extract(rec, '$.title'), json_extract(rec, '$.url'), "
             "json_extract(rec, '$.publisher'), json_extract(rec, '$.kind') FROM sources "
             "WHERE date_int BETWEEN ? AND ?")
        return self.con.execute(q, (lo, hi)).fetchall()

    def dates(self) -> list[tuple[str, int]]:
        """(id, date_int; 0 = undated) of every source: two columns, no record read."""
        return self.con.execute("SELECT id, date_int FROM sources").fetchall()

    def titles(self, urls: bool = True) -> list[tuple[str, str | None, str | None]]:
        """(id, title, url) of every source (url None unless `urls`): what a reference line is
        looked up by (`catalog`'s other fields are then read for the few that match, `catalog_of`)."""
        url = "json_extract(rec, '$.url')" if urls else "NULL"
        return self.con.execute(f"SELECT id, json_extract(rec, '$.title'), {url} FROM sources").fetchall()

    def catalog_of(self, ids: list[str]) -> list[tuple]:
        """`catalog`'s rows of the sources `ids` (those the file holds)."""
        out: list[tuple] = []
        for part in _parts(ids):
            q = ("SELECT id, date_int, json_extract(rec, '$.title'), json_extract(rec, '$.url'), "
                 "json_extract(rec, '$.publisher'), json_extract(rec, '$.kind') FROM sources "
                 f"WHERE id IN ({','.join('?' * len(part))})")
            out += self.con.execute(q, part).fetchall()
        return out

    def record_fields(self, lo: int, hi: int, fields: tuple[str, ...]) -> list[tuple[str, list]]:
        """(id, [the record's `fields`, None where absent]) of sources dated in [lo, hi], read by
        SQLite (no record parsed in Python)."""
        paths = ", ".join(f"'$.{f}'" for f in ("id",) + fields)  # two paths or more: a JSON array
        q = f"SELECT id, json_extract(rec, {paths}) FROM sources WHERE date_int BETWEEN ? AND ?"
        return [(sid, json.loads(arr)[1:]) for sid, arr in self.con.execute(q, (lo, hi))]

    def record_fields_of_kinds(self, lo: int, hi: int, fields: tuple[str, ...], kinds: list[str],
                               default_kind: str) -> list[tuple[str, list]]:
        """`record_fields` of the sources of these kinds only (a record without a kind is of
        `default_kind`): the kind is read for every source of the range, the fields for the few
        that pass (a planner's years of background are a few policies among thousands of releases)."""
        paths = ", ".join(f"'$.{f}'" for f in ("id",) + fields)
        marks = ",".join("?" * len(kinds))
        q = (f"SELECT id, json_extract(rec, {paths}) FROM sources WHERE date_int BETWEEN ? AND ? "
             f"AND coalesce(json_extract(rec, '$.kind'), ?) IN ({marks})")
        return [(sid, json.loads(arr)[1:]) for sid, arr in self.con.execute(q, (lo, hi, default_kind, *kinds))]

    def raw_records(self, ids: list[str]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for part in _parts(ids):
            q = f"SELECT id, rec, tail FROM sources WHERE id IN ({','.join('?' * len(part))})"
            for sid, rec, tail in self.con.execute(q, part):
                out[sid] = {**json.loads(rec), "tail": tail}
        return out

    def chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        out: dict[str, tuple[str, dict]] = {}
        for part in _parts(ids):
            q = f"SELECT {_SELECT} FROM chunks WHERE id IN ({','.join('?' * len(part))})"
            for row in self.con.execute(q, part):
                cid, doc, meta = _chunk_row(row)
                out[cid] = (doc, meta)
        return out

    def vectors(self, ids: list[str]) -> dict[str, tuple[dict, "np.ndarray"]]:
        """(metadata, float32 vector) by id: stored, or recomputed from the text for the hash
        embedder; chunks with neither are left out."""
        import numpy as np

        out: dict[str, tuple[dict, np.ndarray]] = {}
        todo: list[tuple[str, dict, str]] = []
        for part in _parts(ids):
            q = f"SELECT vec, {_SELECT} FROM chunks WHERE id IN ({','.join('?' * len(part))})"
            for vec, *row in self.con.execute(q, part):
                cid, doc, meta = _chunk_row(tuple(row))
                if vec is not None:
                    out[cid] = (meta, np.frombuffer(vec, dtype=np.float32))
                else:
                    todo.append((cid, meta, doc))
        hasher = self._hasher() if todo else None
        if hasher is not None:
            mat = hasher.embed_matrix([doc for _, _, doc in todo])
            for (cid, meta, _), vec in zip(todo, mat):
                out[cid] = (meta, vec)
        return out

    def chunk_ids_where(self, where: dict, limit: int) -> list[str] | None:
        """Ids of the chunks a Chroma `where` of where.build_where's shapes lets through, for a
        filter by source ids or by date (read by id range and by the date index); None for any
        other filter or when more than `limit` chunks are candidates (left to the database)."""
        from draftbot.index.where import allows, conditions

        tests = conditions(where)
        if not tests:
            return None
        sids = next((v for f, op, v in tests if f == "source_id"), None)
        if sids is None and any(f == "date_int" for f, _, _ in tests):
            lo = max((v for f, op, v in tests if op == "$gte"), default=0)
            hi = min((v for f, op, v in tests if op == "$lte"), default=99999999)
            sids = [sid for (sid,) in self.con.execute("SELECT id FROM sources WHERE date_int BETWEEN ? AND ?", (lo, hi))]
        if sids is None:
            return None
        out: list[str] = []
        for sid in dict.fromkeys(sids):
            rows = self.con.execute("SELECT id, meta, sid, date_int, publisher, kind FROM chunks "
                                    "WHERE id > ? AND id < ?", (sid + ":", sid + ";")).fetchall()
            if len(out) + len(rows) > limit:
                return None
            out += [cid for cid, *rest in rows if allows(_meta(*rest), where)]
        return out

    def _hasher(self):
        """The hash embedder the file's NULL vectors are recomputed with (None: none recorded)."""
        row = self.con.execute("SELECT v FROM info WHERE k='vectors'").fetchone()
        dim = _hash_spec_dim(row[0] if row else None)
        if dim is None:
            return None
        from draftbot.index.hashing import HashVectors

        return HashVectors(dim=dim)

    def all_chunks(self) -> Iterator[tuple[str, str, dict]]:
        for row in self.con.execute(f"SELECT {_SELECT} FROM chunks"):
            yield _chunk_row(row)

    def close(self) -> None:
        self.con.close()


def _connect_read(path: Path, **kw) -> sqlite3.Connection:
    """A connection that only reads. Read-only, but for a journal beside the file: an ingest killed
    mid-round leaves it hot, and SQLite rolls a hot journal back only through a connection that
    may write (a read-only one fails, and every committed text would read as lost). A journal of
    a live writer is not hot: its lock keeps this connection from touching it."""
    mode = "rw" if path.with_name(path.name + "-journal").exists() else "ro"
    return sqlite3.connect(f"file:{path}?mode={mode}", uri=True, **kw)


def _hash_spec_dim(spec: str | None) -> int | None:
    kind, _, dim = (spec or "").partition(":")
    return int(dim) if kind == "hash" and dim.isdigit() and int(dim) > 0 else None


def _parts(ids: list[str], size: int = 900) -> Iterator[list[str]]:
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


class Writer:
    """One ingest's changes, in one transaction: `add` / `remove` / `move`, then `commit(key)`.
    `fresh`: start from an empty file (a rebuild). `hash_dim`: the store's embedder is the hash
    embedder of that dimension: its vectors are not stored (readers recompute them)."""

    def __init__(self, root: Path, fresh: bool = False, hash_dim: int | None = None) -> None:
        import os
        import uuid

        self.path = root / FILE
        # a rebuild writes a new file and renames it over the old one: two readers rebuilding at
        # once never write into one file
        self.tmp = root / f"{FILE}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp" if fresh else None
        self.con = sqlite3.connect(self.tmp or self.path, isolation_level=None)
        self.con.execute("PRAGMA page_size=16384")  # a chunk row is ~2 KB: 4 KB pages wasted 28% (100k chunks)
        self.con.execute("PRAGMA journal_mode=DELETE")
        self.con.executescript(_SCHEMA)
        self.con.execute("BEGIN")
        self.con.execute("DELETE FROM info WHERE k='key'")  # invalid until commit
        self.hash_dim = hash_dim
        if hash_dim:
            self.con.execute("INSERT OR REPLACE INTO info VALUES ('vectors', ?)", (f"hash:{hash_dim}",))

    def remove(self, source_ids: Iterable[str]) -> None:
        for sid in source_ids:
            self.con.execute("DELETE FROM sources WHERE id=?", (sid,))
            # ':' + 1 == ';': every `<sid>:…` id and nothing else
            self.con.execute("DELETE FROM chunks WHERE id >= ? AND id < ?", (f"{sid}:", f"{sid};"))

    def add_source(self, sid: str, record: dict, tail: str, chunks: Iterable[tuple]) -> None:
        """A source and its chunks, each (id, text, metadata, vector or None)."""
        self.remove([sid])
        self.add_record(sid, record, tail)
        self.add_chunks(chunks)

    def add_chunks(self, rows: Iterable[tuple]) -> None:
        self.con.executemany("INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                             (self._chunk_values(cid, doc, m, v) for cid, doc, m, v in rows))

    def _chunk_values(self, cid: str, doc: str | None, m: dict, vec) -> tuple:
        sid, date_int = m.get("source_id") or cid.rsplit(":", 1)[0], int(m.get("date_int", 0))
        publisher, kind = m.get("publisher", ""), m.get("kind", "release")
        return (cid, _pack(doc or ""), _chunk_meta(m, sid, date_int, publisher, kind), self._vector(vec), sid,
                date_int, publisher, kind)

    def _vector(self, vec) -> bytes | None:
        if vec is not None and self.hash_dim and len(vec) == self.hash_dim:
            return None  # recomputed from the text by readers
        return _blob(vec)

    def source_ids(self) -> list[str]:
        return _source_ids(self.con)

    def add_record(self, sid: str, record: dict, tail: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?)",
                         (sid, _date_int(record), json.dumps(record, ensure_ascii=False), tail or ""))

    def move(self, sid: str, path: str) -> None:
        row = self.con.execute("SELECT rec FROM sources WHERE id=?", (sid,)).fetchone()
        if row is not None:
            rec = {**json.loads(row[0]), "path": path}
            self.con.execute("UPDATE sources SET rec=? WHERE id=?", (json.dumps(rec, ensure_ascii=False), sid))

    def checkpoint(self) -> None:
        """Make the rows written so far durable (one write round of an embedded store, whose chunk
        texts live only here), the key still absent: readers keep asking the vector database."""
        self.con.execute("COMMIT")
        self.con.execute("BEGIN")

    def commit(self, key: dict | None) -> None:
        """End: the rows and `key` (None: the rows only, the file not valid for any key)."""
        import os

        if key is not None:
            self.con.execute("INSERT OR REPLACE INTO info VALUES ('key', ?)", (_key_text(key),))
        self.con.execute("COMMIT")
        self.con.close()
        if self.tmp is not None:
            os.replace(self.tmp, self.path)

    def abandon(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.con.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


def _blob(vec) -> bytes | None:
    if vec is None:
        return None
    import numpy as np

    return np.asarray(vec, dtype=np.float32).tobytes()


def rows(root: Path | None, ids: list[str], with_meta: bool = True) -> dict[str, tuple[str, dict | None]]:
    """(text, full metadata or None) of chunks by id from the local file, whatever key it holds:
    an embedded store keeps them only here (the vector database has ids, vectors and the fields
    queries filter on). Absent ids are left out."""
    if root is None or not ids or not (root / FILE).is_file():
        return {}
    out: dict[str, tuple[str, dict | None]] = {}
    try:
        con = _connect_read(root / FILE)
        try:
            for part in _parts(ids):
                q = f"SELECT {_SELECT} FROM chunks WHERE id IN ({','.join('?' * len(part))})"
                for row in con.execute(q, part):
                    if with_meta:
                        cid, doc, meta = _chunk_row(row)
                        out[cid] = (doc, meta)
                    else:
                        out[row[0]] = (_text(row[1]), None)
        finally:
            con.close()
    except sqlite3.Error:
        return {}
    return out


def texts(root: Path | None, ids: list[str]) -> dict[str, str]:
    """Chunk texts by id from the local file (see `rows`)."""
    return {cid: doc for cid, (doc, _) in rows(root, ids, with_meta=False).items()}


def held_key(root: Path | None) -> dict | None:
    """The key the file holds (None: none, or unreadable)."""
    if root is None or not (root / FILE).is_file():
        return None
    try:
        con = _connect_read(root / FILE)
        try:
            row = con.execute("SELECT v FROM info WHERE k='key'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    if not row:
        return None
    held = json.loads(row[0])
    return {k: v for k, v in held.items() if k != "format"} if held.get("format") == FORMAT else None
