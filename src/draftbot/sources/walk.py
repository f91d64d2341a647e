"""Which files a run reads, found without reading a source: folders walked, manifests applied,
notes files set aside.

Kept apart from the readers (`loader`) because a no-op `ingest` of a big corpus lists every file
and then stops: it must not pay for importing HTML, PDF and DOCX parsers, and its walk must cost
one `scandir` per folder, not a `Path` object and a `stat` per test per file.

Rules (the loader's module docstring has the full list): folders are walked recursively in sorted
order; hidden entries, Office lock files, README and the manifest are never sources; files with
other extensions are skipped silently; a symlink leading outside the folder given is skipped with
a reason unless --follow-symlinks; a notes file (`notes.notes_reason`) is skipped with one line.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, NamedTuple

from draftbot.safefiles import following, link_leaves

from .notes import TEXT_EXTS, may_be_note, notes_reason, strict

# the loader's READERS keys (a test holds the two equal); kept here so listing imports no reader
SOURCE_EXTS = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")
MANIFEST_NAMES = ("sources.yaml", "sources.yml")
NOT_SOURCES = {"readme.md", "readme.txt", "readme.markdown", "readme", *MANIFEST_NAMES}


class Job(NamedTuple):
    """One file to load, with the manifest fields that apply to it (see `plan_paths`)."""

    file: str  # as the user named it (or as found under a named folder)
    defaults: dict[str, Any]
    entry: dict[str, Any]
    error: str | None = None  # its sources.yaml entry is invalid: the file fails with this reason
    key: str = ""  # its absolute, normalised path (the stat cache's key)

    @property
    def path(self) -> Path:
        return Path(self.file)


class Skipped(NamedTuple):
    """A notes file the walk set aside, and why (a plain tuple: a no-op ingest that prints one
    builds no pydantic model)."""

    path: str
    reason: str


class Plan(NamedTuple):
    jobs: list[Job]
    failures: list  # LoadFailure: missing paths, bad manifests, folder errors
    notes: list  # Skipped: notes files skipped (README, SOURCES.md, a list of links), one line each


def plan_paths(paths: list[Path]) -> tuple[list[Job], list]:
    """The files `load_paths` would load, in its order, with their manifest fields; plus the
    failures found without reading any source (missing paths, bad manifests, folder errors)."""
    plan = plan_run(paths)
    return plan.jobs, plan.failures


def plan_run(paths: list[Path]) -> Plan:
    """`plan_paths`, plus the notes files the walk set aside (so no second walk lists them)."""
    found: list[tuple[str, Path, str]] = []  # (file as named, the folder given, the file's folder)
    failures: list = []
    notes: list = []
    for given in map(Path, paths):
        try:
            is_dir = given.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(given, found, failures, notes)
        elif given.name.lower() in NOT_SOURCES:
            if given.name.lower() not in MANIFEST_NAMES and not strict() and given.is_file():
                notes.append(Skipped(str(given), notes_reason(given) or "notes file"))
            continue
        elif _note(given, notes):
            continue
        elif not given.is_symlink() and not given.exists():
            failures.append(_failure(str(given), "no such file or folder"))
        else:
            found.append((str(given), given.parent, os.path.dirname(str(given))))
    notes.sort(key=lambda f: Path(f.path))
    return Plan(_jobs(found, failures), failures, notes)


def skipped_notes(paths: list[Path]) -> list:
    """The notes files under `paths` that loading skips, each with its reason (for one line each)."""
    return plan_run(paths).notes


def _jobs(found: list[tuple[str, Path, str]], failures: list) -> list[Job]:
    manifests: dict[Path, Any] = {}  # folder -> Manifest | None
    nearest: dict[tuple[str, int], Any] = {}  # (folder, root given) -> its manifest
    seen: set[str] = set()
    planned: list[Job] = []
    cwd = os.getcwd()
    absolute: dict[str, str] = {}  # folder as found -> absolute, normalised, with its separator
    make = tuple.__new__  # a NamedTuple's own __new__ is a Python call: 16k of them show
    for name, root, folder in sorted(found, key=lambda f: f[0]):
        head = absolute.get(folder)
        if head is None:
            head = absolute[folder] = os.path.normpath(os.path.join(cwd, folder)).rstrip(os.sep) + os.sep
        key = head + name[len(folder):].lstrip(os.sep)
        if key in seen:
            continue
        seen.add(key)
        where = (folder, id(root))  # a Path's hash is a Python call; the roots live as long as `found`
        manifest = nearest.get(where, nearest)
        if manifest is nearest:
            manifest = nearest[where] = _nearest_manifest(Path(name).parent, root, manifests, failures)
        if manifest is None:
            planned.append(make(Job, (name, {}, {}, None, key)))
            continue
        from .errors import SourceError

        try:
            defaults, entry = manifest.for_file(Path(name))
        except SourceError as e:
            planned.append(Job(name, {}, {}, str(e), key))  # reported when loaded, like any bad file
            continue
        planned.append(Job(name, defaults, entry, None, key))
    return planned


def _nearest_manifest(folder: Path, root: Path, cache: dict[Path, Any], failures: list):
    """The nearest manifest between `folder` and `root` (inclusive)."""
    root_abs = os.path.normpath(os.path.abspath(root))
    while True:
        if folder not in cache:
            cache[folder] = _manifest_in(folder, failures)
        if cache[folder] is not None:
            return cache[folder]
        if os.path.normpath(os.path.abspath(folder)) == root_abs or folder == folder.parent:
            return None
        folder = folder.parent


def find_manifest(folder: Path | str) -> Path | None:
    for name in MANIFEST_NAMES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return Path(candidate)
    return None


def _manifest_in(folder: Path, failures: list):
    found = find_manifest(folder)
    if found is None:
        return None
    from .errors import SourceError
    from .manifest import read_manifest  # pydantic and YAML: only for a folder that has one

    try:
        manifest = read_manifest(found)
    except SourceError as e:
        failures.append(_failure(str(found), str(e)))
        return None
    for name in sorted(manifest.entries):
        if not (folder / name).exists():
            failures.append(_failure(str(folder / name), f"listed in {found.name} but no such file"))
    return manifest


def _note(path: Path | str, notes: list) -> bool:
    """Whether `path` is a notes file to skip (recorded in `notes`); a file sources.yaml lists is
    a source whatever its name."""
    if strict() or os.path.splitext(path)[1].lower() not in TEXT_EXTS:
        return False
    reason = notes_reason(Path(path))
    if reason is None or _listed(path):
        return False
    notes.append(Skipped(str(path), reason))
    return True


def _listed(path: Path | str) -> bool:
    found = find_manifest(os.path.dirname(path) or ".")
    if found is None:
        return False
    from .errors import SourceError
    from .manifest import read_manifest

    try:
        return os.path.basename(path) in read_manifest(found).entries
    except SourceError:
        return False


def _walk(root: Path, found: list, failures: list, notes: list) -> None:
    """Supported files under `root` into `found`; unreadable folders and dangling or escaping
    links into `failures`; notes files (and README) into `notes`. One `scandir` per folder: the
    entry's type comes with the listing, so a plain file costs no system call here."""
    visited: set[str] = set()
    loose = strict()
    follow = following()
    todo = [str(root)]
    while todo:
        folder = todo.pop()
        real = os.path.realpath(folder)
        if real in visited:  # a symlinked folder pointing back up: stop the loop
            continue
        visited.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            failures.append(_failure(str(e.filename or folder), os_reason(Path(e.filename or folder), e)))
            continue
        dirs = []
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~$")):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                dirs.append(entry)
                continue
            _file(entry, folder, root, found, failures, notes, loose, follow)
        # Real folders before symlinked ones, so a file reachable both ways keeps its real path;
        # pushed in reverse so they are walked in sorted order.
        dirs.sort(key=lambda e: (e.is_symlink(), e.name))
        keep = _folders_to_enter(folder, real, [d.name for d in dirs], root, visited, failures)
        todo.extend(os.path.join(folder, d) for d in reversed(keep))


