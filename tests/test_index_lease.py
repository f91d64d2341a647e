"""The writer lease on a Chroma server store (index/lease.py), against a real `chroma run`."""

from __future__ import annotations

import time

import pytest

from chroma_server import chroma_server  # noqa: F401 - fixture

from draftbot.errors import UserError
from draftbot.index import lease as lease_mod
from draftbot.index.lease import Lease


def _client(server):
    import chromadb

    return chromadb.HttpClient(host="127.0.0.1", port=server.port)


def test_second_writer_waits_then_gets_the_lease(chroma_server):  # noqa: F811
    chroma_server.reset()
    c = _client(chroma_server)
    a, b = Lease("srv", timeout=5, quiet=True), Lease("srv", timeout=0.6, quiet=True)
    a.acquire(c)
    with pytest.raises(UserError, match=r"store srv is busy: another ingest .* has held it for 0.6s"):
        b.acquire(c)
    a.check(c)  # still ours
    first = a.held
    a.release(c)
    b.acquire(c)
    assert b.held and b.held > first  # the next lease number
    with pytest.raises(UserError, match="lost its writer lease"):
        a.held = b.held  # A pretends it still holds: the record's owner says otherwise
        a.check(c)
    b.release(c)


def test_expired_lease_is_taken_over_and_the_stalled_writer_stops(chroma_server, monkeypatch):  # noqa: F811
    chroma_server.reset()
    c = _client(chroma_server)
    monkeypatch.setattr(lease_mod, "LEASE_SECONDS", 0.5)
    a, b = Lease("srv", timeout=5, quiet=True), Lease("srv", timeout=5, quiet=True)
    a.acquire(c)
    time.sleep(0.7)  # A stalls past its expiry
    b.acquire(c)
    with pytest.raises(UserError, match="lost its writer lease"):
        a.check(c)
    b.release(c)


def test_racing_writers_for_one_lease_number_get_exactly_one_owner(chroma_server):  # noqa: F811
    """`add` keeps the first record under an id: of many writers adding the same lease number,
    exactly one reads back its own owner."""
    import threading

    chroma_server.reset()
    leases = [Lease("srv", timeout=0.3, quiet=True) for _ in range(6)]
    won: list[Lease] = []
    errors: list[Exception] = []

    def go(ls):
        try:
            ls.acquire(_client(chroma_server))
            won.append(ls)
        except UserError as exc:
            errors.append(exc)

    ts = [threading.Thread(target=go, args=(ls,)) for ls in leases]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(won) == 1 and len(errors) == 5
