"""The lexical index's `manifest.json`: its format, its reader, and the check of the files it lists.

Apart from `lexindex` (numpy) because a no-op `ingest` checks these files and stops: it must not
import numpy to read a JSON file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from draftbot.index import integrity

if TYPE_CHECKING:
    from draftbot.index.store import Store

FORMAT = 1
RECORDS_FILE = "records.json"  # the records snapshot kept beside the index (lexstore)


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


def damage(root: Path, m: dict) -> str | None:
    """What is wrong with the files `m` lists (None: all as written). An index written before
    checksums has nothing to compare: it counts as damaged, and is rebuilt once, silently."""
    if not isinstance(m.get("files"), dict):
        return "no checksums (older draftbot)"
    return integrity.problem(root, m["files"])


def local_damage(store: Store) -> str | None:
    """Without opening Chroma: what is wrong with the index files beside the store, or None.
    (A store that has no index folder yet has nothing to check.)"""
    root = store.lexical_dir()
    if root is None:
        return None
    m = read_manifest(root)
    if m is None:
        return "manifest.json: missing or unreadable"
    if not (root / RECORDS_FILE).exists():
        return f"{RECORDS_FILE}: missing"
    return damage(root, m)