def _file(entry, folder: str, root: Path, found: list, failures: list, notes: list, loose: bool, follow: bool) -> None:
    name, path = entry.name, entry.path
    low = name.lower()
    if low in NOT_SOURCES:
        if low not in MANIFEST_NAMES and not loose:
            notes.append(Skipped(path, notes_reason(Path(path)) or "notes file"))
        return
    dot = low.rfind(".")
    if dot <= 0 or low[dot:] not in SOURCE_EXTS or (not loose and may_be_note(name) and _note(path, notes)):
        return
    if follow or not entry.is_symlink() or (leaves := link_leaves(path, root)) is None:
        found.append((path, root, folder))
    else:
        failures.append(_failure(path, leaves))


def _folders_to_enter(folder: str, real: str, dirs: list[str], root: Path, visited: set[str], failures: list) -> list[str]:
    keep = []
    for d in dirs:
        path = os.path.join(folder, d)
        target = os.path.realpath(path)
        if target == real or real.startswith(target.rstrip(os.sep) + os.sep):
            failures.append(_failure(path, "symlink loop (folder links back to a parent)"))
        elif (leaves := link_leaves(path, root)) is not None:
            failures.append(_failure(path, leaves))
        elif target not in visited:
            keep.append(d)
    return keep


def plain_tree(root: Path | str) -> list[tuple[str, os.stat_result]] | None:
    """Every source file under the folder `root`, by its stat-cache key, with its stat; None
    unless the tree is plain: no manifest, no README or notes file, no symlink, no hidden source,
    every folder readable, not --strict. On a plain tree `plan_run([root])` gives these files
    and nothing else, so the no-op ingest of a big corpus lists and stats it in one pass."""
    if strict():
        return None
    base = os.path.normpath(os.path.join(os.getcwd(), root))
    if not os.path.isdir(base) or os.path.islink(base):
        return None
    try:
        return _plain_files(base)
    except OSError:
        return None  # an unreadable folder or entry: the full walk names it


def _plain_files(base: str) -> list[tuple[str, os.stat_result]] | None:
    files: list[tuple[str, os.stat_result]] = []
    todo = [base]
    while todo:
        with os.scandir(todo.pop()) as it:
            entries = list(it)
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~$")):
                continue
            if entry.is_symlink():
                return None
            if entry.is_dir():
                todo.append(entry.path)
                continue
            low = name.lower()
            if low in NOT_SOURCES:
                return None
            dot = low.rfind(".")
            if dot <= 0 or low[dot:] not in SOURCE_EXTS:
                continue
            if may_be_note(name) and notes_reason(Path(entry.path)) is not None:
                return None
            files.append((entry.path, entry.stat()))
    return files


def os_reason(path: Path, e: OSError) -> str:
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
            from draftbot.display import display_name

            return f"broken symlink (target '{display_name(target)}' does not exist)"
        return "no such file or folder"
    return f"cannot read ({e.strerror or type(e).__name__})"


def _failure(path: str, reason: str):
    from draftbot.models import LoadFailure  # pydantic: only when something is to be reported

    return LoadFailure(path=path, reason=reason)
