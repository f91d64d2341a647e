"""Options and error handling shared by the commands."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, NoReturn

import typer

from draftbot.errors import UserError

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
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output (for scripts).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def fail(message: str, code: int = 2) -> NoReturn:
    print(f"draftbot: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into a one-line message and exit status 2."""
    try:
        yield
    except UserError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        fail(f"{exc.strerror or exc}{where}")
