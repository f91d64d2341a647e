"""Progress as a callback: `progress(stage, done, total)`, called as a stage starts (done 0) and as
each of its steps ends. The caller decides how to show it (`commands/draft.py`: a rich bar on a
terminal); the stages only count."""

from __future__ import annotations

import threading
from typing import Callable

Progress = Callable[[str, int, int], None]


def stage(progress: Progress | None, label: str, total: int) -> Callable[[], None]:
    """Announce a stage and return its step function (thread-safe: sections finish concurrently)."""
    lock = threading.Lock()
    done = 0
    if progress is not None:
        progress(label, 0, total)

    def step() -> None:
        nonlocal done
        with lock:
            done += 1
            if progress is not None:
                progress(label, done, total)

    return step
