"""The per-store notes file older ingests kept (``source-notes.jsonl``: how each loaded source's
metadata was found), read by `draftbot sources` for sources stored before ingest kept those notes
with the source record itself. Nothing writes it any more: the loader returns origin and warnings
with the source, ingest reports the warnings (`IngestReport.warnings`) and stores them with the
record.
"""

from __future__ import annotations

import json
from pathlib import Path

FILE_NAME = "source-notes.jsonl"


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
