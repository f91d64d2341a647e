"""What `draftbot ingest` was given, made into files: URLs fetched into the store's `fetched/`
folder, notes files listed for one SKIPPED line each, and `--strict` for the loaders. (How each
loaded source's metadata was found travels with the source: `IngestReport.warnings`, and the
record's `origin`/`warnings`/`size`.)"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from draftbot.models import LoadFailure

from .walk import skipped_notes
from .notes import STRICT_ENV

FETCHED = "fetched"


def gather(args: list[str], urls_file: Path | None, store_dir: Path) -> tuple[list[Path], list[LoadFailure]]:
    """(paths to ingest, failures of URLs that could not be fetched)."""
    if urls_file is None and not any("://" in a for a in args):
        return [Path(a) for a in args], []  # no URL: the fetcher (HTTP, YAML) is not even imported
    from .fetch import fetch_pages, is_url, read_url_list

    urls = [a for a in args if is_url(a)]
    if urls_file is not None:
        from draftbot.display import display_name
        from draftbot.safefiles import check_regular

        # a FIFO or a device would block the read forever: refused like every other input
        check_regular(urls_file, label=f"--urls {display_name(urls_file)}")
        urls += read_url_list(urls_file)
    paths = [Path(a) for a in args if not is_url(a)]
    if not urls:
        return paths, []
    from .limits import max_source_bytes

    files, failures = fetch_pages(urls, Path(store_dir) / FETCHED, max_source_bytes())
    return paths + files, failures


@contextmanager
def strict_notes(strict: bool) -> Iterator[None]:
    """`--strict` turns notes-file skipping off, for loaders in this process and its workers
    (through the environment, which forked workers inherit)."""
    saved = os.environ.get(STRICT_ENV)
    if strict:
        os.environ[STRICT_ENV] = "1"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(STRICT_ENV, None)
        else:
            os.environ[STRICT_ENV] = saved


__all__ = ["gather", "skipped_notes", "strict_notes"]
