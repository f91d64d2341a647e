"""Size and checksum of every local index file, recorded in the lexical manifest and checked on use.

A store's local files (the lexical index's segments, a server store's `records.json`) are caches
of what Chroma holds. A disk error, a half-copied backup or a stray editor can damage one without changing its
mtime; numpy then reads garbage as postings (a search that silently changes) or raises EOFError on
an empty `.npy` (which click reports as a bare `Aborted.`). So `lexindex.write_manifest` records
`files: {relative path: [size, crc32]}` and every open checks them first: a mismatch, a missing or
unreadable file is one line on stderr and a rebuild from Chroma, never a traceback and never a
silent answer. (A file is summed once per version: lexstore.py keeps the stat of each file found
as written, and one whose size, mtime, ctime and inode are unchanged is not read again.)

CRC-32 (zlib) is enough: the threat is accidental damage, not an adversary who can also rewrite
the manifest, and it runs at memory speed (the index of a 10k-chunk store checks in milliseconds).
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

_BLOCK = 1 << 20
REPAIR_HINT = "draftbot ingest --repair"


def checksum(path: Path) -> str:
    crc = 0
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            crc = zlib.crc32(block, crc)
    return f"{crc:08x}"


def file_entry(path: Path) -> list:
    return [os.stat(path).st_size, checksum(path)]


def record_files(root: Path, names: list[str], previous: dict | None = None) -> dict[str, list]:
    """`{name: [size, crc]}` for the files `names` under `root`. Entries of `previous` are reused for
    segment files (a segment is never rewritten once its folder exists), so a commit only sums
    what it wrote."""
    previous = previous or {}
    out: dict[str, list] = {}
    for name in names:
        if name in previous and "/" in name:
            out[name] = previous[name]
        else:
            out[name] = file_entry(root / name)
    return out


def segment_files(root: Path, segment: str) -> list[str]:
    return sorted(f"{segment}/{p.name}" for p in (root / segment).iterdir() if p.is_file())


def problem(root: Path, files: dict | None) -> str | None:
    """The first damage found among the recorded files (one short reason), or None when all match."""
    if not isinstance(files, dict):
        return "manifest.json: no checksums"
    for name, entry in sorted(files.items()):
        path = root / name
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            return f"{name}: missing"
        except OSError as exc:
            return f"{name}: unreadable ({exc.strerror or exc})"
        if not (isinstance(entry, list) and len(entry) == 2):
            return f"manifest.json: bad entry for {name}"
        if size != entry[0]:
            return f"{name}: {size} bytes, expected {entry[0]}"
        try:
            if checksum(path) != entry[1]:
                return f"{name}: checksum mismatch"
        except OSError as exc:
            return f"{name}: unreadable ({exc.strerror or exc})"
    return None


def say(message: str) -> None:
    """One status line on stderr (a repair is news even with --quiet: the answer was at stake)."""
    from draftbot.display import display_name

    print(f"draftbot: {display_name(message, 500)}", file=sys.stderr, flush=True)


def store_failure(exc: BaseException) -> str | None:
    """One line for an error that means the store's files are damaged or the disk is full (Chroma's
    errors, SQLite's, numpy's EOFError on an empty array), or None for any other exception."""
    import sqlite3

    from draftbot.display import display_name

    module = type(exc).__module__ or ""
    text = display_name(str(exc) or type(exc).__name__, 200)
    if _disk_full(exc):
        return f"the store's disk is full ({text}); free some space and run the command again"
    if module.startswith("chromadb") or isinstance(exc, (sqlite3.DatabaseError, EOFError)):
        return f"the store cannot be read ({text}); `{REPAIR_HINT} PATH...` rebuilds it from the source files"
    return None


def _disk_full(exc: BaseException) -> bool:
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "database or disk is full" in text or "no space left" in text
