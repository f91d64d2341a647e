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
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, Field

from draftbot.display import display_name
from draftbot.models import LoadFailure, Source, SourceMeta
from draftbot.safefiles import link_leaves, special_reason
from draftbot.text.hostile import hostile_warnings
from draftbot.text.sanitize import sanitize_fields, sanitize_text

from .docx_files import read_docx_source
from .errors import SourceError
from .extracted import Extracted, LoadedSource
from .html_files import read_html_source
from .identity import source_id
from .limits import check_text
from .manifest import MANIFEST_NAMES, Manifest, find_manifest, read_manifest
from .meta import guess_lang
from .notes import TEXT_EXTS, notes_reason, strict
from .pdf_files import read_pdf_source
from .resolve import resolve, source_warnings
from .script import simplify_source
from .text_title import first_sentence
from .text_files import read_text_source

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
NOT_SOURCES = {"readme.md", "readme.txt", "readme.markdown", "readme", *MANIFEST_NAMES}
DEFAULT_MAX_MB = 20.0


class Duplicate(BaseModel):
    path: str
    same_as: str  # the path that was kept
    id: str


class LoadResult(BaseModel):
    sources: list[Source] = Field(default_factory=list)
    failures: list[LoadFailure] = Field(default_factory=list)
    duplicates: list[Duplicate] = Field(default_factory=list)


