"""A writer's lease on a Chroma server store: two `ingest` runs never write at the same time.

Embedded stores use a file lock (lock.py); a server has no shared file system, so the lock is a
record in the server itself, in its own collection ``draftbot_lease`` (so it never counts as a
source or a chunk). Leases are numbered records ``lease-<n>``; the current one is the highest
number. Chroma's `add` keeps the first record written under an id and ignores later ones, so
adding ``lease-<n+1>`` and reading it back is a compare-and-set: of two writers racing for the
same number exactly one reads back its own owner tag. A lease holds for `LEASE_SECONDS` and is
renewed before each write; a released or expired lease is taken over by adding the next number.
A writer that finds it no longer holds the lease (it stalled past expiry and another took over)
stops with one line instead of writing.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import uuid

from draftbot.errors import UserError
from draftbot.index.lock import lock_timeout

LEASES = "draftbot_lease"
LEASE_SECONDS = float(os.environ.get("DRAFTBOT_LEASE_SECONDS", "120"))
POLL_SECONDS = 0.5


def _num(lease_id: str) -> int:
    try:
        return int(lease_id.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return -1


class Lease:
    def __init__(self, where: str, timeout: float | None = None, quiet: bool = False) -> None:
        self.where = where
        self.timeout = lock_timeout() if timeout is None else timeout
        self.quiet = quiet
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.held: str | None = None
        self.expires = 0.0

    def _col(self, client):
        from draftbot.index.embeddings import HashEmbedding

        return client.get_or_create_collection(LEASES, embedding_function=HashEmbedding(dim=8))

    def _current(self, col) -> tuple[str | None, dict]:
        got = col.get(include=["metadatas"])
        if not got["ids"]:
            return None, {}
        i = max(range(len(got["ids"])), key=lambda j: _num(got["ids"][j]))
        return got["ids"][i], got["metadatas"][i] or {}

    def acquire(self, client) -> None:
        col = self._col(client)
        deadline = time.monotonic() + self.timeout
        said = False
        while True:
            cur, meta = self._current(col)
            free = cur is None or meta.get("released") or float(meta.get("expires", 0)) < time.time()
            if free:
                nxt = f"lease-{_num(cur) + 1 if cur else 0:012d}"
                exp = time.time() + LEASE_SECONDS
                col.add(ids=[nxt], embeddings=[[1.0] * 8], metadatas=[{"owner": self.owner, "expires": exp, "released": False}])
                got = col.get(ids=[nxt], include=["metadatas"])
                if got["ids"] and (got["metadatas"][0] or {}).get("owner") == self.owner:
                    self.held, self.expires = nxt, exp
                    self._tidy(col, nxt)
                    return
                continue  # another writer took this number first: look again
            if not said and not self.quiet:
                print(f"draftbot: waiting for another ingest writing to {self.where} ({meta.get('owner', '?')})",
                      file=sys.stderr, flush=True)
                said = True
            if time.monotonic() >= deadline:
                raise UserError(
                    f"store {self.where} is busy: another ingest ({meta.get('owner', '?')}) has held it for "
                    f"{self.timeout:g}s (set DRAFTBOT_LOCK_TIMEOUT to wait longer)"
                )
            time.sleep(POLL_SECONDS)

    def check(self, client) -> None:
        """Before a write: still ours? Renew it when half its time is gone."""
        if self.held is None:
            return
        col = self._col(client)
        cur, meta = self._current(col)
        if cur != self.held or meta.get("owner") != self.owner:
            self.held = None
            raise UserError(f"store {self.where}: this ingest lost its writer lease (it stalled for over "
                            f"{LEASE_SECONDS:g}s); run ingest again")
        if self.expires - time.time() < LEASE_SECONDS / 2:
            self.expires = time.time() + LEASE_SECONDS
            col.update(ids=[self.held], metadatas=[{"owner": self.owner, "expires": self.expires, "released": False}])

    def release(self, client) -> None:
        if self.held is None:
            return
        try:
            col = self._col(client)
            cur, meta = self._current(col)
            if cur == self.held and meta.get("owner") == self.owner:
                col.update(ids=[self.held], metadatas=[{"owner": self.owner, "expires": self.expires, "released": True}])
        except Exception:  # noqa: BLE001 - the server may be gone; the lease then simply expires
            pass
        self.held = None

    @staticmethod
    def _tidy(col, keep: str) -> None:
        old = [i for i in col.get(include=[])["ids"] if _num(i) < _num(keep) - 4]
        if old:
            col.delete(ids=old)
