"""A rich progress bar on stderr for the drafting stages' `progress(stage, done, total)` callback."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from draftbot.draft.progress import Progress


@contextlib.contextmanager
def stage_bar(quiet: bool) -> Iterator[Progress | None]:
    """A callback drawing one transient bar (None with --quiet or when stderr is not a terminal)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    with Bar(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
             TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("drafting", total=1)

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, total=total, completed=done)

        yield update
