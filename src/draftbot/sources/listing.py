"""`draftbot sources`: the stored sources with how their metadata was found.

Title, publisher, date, lang and path come from the store's records, and so do origin, warnings
and size (ingest stores the loader's notes with the record). A source stored before that is read
from the older per-store notes file (`run_log`), else re-read from its file when the file still
holds the same content; otherwise its origin is unknown and says so.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .errors import SourceError
from .publishers import looks_like_publisher
from .run_log import FILE_NAME, read_notes


class SourceListing(BaseModel):
    id: str
    title: str
    publisher: str
    date: dt.date | None
    path: str
    url: str | None = None
    lang: str
    kind: str
    size: int | None = None  # bytes of the file as ingested
    chunks: int = 0
    origin: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


def list_sources(records: list[Any], store_dir: Path, date: dt.date | None = None) -> list[SourceListing]:
    notes = read_notes(Path(store_dir) / FILE_NAME)
    out = []
    for r in records:
        if date is not None and r.date != date:
            continue
        note = _stored(r) or notes.get(r.id) or _reread(r)
        out.append(
            SourceListing(
                id=r.id, title=r.title, publisher=r.publisher, date=r.date, path=r.path, url=r.url, lang=r.lang,
                kind=r.kind, chunks=r.chunks, size=note.get("size") if note else _file_size(r.path),
                origin=note.get("origin", {}) if note else {},
                warnings=note.get("warnings", []) if note else [*_record_warnings(r), "metadata origin unknown (file changed or gone since ingest)"],
            )
        )
    return out


def _stored(record: Any) -> dict | None:
    """The loader's notes stored with the record by ingest (None for a record stored before)."""
    origin = getattr(record, "origin", None)
    if not origin:
        return None
    return {"origin": origin, "warnings": list(getattr(record, "warnings", []) or []), "size": getattr(record, "size", None)}


def _reread(record: Any) -> dict | None:
    from .loader import load_file
    from .manifest import find_manifest, read_manifest

    path = Path(record.path)
    if not path.is_file():
        return None
    entry: dict = {}
    found = find_manifest(path.parent)
    try:
        if found is not None:
            defaults, entry = read_manifest(found).for_file(path)
            entry = {**defaults, **entry}
        source = load_file(path, entry)
    except SourceError:
        return None
    if source.id != record.id:
        return None
    return {"origin": source.origin, "warnings": source.warnings, "size": source.size}


def _record_warnings(r: Any) -> list[str]:
    out = []
    if r.date is None:
        out.append("no date")
    if not r.publisher:
        out.append("no publisher")
    elif not looks_like_publisher(r.publisher):
        out.append(f"publisher '{r.publisher}' looks like a person or an id")
    if r.lang == "en" and not any("\u4e00" <= c <= "\u9fff" for c in r.summary or ""):
        out.append("English with no Chinese summary")
    return out


def _file_size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None
