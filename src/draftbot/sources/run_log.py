"""How each loaded source's metadata was found, kept beside the store for `draftbot sources` and
for ingest's per-file warnings.

The loader runs in worker processes, so the channel is a file named by DRAFTBOT_SOURCE_LOG (the
ingest command sets it to a file in the store): one JSON line per loaded source, appended with a
single write (O_APPEND keeps concurrent writers' lines whole). Later lines for an id replace earlier
ones. Nothing is written when the variable is unset (library use, tests of the loaders).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

ENV = "DRAFTBOT_SOURCE_LOG"
FILE_NAME = "source-notes.jsonl"


def note_loaded(source: Any) -> None:
    target = os.environ.get(ENV)
    if not target:
        return
    line = json.dumps(
        {"id": source.id, "path": source.path, "origin": source.origin, "warnings": source.warnings,
         "size": source.size, "at": time.time()},
        ensure_ascii=False,
    )
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)
    except OSError:
        pass  # provenance notes are a convenience; never fail a source over them


def read_notes(path: Path, offset: int = 0) -> dict[str, dict]:
    """id -> the latest note for it, reading from byte `offset` on."""
    out: dict[str, dict] = {}
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            for raw in fh:
                try:
                    note = json.loads(raw)
                except ValueError:
                    continue  # a line cut by a crash
                if isinstance(note, dict) and "id" in note:
                    out[note["id"]] = note
    except OSError:
        pass
    return out
