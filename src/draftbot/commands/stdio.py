"""`-` as a file name: stdout for an output (`-o -`), stdin for an input (`check -`)."""

from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from draftbot.errors import UserError

DASH = Path("-")
_ZIP = b"PK\x03\x04"  # a DOCX is a ZIP file


def is_dash(path: Path | None) -> bool:
    return path is not None and str(path) == "-"


@contextmanager
def stdin_draft(drafts: list[Path]) -> Iterator[tuple[list[Path], Callable[[Path], Path]]]:
    """`drafts` with a `-` replaced by a temporary copy of stdin (a DOCX when it is a ZIP, else
    Markdown text), and `shown(path)`: the name to print for a draft (`-` for stdin)."""
    if not any(is_dash(d) for d in drafts):
        yield drafts, lambda d: d
        return
    if sum(1 for d in drafts if is_dash(d)) > 1:
        raise UserError("- (stdin) can be given only once")
    if sys.stdin is None or sys.stdin.isatty():
        raise UserError("- reads the draft from stdin, but stdin is a terminal: pipe a draft in (`cat a.md | draftbot check -`)")
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="draftbot-stdin-") as tmp:
        copy = Path(tmp) / ("stdin.docx" if data.startswith(_ZIP) else "stdin.md")
        copy.write_bytes(data)
        yield [copy if is_dash(d) else d for d in drafts], lambda d: DASH if d == copy else d


@contextmanager
def to_stdout(target: Path | None, fmt: str | None) -> Iterator[tuple[Path | None, bool]]:
    """(the file to write, whether it goes to stdout): for `-o -`, a temporary file whose bytes
    the caller copies to stdout (a DOCX only when stdout is not a terminal)."""
    if not is_dash(target):
        yield target, False
        return
    if fmt == "docx" and sys.stdout.isatty():
        raise UserError("-o - --format docx: stdout is a terminal; redirect it to a file or a pipe")
    with tempfile.TemporaryDirectory(prefix="draftbot-stdout-") as tmp:
        yield Path(tmp) / ("briefing.docx" if fmt == "docx" else "briefing.md"), True
