"""Atomic output: all files of a draft appear together, or none changes.

Each file is written to a temp file in the same folder, fsynced, then `os.replace`d over the
target; SIGINT/SIGTERM are held back during the renames so Ctrl-C cannot split the pair. On any
failure the temp files are removed and the previous outputs stay as they were.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Callable

from draftbot.errors import UserError
from draftbot.safefiles import check_output


def check_targets(paths: list[Path], force: bool) -> None:
    """Refuse to overwrite an existing file without --force (checked before any work and again at write)."""
    for p in paths:
        check_output(p)  # a symlink, FIFO or device is never replaced, --force or not
        if p.exists() and not force:
            raise UserError(f"{p} already exists; use --force to overwrite it")
        if p.exists() and p.is_dir():
            raise UserError(f"{p} is a folder, not a file")
        if not p.parent.exists():
            raise UserError(f"folder {p.parent} does not exist (for {p.name})")


@contextlib.contextmanager
def _signals_held():
    """Defer SIGINT/SIGTERM (main thread only) until the renames are done."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _describe(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"cannot write {path}: no space left on device; the previous file is unchanged"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: permission denied"
    return f"cannot write {path}: {exc.strerror or exc}"


def write_files(files: dict[Path, bytes | list[bytes] | Callable[[BinaryIO], object]], force: bool = False) -> None:
    """Write every (path, bytes) atomically as a group (the bytes may come as a list of pieces, or
    as a function that writes them into the open file: a 10 MB provenance is then never held)."""
    check_targets(list(files), force)
    for path in files:
        remove_stale_temps(path)
    temps: dict[Path, str] = {}
    try:
        for path, data in files.items():
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
            except OSError as exc:
                raise UserError(_describe(exc, path)) from None
            temps[path] = tmp
            try:
                with os.fdopen(fd, "wb") as fh:
                    if callable(data):
                        data(fh)
                    elif isinstance(data, list):
                        fh.writelines(data)
                    else:
                        fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644 & ~_umask())
            except OSError as exc:
                raise UserError(_describe(exc, path)) from None
        check_targets(list(files), force)  # someone may have created a target meanwhile
        with _signals_held():
            for path, tmp in list(temps.items()):
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    raise UserError(_describe(exc, path)) from None
                del temps[path]
        for folder in {p.parent for p in files}:
            _fsync_dir(folder)
    finally:
        for tmp in temps.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def remove_stale_temps(path: Path) -> int:
    """Remove temp files left beside `path` by a writer that was killed (SIGKILL cannot be caught):
    `.<name>.<pid>.<random>.tmp` whose process is gone."""
    removed = 0
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return 0
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid_part = name[len(prefix):].split(".", 1)[0]
        if not pid_part.isdigit() or _alive(int(pid_part)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path.parent / name)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