def max_source_mb() -> float:
    """DRAFTBOT_MAX_SOURCE_MB, or 20 when unset or not a positive number."""
    raw = os.environ.get("DRAFTBOT_MAX_SOURCE_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return mb if mb > 0 else DEFAULT_MAX_MB


def max_source_bytes() -> int:
    return int(max_source_mb() * 1024 * 1024)


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
        raise SourceError(_os_reason(path, e)) from None
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
        raise SourceError(_os_reason(path, e)) from None
    if len(data) > limit:  # grew since stat
        raise SourceError(f"file too large (over {human_size(limit)}; {too_large})")
    return data


def human_size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _os_reason(path: Path, e: OSError) -> str:
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if e.errno == errno.ELOOP:
        return "symlink loop"
    if e.errno == errno.ENOENT:
        if path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return f"broken symlink (target '{display_name(target)}' does not exist)"
        return "no such file or folder"
    return f"cannot read ({e.strerror or type(e).__name__})"


def _abs(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


# ---------------------------------------------------------------- folders


class Job(NamedTuple):
    """One file to load, with the manifest fields that apply to it (see `plan_paths`)."""

    file: Path  # as the user named it (or as found under a named folder)
    defaults: dict[str, Any]
    entry: dict[str, Any]
    error: str | None = None  # its sources.yaml entry is invalid: the file fails with this reason


def plan_paths(paths: list[Path]) -> tuple[list[Job], list[LoadFailure]]:
    """The files `load_paths` would load, in its order, with their manifest fields; plus the
    failures found without reading any source (missing paths, bad manifests, folder errors)."""
    jobs: list[tuple[Path, Path]] = []  # (file, root folder for manifest lookup)
    failures: list[LoadFailure] = []
    seen: set[str] = set()
    for given in paths:
        given = Path(given)
        try:
            is_dir = given.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            files, bad = _walk(given)
            failures.extend(bad)
            jobs.extend((f, given) for f in files)
        elif given.name.lower() in NOT_SOURCES or _skip_note(given):
            continue
        elif not given.is_symlink() and not given.exists():
            failures.append(LoadFailure(path=str(given), reason="no such file or folder"))
        else:
            jobs.append((given, given.parent))

    manifests: dict[Path, Manifest | None] = {}
    nearest: dict[tuple[Path, Path], Manifest | None] = {}  # (folder, root) -> its manifest
    planned: list[Job] = []
    for file, root in sorted(jobs, key=lambda j: str(j[0])):
        key = _abs(file)
        if key in seen:
            continue
        seen.add(key)
        try:
            where = (file.parent, root)
            if where not in nearest:
                nearest[where] = _nearest_manifest(file, root, manifests, failures)
            manifest = nearest[where]
            defaults, entry = manifest.for_file(file) if manifest is not None else ({}, {})
        except SourceError as e:
            planned.append(Job(file, {}, {}, str(e)))  # reported when loaded, like any bad file
            continue
        planned.append(Job(file, defaults, entry))
    return planned, failures


def load_job(job: Job) -> Source:
    """Load one planned file; raises SourceError."""
    if job.error is not None:
        raise SourceError(job.error)
    return _load(job.file, job.defaults, job.entry)


def load_paths(paths: list[Path], progress: Callable[[Path], None] | None = None) -> LoadResult:
    """Load files and folders (recursively). Never raises for a bad file; see the module docstring."""
    jobs, failures = plan_paths(paths)
    loaded: list[tuple[str, Source]] = []
    for job in jobs:
        if progress is not None:
            progress(job.file)
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


def _skip_note(path: Path) -> bool:
    if strict() or path.suffix.lower() not in TEXT_EXTS or notes_reason(path) is None:
        return False
    return not (find_manifest(path.parent) is not None and _listed(path))  # listed: it is a source


def _listed(path: Path) -> bool:
    try:
        return path.name in read_manifest(find_manifest(path.parent)).entries
    except SourceError:
        return False


def skipped_notes(paths: list[Path]) -> list[LoadFailure]:
    """The notes files under `paths` that loading skips, each with its reason (for one line each)."""
    if strict():
        return []
    out: list[LoadFailure] = []
    for given in map(Path, paths):
        files = [given] if given.is_file() else sorted(p for p in given.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(given).parts))
        for f in files:
            if f.name.lower() in MANIFEST_NAMES or not (f.name.lower() in NOT_SOURCES or _skip_note(f)):
                continue
            out.append(LoadFailure(path=str(f), reason=notes_reason(f) or "notes file"))
    return out


def _walk(root: Path) -> tuple[list[Path], list[LoadFailure]]:
    """Supported files under `root`, plus failures for unreadable folders and dangling links."""
    files: list[Path] = []
    failures: list[LoadFailure] = []
    visited: set[str] = set()

    def on_error(e: OSError) -> None:
        failures.append(LoadFailure(path=str(e.filename or root), reason=_os_reason(Path(e.filename or root), e)))

    for folder, dirs, names in os.walk(root, onerror=on_error, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:  # a symlinked folder pointing back up: stop the loop
            dirs[:] = []
            continue
        visited.add(real)
        # Real folders before symlinked ones, so a file reachable both ways keeps its real path.
        dirs[:] = sorted((d for d in dirs if not d.startswith(".")), key=lambda d: (os.path.islink(os.path.join(folder, d)), d))
        for name in sorted(names):
            if name.startswith((".", "~$")) or name.lower() in NOT_SOURCES:
                continue
            path = Path(folder) / name
            if path.suffix.lower() not in READERS or _skip_note(path):
                continue
            if (leaves := link_leaves(path, root)) is None:
                files.append(path)
            else:
                failures.append(LoadFailure(path=str(path), reason=leaves))
        keep = []
        for d in dirs:
            target = os.path.realpath(os.path.join(folder, d))
            if target == real or real.startswith(target.rstrip(os.sep) + os.sep):
                failures.append(LoadFailure(path=str(Path(folder) / d), reason="symlink loop (folder links back to a parent)"))
            elif (leaves := link_leaves(Path(folder) / d, root)) is not None:
                failures.append(LoadFailure(path=str(Path(folder) / d), reason=leaves))
            elif target not in visited:
                keep.append(d)
        dirs[:] = keep
    return files, failures


def _manifest_for(
    file: Path, root: Path, cache: dict[Path, Manifest | None], failures: list[LoadFailure]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(defaults, entry) from the nearest manifest between the file's folder and `root`."""
    manifest = _nearest_manifest(file, root, cache, failures)
    return manifest.for_file(file) if manifest is not None else ({}, {})


def _nearest_manifest(file: Path, root: Path, cache: dict[Path, Manifest | None], failures: list[LoadFailure]) -> Manifest | None:
    """The nearest manifest between the file's folder and `root` (inclusive)."""
    folder = file.parent
    root_abs = Path(_abs(root))
    while True:
        manifest = _manifest_in(folder, cache, failures)
        if manifest is not None:
            return manifest
        if Path(_abs(folder)) == root_abs or folder == folder.parent:
            return None
        folder = folder.parent


def _manifest_in(folder: Path, cache: dict[Path, Manifest | None], failures: list[LoadFailure]) -> Manifest | None:
    if folder in cache:
        return cache[folder]
    found = find_manifest(folder)
    manifest = None
    if found is not None:
        try:
            manifest = read_manifest(found)
        except SourceError as e:
            failures.append(LoadFailure(path=str(found), reason=str(e)))
        else:
            for name in sorted(manifest.entries):
                if not (folder / name).exists():
                    failures.append(LoadFailure(path=str(folder / name), reason=f"listed in {found.name} but no such file"))
    cache[folder] = manifest
    return manifest
