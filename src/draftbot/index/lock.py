"""Inter-process lock on an embedded store.

Embedded Chroma is not safe for two writers at once, so every process using a store folder takes
`fcntl.flock` on `<store>/lock`: exclusive for writers (ingest), shared for readers. The kernel
drops the lock when a process dies — even on SIGKILL — so a crash never leaves a stale lock.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from draftbot.errors import UserError

try:
    import fcntl
except ImportError:  # Windows: no flock; embedded stores are then single-process by convention
    fcntl = None  # type: ignore[assignment]

DEFAULT_TIMEOUT = 600.0


def lock_timeout() -> float:
    try:
        return float(os.environ.get("DRAFTBOT_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


class StoreLock:
    def __init__(self, store_dir: Path, exclusive: bool, timeout: float | None = None, quiet: bool = False) -> None:
        self.path = store_dir / "lock"
        self.exclusive = exclusive
        self.timeout = lock_timeout() if timeout is None else timeout
        self.quiet = quiet
        self._fd: int | None = None

    def acquire(self) -> None:
        if fcntl is None:
            return
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if not self.quiet:
            print(f"draftbot: waiting for another draftbot process using {self.path.parent}", file=sys.stderr, flush=True)
        deadline = time.monotonic() + self.timeout
        while True:
            time.sleep(0.1)
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.release()
                    raise UserError(
                        f"store {self.path.parent} is busy: another draftbot process has held it for "
                        f"{self.timeout:g}s (set DRAFTBOT_LOCK_TIMEOUT to wait longer)"
                    ) from None

    def release(self) -> None:
        if self._fd is not None:
            try:
                if fcntl is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None
