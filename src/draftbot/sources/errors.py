"""The one exception a loader lets out: a short human reason why a file is not a usable source."""

from __future__ import annotations


class SourceError(Exception):
    """`str(e)` is the reason alone (no path); callers pair it with the path they were loading."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason
