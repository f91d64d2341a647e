"""What `draftbot ingest` was given, made into files: URLs fetched into the store's `fetched/`
folder, notes files listed for one SKIPPED line each, and the per-run log of how each loaded
source's metadata was found (for WARNING lines now and `draftbot sources` later)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from draftbot.models import LoadFailure

from .fetch import fetch_pages, is_url, read_url_list
from .loader import max_source_bytes, skipped_notes
from .notes import STRICT_ENV
from .run_log import ENV as LOG_ENV
from .run_log import FILE_NAME, read_notes

FETCHED = "fetched"


def notes_path(store_dir: Path) -> Path:
    return Path(store_dir) / FILE_NAME


def gather(args: list[str], urls_file: Path | None, store_dir: Path) -> tuple[list[Path], list[LoadFailure]]:
    """(paths to ingest, failures of URLs that could not be fetched)."""
    urls = [a for a in args if is_url(a)]
    if urls_file is not None:
        urls += read_url_list(urls_file)
    paths = [Path(a) for a in args if not is_url(a)]
    if not urls:
        return paths, []
    files, failures = fetch_pages(urls, Path(store_dir) / FETCHED, max_source_bytes())
    return paths + files, failures


@contextmanager
def source_log(store_dir: Path, strict: bool) -> Iterator[Path]:
    """Loaders (in this process and its workers) append their notes to the store's log while
    inside; `--strict` turns notes-file skipping off. Both through the environment, which forked
    workers inherit."""
    path = Path(os.path.abspath(notes_path(store_dir)))  # workers may not share our idea of "."
    saved = {k: os.environ.get(k) for k in (LOG_ENV, STRICT_ENV)}
    os.environ[LOG_ENV] = str(path)
    if strict:
        os.environ[STRICT_ENV] = "1"
    try:
        yield path
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_warnings(log: Path, offset: int, skip_ids: set[str]) -> list[LoadFailure]:
    """(path, warning) for every source loaded since `offset` that was not already stored."""
    out = []
    for note in read_notes(log, offset).values():
        if note["id"] in skip_ids:
            continue
        out += [LoadFailure(path=note["path"], reason=w) for w in note.get("warnings", [])]
    return sorted(out, key=lambda f: (f.path, f.reason))


def log_size(log: Path) -> int:
    try:
        return log.stat().st_size
    except OSError:
        return 0


__all__ = ["gather", "log_size", "notes_path", "run_warnings", "skipped_notes", "source_log"]
