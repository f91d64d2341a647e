"""A section's own sources are all citable: trimming its evidence to the token budget keeps each
source's best passage, then fills in order (outsider day 2027-02-03: a software report assigned
to a section, ranked last, lost its only passage to two releases' longer ones and was "unused")."""

from __future__ import annotations

import datetime as dt

from draftbot.draft.evidence import trim_to_tokens
from draftbot.models import Hit


def _hit(sid: str, n: int, chars: int) -> Hit:
    text = "软件业务收入增长。" * (chars // 9)
    return Hit(chunk_id=f"{sid}:{n}", source_id=sid, title=sid, publisher="p", date=dt.date(2027, 2, 3),
               path=f"{sid}.md", score=1.0, text=text, start=0, end=len(text))


def test_each_source_keeps_its_first_passage_within_the_budget():
    hits = [_hit("a", 0, 900), _hit("b", 0, 900), _hit("a", 1, 900), _hit("b", 1, 900), _hit("c", 0, 900)]
    budget = trim_to_tokens(hits[:3], 10**6)[1]  # what three passages cost
    kept, used = trim_to_tokens(hits, budget, each_source=True)
    assert [h.chunk_id for h in kept] == ["a:0", "b:0", "c:0"] and used <= budget
    kept, _ = trim_to_tokens(hits, budget + budget // 3, each_source=True)  # room for one more: in order
    assert [h.chunk_id for h in kept] == ["a:0", "b:0", "a:1", "c:0"]
    plain, _ = trim_to_tokens(hits, budget)  # a search's evidence: in order while it fits
    assert [h.chunk_id for h in plain] == ["a:0", "b:0", "a:1"]
