"""Load source files and folders into `Source` objects, naming every bad file with a reason.

Rules:
- Folders are walked recursively in sorted order. Hidden files and folders (".name"), Office lock
  files ("~$name"), README.md / README.txt and the sources.yaml manifest are never sources; files
  with other extensions (images, spreadsheets, ...) are skipped silently. A file named explicitly
  with an unsupported extension is a failure, because the user asked for it. README and manifest
  files named explicitly (a shell glob like `corpus/*`) are still skipped.
- A bad file never stops the run: it becomes a LoadFailure(path, reason) and the rest load.
- Duplicates: two files with byte-for-byte the same metadata and body get the same id (identity is
  content). The first path in sorted order is kept; the others are listed in
  `LoadResult.duplicates` (not failures: nothing is wrong with them, they just add nothing).
  Two files that merely share a title load as two sources with different ids.
- Results are sorted by path. `Source.path` is the absolute path (stable across working
  directories, so the store can tell a moved file from a new one); failures keep the path as the
  user wrote it, for readable messages.
- Size limit: DRAFTBOT_MAX_SOURCE_MB (default 20) megabytes per file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from draftbot.models import LoadFailure, Source, SourceMeta
from draftbot.safefiles import special_reason
from draftbot.text.hostile import hostile_warnings
from draftbot.text.sanitize import sanitize_fields, sanitize_text

from .errors import SourceError
from .extracted import Extracted, LoadedSource
from .html_files import read_html_source
from .identity import source_id
from .limits import check_text, max_source_bytes, max_source_mb  # noqa: F401  (re-exported)
from .meta import guess_lang
from .resolve import resolve, source_warnings
from .notes import strict
from .script import simplify_source
from .tables import split_form
from .text_title import first_sentence
from .text_files import read_text_source
from .walk import NOT_SOURCES, SOURCE_EXTS, Job, os_reason, plan_paths  # noqa: F401  (re-exported)


# PDF and DOCX readers pull in their parsers (~0.1 s of imports): loaded when such a file is read,
# not by every ingest of a folder of pages and texts.
def read_pdf_source(data: bytes) -> Extracted:
    from .pdf_files import read_pdf_source as read

    return read(data)


def read_docx_source(data: bytes) -> Extracted:
    from .docx_files import read_docx_source as read

    return read(data)


READERS: dict[str, Callable[[bytes], Extracted]] = {
    ".md": read_text_source,
    ".markdown": read_text_source,
    ".txt": read_text_source,
    ".html": read_html_source,
    ".htm": read_html_source,
    ".pdf": read_pdf_source,
    ".docx": read_docx_source,
}
SUPPORTED = tuple(READERS)
assert set(READERS) == set(SOURCE_EXTS), "sources/walk.py lists the extensions the readers take"


class Duplicate(BaseModel):
    path: str
    same_as: str  # the path that was kept
    id: str


class LoadResult(BaseModel):
    sources: list[Source] = Field(default_factory=list)
    failures: list[LoadFailure] = Field(default_factory=list)
    duplicates: list[Duplicate] = Field(default_factory=list)


def load_file(path: Path, manifest_meta: dict[str, Any] | None = None) -> Source:
    """Load one file. `manifest_meta` (already-cleaned or raw fields) overrides what the file says.

    Raises SourceError, and only SourceError, for any problem with the file.
    """
    return _load(Path(path), {}, manifest_meta or {})


def _load(path: Path, defaults: dict[str, Any], entry: dict[str, Any]) -> Source:
    try:
        return _load_unchecked(path, defaults, entry)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError("too deeply nested to parse") from None
    except MemoryError:
        raise SourceError("out of memory while reading") from None
    except Exception as e:  # a last net: no library exception escapes as a traceback
        raise SourceError(f"could not read: {type(e).__name__}: {str(e)[:120]}") from None


def _load_unchecked(path: Path, defaults: dict[str, Any], entry: dict[str, Any]) -> LoadedSource:
    from .meta import clean_fields

    ext = path.suffix.lower()
    reader = READERS.get(ext)
    if reader is None:
        raise SourceError(f"unsupported file type '{ext or path.name}' (supported: {', '.join(SUPPORTED)})")
    data = _read_bytes(path)
    if not data.strip():
        raise SourceError("empty file")
    entry = dict(entry)
    charset = entry.pop("charset", None)  # a fetched page's HTTP charset (see fetch.py)
    found = read_html_source(data, declared=charset) if charset and reader is read_html_source else reader(data)
    entities = reader is read_text_source  # an HTML parser has decoded its page's entities already
    found.text = sanitize_text(found.text, entities)
    check_text(found.text)
    simplify_source(found)  # before metadata: 來源/發布時間 lines are read as 来源/发布时间
    found.text, form = split_form(found.text)  # the page's information table is metadata, not text
    found.form += form
    found.file_date = _mtime_date(path)  # a dateline's last hint for its year (with a warning)
    found.file_year = found.file_date.year if found.file_date else None
    # Raw dicts from a caller are validated like a manifest entry; cleaned ones pass unchanged.
    entry = clean_fields(entry, "manifest") if entry else {}
    fields, origin = resolve(found, defaults, entry)
    fields = sanitize_fields(fields, entities)
    for key, reason in found.field_errors.items():
        if key not in entry:  # a bad value in the file is fatal unless sources.yaml replaces it
            raise SourceError(reason)
    if not found.text.strip():
        raise SourceError("empty body (front matter only)" if found.front_matter else "no text found")
    if not fields.get("title") and not found.front_matter and not (strict() and reader is read_text_source):
        # nothing names it: its first sentence does (with a warning), rather than losing the file
        fields["title"], origin["title"] = first_sentence(found.text), "first sentence"
    if not fields.get("title"):
        if found.front_matter:
            raise SourceError("front matter: missing 'title'")
        if reader is read_text_source:
            raise SourceError("no front matter (the file must start with a '---' block with title, publisher, date)")
        raise SourceError("no title (none in the file, and no sources.yaml entry)")
    if found.strict_date and not fields.get("date"):
        where = "front matter" if found.front_matter else "sources.yaml"
        raise SourceError(f"{where}: missing 'date' (YYYY-MM-DD)")
    if "lang" not in fields:  # guess only when needed (it scans up to 20k characters)
        fields["lang"], origin["lang"] = guess_lang(found.text), "guessed from text"
    meta = SourceMeta(**fields)
    source = LoadedSource(
        **meta.model_dump(), id=source_id(meta, found.text), path=_abs(path), text=found.text,
        origin=origin, warnings=source_warnings(fields, origin, found) + hostile_warnings(found.text), size=len(data),
        form=found.form,
    )
    return source  # origin, warnings and size travel with it (ingest stores them with the record)


def _mtime_date(path: Path) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime).date()
    except (OSError, OverflowError, ValueError):
        return None


def _read_bytes(path: Path) -> bytes:
    limit = max_source_bytes()
    too_large = f"limit {max_source_mb():g} MB, set by DRAFTBOT_MAX_SOURCE_MB"
    try:
        st = os.stat(path)
    except OSError as e:
        raise SourceError(os_reason(path, e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError("is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(special_reason(st.st_mode))
    if st.st_size > limit:
        raise SourceError(f"file too large ({human_size(st.st_size)}; {too_large})")
    try:
        with open(path, "rb") as fh:
            # read(limit + 1) would make CPython allocate limit+1 bytes for every file
            data = fh.read(min(st.st_size, limit) + 1)
            if len(data) > st.st_size:  # grew since stat: read on to the limit
                data += fh.read(limit + 1 - len(data))
    except OSError as e:
        raise SourceError(os_reason(path, e)) from None
    if len(data) > limit:  # grew since stat
        raise SourceError(f"file too large (over {human_size(limit)}; {too_large})")
    return data


def human_size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _abs(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


# ---------------------------------------------------------------- folders


def load_job(job: Job) -> Source:
    """Load one planned file; raises SourceError."""
    if job.error is not None:
        raise SourceError(job.error)
    return _load(job.path, job.defaults, job.entry)


def load_paths(paths: list[Path], progress: Callable[[Path], None] | None = None) -> LoadResult:
    """Load files and folders (recursively). Never raises for a bad file; see the module docstring."""
    jobs, failures = plan_paths(paths)
    loaded: list[tuple[str, Source]] = []
    for job in jobs:
        if progress is not None:
            progress(job.path)
        try:
            loaded.append((str(job.file), load_job(job)))
        except SourceError as e:
            failures.append(LoadFailure(path=str(job.file), reason=str(e)))
    return finish_load(loaded, failures)


def finish_load(loaded: list[tuple[str, Source]], failures: list[LoadFailure]) -> LoadResult:
    """Drop duplicates (the first path in load order is kept), sort sources and failures."""
    result = LoadResult()
    first_by_id: dict[str, str] = {}
    for shown, source in loaded:
        if source.id in first_by_id:
            result.duplicates.append(Duplicate(path=shown, same_as=first_by_id[source.id], id=source.id))
            continue
        first_by_id[source.id] = shown
        result.sources.append(source)
    result.sources.sort(key=lambda s: s.path)
    result.failures = sorted(_unique(failures), key=lambda f: (f.path, f.reason))
    return result


def _unique(failures: list[LoadFailure]) -> list[LoadFailure]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in failures:
        if (f.path, f.reason) not in seen:
            seen.add((f.path, f.reason))
            out.append(f)
    return out
