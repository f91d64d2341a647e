"""`draftbot ingest --repair`: the one command that brings a damaged store back.

Everything draftbot keeps beside Chroma is derived from it (the lexical index, the number-facts
table, the ingest stat cache) except, for an embedded store, the chunk texts in
``lexical/local.sqlite``, which Chroma no longer holds. `--repair` deletes the derived files (the
ingest that follows rebuilds them from Chroma and re-reads every file) and keeps the local file
when SQLite finds it sound (else it is moved aside), then checks that Chroma itself answers.
Sources whose texts are then nowhere (the local file lost) are removed from Chroma and read again
from the source files. A Chroma database that cannot be read is moved aside (kept, never deleted:
it may be someone's only copy) and the store is rebuilt from the source files named on the
command line (or, with none named, from the paths the store itself recorded).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from draftbot.index.integrity import say

if TYPE_CHECKING:  # annotations only: repair is about Chroma's own files
    from draftbot.index.chroma_store import ChromaStore

LOCAL = "local.sqlite"  # lexical/local.sqlite: an embedded store's only copy of its chunk texts
DERIVED = ("lexical", "verify-mentions.sqlite", "verify-mentions.sqlite-wal", "verify-mentions.sqlite-shm",
           "verify-mentions.sqlite-journal", "ingest-stat-cache.json")


def recorded_paths(store_dir: Path) -> list[str]:
    """Source paths the store's own files name (records snapshot, stat cache), existing ones only."""
    found: set[str] = set(_local_paths(store_dir / "lexical" / "local.sqlite"))
    try:
        data = json.loads((store_dir / "lexical" / "records.json").read_text(encoding="utf-8"))
        found.update(r.get("path", "") for r in (data.get("records") or {}).values() if isinstance(r, dict))
    except (OSError, ValueError, AttributeError):
        pass
    try:
        data = json.loads((store_dir / "ingest-stat-cache.json").read_text(encoding="utf-8"))
        found.update((data.get("files") or {}).keys())
    except (OSError, ValueError, AttributeError):
        pass
    return sorted(p for p in found if p and Path(p).is_file())


def _local_paths(db: Path) -> list[str]:
    """Paths of the local file's records (read-only; whatever key it holds: any path is a lead)."""
    import sqlite3

    if not db.is_file():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return [p for (p,) in con.execute("SELECT json_extract(rec, '$.path') FROM sources") if isinstance(p, str)]
        finally:
            con.close()
    except sqlite3.Error:
        return []


def _sound(db: Path) -> bool:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA quick_check").fetchone()[0] == "ok" and \
                con.execute("SELECT COUNT(*) FROM chunks").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _drop_lexical(folder: Path) -> None:
    """The lexical index goes; the local file stays when sound (the texts), else is moved aside."""
    local = folder / LOCAL
    if local.is_file() and not _sound(local):
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        local.rename(folder.parent / f"local.damaged-{stamp}.sqlite")
        say(f"repair: lexical/{LOCAL} is damaged; moved it to local.damaged-{stamp}.sqlite")
    for path in folder.iterdir():
        if path.name == LOCAL:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def drop_derived(store_dir: Path) -> list[str]:
    """Delete the derived files of an embedded store; the names of those that existed."""
    gone = []
    for name in DERIVED:
        path = store_dir / name
        if path.is_dir() and name == "lexical":
            _drop_lexical(path)
            gone.append(f"lexical (its {LOCAL} kept)" if (path / LOCAL).is_file() else name)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            gone.append(name)
        elif path.exists():
            path.unlink(missing_ok=True)
            gone.append(name)
    return gone


def without_texts(store: ChromaStore) -> dict[str, str]:
    """Committed sources whose chunk texts are nowhere (not in Chroma, not in the local file):
    id -> recorded path. A source's meta chunk stands for its texts (all written in one round)."""
    from draftbot.index import localdb

    ids = sorted(store.source_ids_listing())
    root = store.lexical_dir()
    have = set(localdb.texts(root, [f"{sid}:meta" for sid in ids]))
    lost: list[str] = []
    step = store.max_batch()
    todo = [f"{sid}:meta" for sid in ids if f"{sid}:meta" not in have]
    for i in range(0, len(todo), step):
        got = store.chunks_col.get(ids=todo[i : i + step], include=["documents"])
        lost += [cid.rsplit(":", 1)[0] for cid, doc in zip(got["ids"], got["documents"]) if doc is None]
    return {sid: str(raw.get("path", "")) for sid, raw in store.raw_records(lost).items()}


def chroma_problem(store: ChromaStore) -> str | None:
    """None when Chroma answers (collections, counts, every record); else why it does not."""
    try:
        store.sources_col.count()
        store.chunks_col.count()
        store.source_ids_listing()
    except Exception as exc:  # any failure of the database is the answer here
        return " ".join(str(exc).split())[:200] or type(exc).__name__
    return None


def set_chroma_aside(store: ChromaStore) -> Path:
    """Move an unreadable Chroma folder aside and forget the open client, so the next use starts
    a new database. Returns where the old one went."""
    folder = Path(store.store_dir) / "chroma"
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = folder.with_name(f"chroma.damaged-{stamp}")
    store.drop_connection()
    folder.rename(target)
    return target


def prepare_repair(store: ChromaStore, have_paths: bool) -> list[str]:
    """Run before the ingest of `--repair`: derived files dropped, Chroma checked (set aside when
    unreadable). Returns the source paths to ingest when none were named and Chroma was lost."""
    from draftbot.errors import UserError

    if store.store_dir is None:  # a server: only the local copies are ours to rebuild
        return []
    store_dir = Path(store.store_dir)
    fallback = recorded_paths(store_dir)
    gone = drop_derived(store_dir)
    store._invalidate()
    say(f"repair: removed {', '.join(gone) or 'nothing'} (rebuilt from Chroma by this ingest)")
    problem = chroma_problem(store)
    if problem is None:
        if store.source_count() == 0 and fallback and not have_paths:
            say(f"repair: Chroma holds no source; re-ingesting the {len(fallback)} source files the store recorded")
            return fallback
        lost = without_texts(store)
        if lost:
            store.remove_sources(sorted(lost))
            again = sorted({p for p in lost.values() if p and Path(p).is_file()})
            say(f"repair: the texts of {len(lost)} sources were lost with lexical/{LOCAL}; reading them again "
                f"from the {len(again)} of their files that still exist" + (" and the files given" if have_paths else ""))
            return again
        return []
    if not have_paths and not fallback:
        raise UserError(f"store {store.where}: Chroma cannot be read ({problem}) and no source file is known; "
                        "run `draftbot ingest --repair PATH...` with the source folders")
    moved = set_chroma_aside(store)
    say(f"repair: Chroma cannot be read ({problem}); moved it to {moved.name} and rebuilding from the "
        + ("files given" if have_paths else f"{len(fallback)} source files the store recorded"))
    return [] if have_paths else fallback
