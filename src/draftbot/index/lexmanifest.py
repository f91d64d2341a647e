"""The lexical index's `manifest.json`: its format, its reader, and the check of the files it lists.

Apart from `lexindex` (numpy) because a no-op `ingest` checks these files and stops: it must not
import numpy to read a JSON file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from draftbot.index import integrity

if TYPE_CHECKING:
    from draftbot.index.store import Store

FORMAT = 1
RECORDS_FILE = "records.json"  # a server store's records snapshot beside its index (lexstore)
LOCAL_FILE = "local.sqlite"  # an embedded store's records snapshot and texts (localdb.FILE)


def index_dir_for(store_dir: Path | None, where: str, local_root: Path | None) -> Path | None:
    """Where a store's lexical index lives: beside an embedded store; for a server, in the local
    store folder under a tag of the server URL (several servers never share one index)."""
    if store_dir is not None:
        return Path(store_dir) / "lexical"
    if local_root is None:
        return None
    tag = hashlib.blake2b(str(where).encode(), digest_size=6).hexdigest()
    return Path(local_root) / f"lexical-{tag}"


def read_manifest(root: Path) -> dict | None:
    try:
        m = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and m.get("format") == FORMAT else None


VERIFIED = "verified.json"  # the stat of each file last found as written (see `damage`)


def damage(root: Path, m: dict) -> str | None:
    """What is wrong with the files `m` lists (None: all as written). An index written before
    checksums has nothing to compare: it counts as damaged, and is rebuilt once, silently.

    A file's checksum is computed once per version of the file: `verified.json` keeps, for each
    file found as written, its size, checksum, mtime, ctime and inode, and a file whose stat still
    shows all five is not read again (summing a 100k-chunk index's files cost every read command
    its share). Any write, copy or restore changes the ctime or the inode, so it is checked."""
    files = m.get("files")
    if not isinstance(files, dict):
        return "no checksums (older draftbot)"
    seen = _verified(root)
    stats = {name: _stat(root / name) for name in files}
    todo = {n: e for n, e in files.items() if stats[n] is None or seen.get(n) != [*e, *stats[n]]}
    problem = integrity.problem(root, todo)
    if problem is None and todo:
        _remember_verified(root, {n: [*e, *stats[n]] for n, e in files.items() if stats[n] is not None})
    return problem


def _stat(path: Path) -> list | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _verified(root: Path) -> dict:
    try:
        got = json.loads((root / VERIFIED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return got if isinstance(got, dict) else {}


def _remember_verified(root: Path, entries: dict) -> None:
    tmp = root / f"{VERIFIED}.{os.getpid()}.{os.urandom(3).hex()}.tmp"
    try:
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(tmp, root / VERIFIED)
    except OSError:  # a read-only folder: the next reader sums the files again
        tmp.unlink(missing_ok=True)


def local_damage(store: Store) -> str | None:
    """Without opening Chroma: what is wrong with the index files beside the store, or None.
    (A store that has no index folder yet has nothing to check.)"""
    root = store.lexical_dir()
    if root is None:
        return None
    m = read_manifest(root)
    if m is None:
        return "manifest.json: missing or unreadable"
    snapshot = RECORDS_FILE if store.store_dir is None else LOCAL_FILE
    if not (root / snapshot).exists():
        return f"{snapshot}: missing"
    if store.store_dir is not None:
        from draftbot.index.localdb import held_key

        if held_key(root) != m.get("key"):
            return f"{LOCAL_FILE}: not for the index's key"
    return damage(root, m)
