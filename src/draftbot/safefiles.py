"""Opening user-named paths without hanging on special files or wandering outside a folder.

- A FIFO, socket or device is never read: `open()` on a FIFO with no writer blocks forever, and a
  device can be endless. `check_regular` names the kind in one line; `open_regular` opens with
  O_NONBLOCK and checks the opened descriptor, so a path swapped for a FIFO between the check and
  the open still cannot hang.
- A symlink inside an ingested folder that leads outside it is skipped (a link to ~/.ssh/… must
  not become searchable) unless the user asked for `--follow-symlinks`; the command sets that
  for the duration of its run with `following_symlinks()`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Iterator

from draftbot.display import display_name
from draftbot.errors import UserError

_FOLLOW_SYMLINKS: ContextVar[bool] = ContextVar("draftbot_follow_symlinks", default=False)


def special_kind(mode: int) -> str | None:
    """'a FIFO (named pipe)', 'a socket', … for a special file's st_mode; None for files and folders."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def special_reason(mode: int) -> str:
    return f"{special_kind(mode) or 'a special file'}, not a regular file"


def check_regular(path: os.PathLike | str, label: str | None = None) -> os.stat_result | None:
    """Raise UserError when `path` is a FIFO, socket or device; the stat (or None if missing) otherwise.

    Folders pass: each command has its own message for them.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None  # missing or unreadable: the caller's own open reports it
    if special_kind(st.st_mode) is not None:
        raise UserError(f"{label or display_name(path)}: {special_reason(st.st_mode)}")
    return st


def open_regular(path: os.PathLike | str, mode: str = "rb", label: str | None = None, **kwargs) -> IO:
    """open(path, mode) for reading, refusing anything but a regular file without ever blocking."""
    if any(c in mode for c in "wax+"):
        raise ValueError("open_regular is for reading")
    name = label or display_name(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise FileNotFoundError(exc.errno, exc.strerror, os.fspath(path)) from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", os.fspath(path))
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{name}: {special_reason(st.st_mode)}")
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def read_regular_bytes(path: os.PathLike | str, label: str | None = None) -> bytes:
    with open_regular(path, "rb", label=label) as fh:
        return fh.read()


@contextlib.contextmanager
def following_symlinks(follow: bool) -> Iterator[None]:
    """Within the block, symlinks that leave an ingested folder are followed (`--follow-symlinks`)."""
    token = _FOLLOW_SYMLINKS.set(bool(follow))
    try:
        yield
    finally:
        _FOLLOW_SYMLINKS.reset(token)


def following() -> bool:
    """Whether --follow-symlinks is on (symlinks leading outside the folder given are read)."""
    return _FOLLOW_SYMLINKS.get()


def link_leaves(path: os.PathLike | str, root: os.PathLike | str) -> str | None:
    """The reason to skip `path` when it is a symlink whose target lies outside `root`, else None.

    Only the entry itself is inspected (one lstat): the folder walk applies this to every folder
    link too, so no folder outside `root` is ever entered.
    """
    if _FOLLOW_SYMLINKS.get() or not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    base = os.path.realpath(root)
    if target == base or target.startswith(base.rstrip(os.sep) + os.sep):
        return None
    what = "folder" if os.path.isdir(target) else "file"
    return (f"symlink to a {what} outside {display_name(Path(root))} ({display_name(target)}): "
            "skipped; use --follow-symlinks to read it")


def check_output(path: os.PathLike | str, label: str | None = None) -> None:
    """Refuse to write an output over anything but a regular file, even with --force: replacing a
    symlink, a FIFO or a device node with a file destroys what the name stood for (as root, a
    system device). A missing path passes; a folder is the caller's own message."""
    try:
        st = os.lstat(path)
    except OSError:
        return
    name = label or display_name(path)
    if stat.S_ISLNK(st.st_mode):
        raise UserError(f"{name}: a symlink; outputs are only written as regular files (give another path)")
    if special_kind(st.st_mode) is not None:
        raise UserError(f"{name}: {special_kind(st.st_mode)}; outputs are only written as regular files (give another path)")


def provenance_names(draft: os.PathLike | str) -> list[Path]:
    """The files a draft's provenance may live in (FILE.json, FILE.<ext>.json): never outputs of
    another command."""
    p = Path(draft)
    return [p.with_name(p.name + ".json"), p.with_suffix(".json")]
