"""Options and error handling shared by the commands."""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, NoReturn

import typer

from draftbot.errors import INTERRUPTED, UserError
from draftbot.index.store import is_store  # noqa: F401  (re-exported: commands test a --store with it)

StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="Store folder (env DRAFTBOT_STORE; default ./.draftbot).", show_default=False),
]
ChromaUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--chroma-url",
        help="Use a Chroma server, e.g. http://127.0.0.1:8000 (env DRAFTBOT_CHROMA_URL) instead of the embedded store.",
        show_default=False,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No status or progress on stderr (for scripts); "
                                                              "data and errors still print.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]

# After the first Ctrl-C the command unwinds (stores close, locks drop); if worker threads or a
# process pool would keep the interpreter alive longer than this, it exits anyway.
INTERRUPT_GRACE = 1.5
_interrupt = {"pid": None, "seen": False, "reported": False}


def fail(message: str, code: int = 2) -> NoReturn:
    if code == INTERRUPTED:
        if _interrupt["reported"]:
            raise typer.Exit(code)
        _interrupt["reported"] = True
    print(f"draftbot: error: {message}", file=sys.stderr, flush=True)
    raise typer.Exit(code)


def _hard_exit() -> None:
    if not _interrupt["reported"]:
        _interrupt["reported"] = True
        print("draftbot: error: interrupted", file=sys.stderr, flush=True)
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(INTERRUPTED)


def _on_sigint(signum, frame) -> None:
    if os.getpid() != _interrupt["pid"]:
        return  # a forked worker (ingest's pool): the parent decides; the worker dies with it
    if _interrupt["seen"]:
        _hard_exit()  # a second Ctrl-C: now
    _interrupt["seen"] = True
    timer = threading.Timer(INTERRUPT_GRACE, _hard_exit)
    timer.daemon = True
    timer.start()
    raise KeyboardInterrupt


def install_interrupt_handler() -> None:
    """First Ctrl-C: KeyboardInterrupt in the main thread (commands turn it into "interrupted",
    exit 130, after their `with` blocks closed the store), and a watchdog that ends the process
    INTERRUPT_GRACE seconds later whatever still runs (a pool shutting down, an HTTP call in a
    worker thread). Forked workers ignore it, so none dies with a traceback and breaks its pool."""
    if threading.current_thread() is not threading.main_thread():
        return
    _interrupt["pid"] = os.getpid()
    signal.signal(signal.SIGINT, _on_sigint)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into a one-line message and exit status 2."""
    try:
        yield
    except UserError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", INTERRUPTED)
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        fail(f"{exc.strerror or exc}{where}")
    except Exception as exc:  # a damaged store read by Chroma, SQLite or numpy: one line, not a traceback
        from draftbot.index.integrity import store_failure

        message = store_failure(exc)
        if message is None:
            raise
        fail(message)


def write_text(path: Path, text: str) -> Path:
    """Write an output file (its folder created); a failure is one line naming the file."""
    from draftbot.safefiles import check_output

    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path


# ---------------------------------------------------------------- the store folder


def store_folder(settings) -> Path | None:
    """The local store folder, or None when a Chroma server is used."""
    return None if settings.chroma_url else Path(settings.store).expanduser()


def require_store(settings, day: str | None = None) -> None:
    """Read commands use an existing store and never create one: a mistyped --store is one line,
    not a new empty folder."""
    folder = store_folder(settings)
    if folder is not None and not is_store(folder):
        what = f"no sources for {day} yet" if day else "no sources yet"
        raise UserError(f"no store at {folder} ({what}): run `draftbot ingest PATH --store {folder}` "
                        "first, or give the --store that ingest used")


def allow_new_store(settings) -> None:
    """`ingest` writes into an existing store, an empty folder, or a new folder whose parent
    exists; a folder holding other files, or a path through folders that do not exist (a typo),
    is refused before anything is created."""
    folder = store_folder(settings)
    if folder is None or is_store(folder):
        return
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--store {folder}: not a folder")
    if folder.is_dir():
        try:
            others = [p.name for p in folder.iterdir() if p.name != "lock"]
        except OSError as exc:
            raise UserError(f"--store {folder}: cannot be read ({exc.strerror or exc})") from None
        if others:
            raise UserError(f"--store {folder}: not a draftbot store and not empty ({len(others)} other "
                            "file(s)); give the store's folder, an empty folder or a new one")
        return
    if not folder.parent.is_dir():
        raise UserError(f"--store {folder}: its folder {folder.parent} does not exist (a typo?); "
                        "create it first or give an existing store")


# ---------------------------------------------------------------- output paths


def output_target(given: str | None, default_name: str) -> Path | None:
    """`-o` as the user typed it: None (not given), `-` (stdout, kept as Path("-")), a folder
    (a trailing `/`, or an existing folder) holding `default_name`, else the file."""
    if given is None:
        return None
    if given == "-":
        return Path("-")
    if given.endswith(("/", os.sep)) or Path(given).is_dir():
        return Path(given) / default_name
    return Path(given)


def refuse_existing(target: Path, force: bool) -> None:
    """An output file is replaced only with --force (the rule `draft -o` has always had)."""
    if target.is_dir():
        raise UserError(f"{target} is a folder, not a file")
    if target.exists() and not force:
        raise UserError(f"{target} already exists; use --force to overwrite it")
