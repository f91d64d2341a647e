"""Sources of one draft that give different figures for the same thing: a note for the editor.

A statistics bureau and a newspaper quoting a ministry may both report "first-half industrial robot
output" and disagree (12.4万套 / 12.6万套). A draft may carry both, each cited to its own source,
and pass every check; the editor still needs to know that the sources differ, and say which one the
briefing follows. Not a finding (nothing in the draft is wrong), a `differing_sources` note.

Two facts differ when their sources were published within MAX_DAYS of each other (one news
cycle: releases of other periods restate a series, they do not dispute it) and name the same period
in their titles where both do (6月上旬 / 6月下旬 are two releases), the facts are of the same kind
and unit, name the same indicator (subject fit ≥ SUBJECT_MIN both ways), for the same region (the
provinces the titles and sentences name: a national release and a provincial one are not the same
figure), the same period, year, basis and direction where both state one, and neither value
supports the other, while being within NEAR_RATIO of it; a year stated by one must be the
other's too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from draftbot.text.frames import subject_score
from draftbot.text.units import DATE_KINDS, unit_class
from draftbot.text.regions import regions
from draftbot.verify.library import verifies

SUBJECT_MIN = 0.9
MAX_DAYS = 2
# two reports of one figure disagree by a few percent, not by half: past this ratio the facts
# measure different things that happen to share words
NEAR_RATIO = 1.5
_TITLE_PERIOD = re.compile(r"\d{1,2}月(?:份)?(?:[上中下]旬)?|[一二三四1-4]季度|[上下]半年|前\d{1,2}个?月|\d{1,2}\s*[—–-]\s*\d{1,2}月|全年")
MIN_SUBJECT_CHARS = 4  # "产量" alone names no indicator

def _agree(a, b) -> bool:
    return a is None or b is None or a == b or a in ("", 0) or b in ("", 0)


@lru_cache(maxsize=4096)  # asked for each pair of a draft's sources, once per figure
def _title_periods(title: str) -> frozenset[str]:
    return frozenset(re.sub(r"\s|份", "", p).replace("–", "—").replace("-", "—") for p in _TITLE_PERIOD.findall(title))


def comparable_sources(a, b) -> bool:
    """Published within MAX_DAYS of each other, and about the same period where both titles say."""
    if a.date is None or b.date is None or abs((a.date - b.date).days) > MAX_DAYS:
        return False
    pa, pb = _title_periods(a.title), _title_periods(b.title)
    return not (pa and pb and pa != pb)


def _near(m1, m2) -> bool:
    return 1 / NEAR_RATIO <= abs(m1.value or 0) / abs(m2.value or 1e-300) <= NEAR_RATIO


def _same_figure(m1, m2) -> bool:
    """What `differ` asks of the two mentions alone: the same kind, unit and unit class, a
    value within NEAR_RATIO that neither verifies (no frame needed, so the other source frames
    only these)."""
    return m1.kind == m2.kind and m1.unit == m2.unit and unit_class(m1)[0] == unit_class(m2)[0] \
        and _near(m1, m2) and not verifies(m1, m2) and not verifies(m2, m1)


# `facts_near`'s window for the other source's candidates: wider than NEAR_RATIO either way
# (its values are the unit class's, a fixed multiple of the figure's)
_WINDOW = NEAR_RATIO - 0.9


def differ(f1, r1: frozenset, f2, r2: frozenset) -> bool:
    """Do facts `f1` (of a source naming regions `r1`) and `f2` state different values for the
    same thing (see module docstring)?"""
    m1, m2 = f1.mention, f2.mention
    if m1.kind != m2.kind or m1.kind in DATE_KINDS or m1.kind == "range":
        return False
    if not m1.unit or m1.unit != m2.unit or unit_class(m1)[0] != unit_class(m2)[0] or r1 != r2:
        return False
    a, b = f1.frame, f2.frame
    if a.respectively or b.respectively or min(len(a.subject), len(b.subject)) < MIN_SUBJECT_CHARS:
        return False
    if subject_score(a.subject, b.subject) < SUBJECT_MIN or subject_score(b.subject, a.subject) < SUBJECT_MIN:
        return False
    if _negated(a) != _negated(b):
        return False  # 新订单指数 under 二、非制造业… is not a 新订单指数 said of no 非制造业
    if a.year != b.year or not _near(m1, m2):
        return False
    if not all(_agree(x, y) for x, y in ((a.period, b.period), (a.basis, b.basis),
                                         (a.direction, b.direction), (a.sense, b.sense))):
        return False
    return not verifies(m1, m2) and not verifies(m2, m1)


def _negated(frame) -> frozenset[str]:
    """The 非 terms (非制造业, 非食品) a fact's heading, sentence or subject qualifies it by."""
    return frozenset(_NON.findall(frame.scope + frame.context + frame.subject))


_NON = re.compile(r"非[\u4e00-\u9fff]{2}")


@lru_cache(maxsize=4096)
def _title_regions(title: str) -> frozenset[str]:
    return regions(title)


def _scope(entry, fact) -> frozenset[str]:
    return regions(entry.title, fact.frame.context)


def differing_facts(sid: str, mention_text: str, others: list[str], lib) -> list[tuple[str, object, object]]:
    """(other source id, its fact, the supporting fact) for each source among `others` that gives a
    different figure for what the supporting fact `mention_text` of `sid` states."""
    e = lib.get(sid)
    if e is None:
        return []
    own = e.fact_by_text(mention_text)
    m1 = own.mention if own is not None else None
    if m1 is None or m1.kind in DATE_KINDS or m1.kind == "range" or not m1.unit \
            or own.frame.respectively or len(own.frame.subject) < MIN_SUBJECT_CHARS:
        return []  # `differ` accepts no pair for these
    mine = _scope(e, own)
    out = []
    for osid in others:
        o = lib.get(osid)
        if o is None or osid == sid or not comparable_sources(e.record, o.record):
            continue
        if not _title_regions(o.title) <= mine:
            continue  # each of its facts names a region the supporting one does not: `differ` says no
        # a title restates, a qualified figure (超两成) bounds: an exact body figure is the one to show
        # `facts_for`'s candidates narrowed to those `differ` can accept (same order, so the same first hit)
        body_first = sorted(o.facts_near_where(m1, lambda m: _same_figure(m1, m), _WINDOW),
                            key=lambda f: (f.sentence == 0, f.mention.qualifier != "exact"))
        hit = next((f for f in body_first if differ(own, mine, f, _scope(o, f))), None)
        if hit is not None:
            out.append((osid, hit, own))
    return out
