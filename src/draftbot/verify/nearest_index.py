"""`text.numbers.nearest` over one source's figures without scanning them all: the "did you mean"
suggestion of an unsupported figure, from an index built once per source.

`nearest` ranks a candidate by (other unit, other kind, other digits, log distance) and keeps the
first best one. The index groups a source's figures by each prefix of that rank (unit, kind,
digits) and keeps every group sorted by log value, so a claim finds its best tier by dictionary
look-ups and the closest figure in it by bisection. Date claims and a claim of value 0 take the
plain scan: their candidates are few, or the distance is not a logarithm.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict

from draftbot.text.numbers import NumberMention, _sig
from draftbot.text.units import DATE_KINDS, unit_class

# (unit, kind, digits) as the tier keys of `nearest`'s rank, best first
_TIERS = (("u", "k", "s"), ("u", "k"), ("u", "s"), ("u",), ("k", "s"), ("k",), ("s",), ())


class NearestIndex:
    def __init__(self, mentions: list[NumberMention]) -> None:
        self.mentions = mentions
        self.groups: dict[tuple, list[tuple[float, int, float]]] = defaultdict(list)
        self.zeros: dict[tuple, list[int]] = defaultdict(list)
        self.dates = any(m.kind in DATE_KINDS for m in mentions)
        for i, m in enumerate(mentions):
            u, v = unit_class(m)
            fields = {"u": u, "k": m.kind, "s": _sig(v)}
            for tier in _TIERS:
                key = (tier, tuple(fields[f] for f in tier))
                if v:
                    self.groups[key].append((math.log10(abs(v)), i, abs(v)))
                else:
                    self.zeros[key].append(i)
        for g in self.groups.values():
            g.sort()

    def best(self, claim: NumberMention) -> tuple[tuple, NumberMention] | None:
        """(rank, mention) of the candidate `nearest` would pick among this source's figures."""
        if not self.mentions:
            return None
        u, v = unit_class(claim)
        if claim.kind in DATE_KINDS or not v or (self.dates and u in ("date", "month", "year")):
            return self._scan(claim)
        fields = {"u": u, "k": claim.kind, "s": _sig(v)}
        lv = math.log10(abs(v))
        for tier in _TIERS:
            key = (tier, tuple(fields[f] for f in tier))
            group, zeros = self.groups.get(key), self.zeros.get(key)
            if not group and not zeros:
                continue
            rank = tuple(0 if f in tier else 1 for f in ("u", "k", "s"))
            if not group:
                return (*rank, 99.0), self.mentions[zeros[0]]
            dist, pos = _closest(group, lv, abs(v))
            return (*rank, dist), self.mentions[pos]
        return None

    def _scan(self, claim: NumberMention) -> tuple[tuple, NumberMention] | None:
        best = min(((_rank(claim, c), i) for i, c in enumerate(self.mentions)), default=None)
        return (best[0], self.mentions[best[1]]) if best else None


def _rank(claim: NumberMention, c: NumberMention) -> tuple:
    """`text.numbers.nearest`'s score of candidate `c`."""
    cu, cv = unit_class(claim)
    su, sv = unit_class(c)
    same_unit = su == cu or (claim.kind in DATE_KINDS and c.kind in DATE_KINDS)
    a, b = abs(cv), abs(sv)
    dist = abs(math.log10(a / b)) if a > 0 and b > 0 else (0.0 if a == b else 99.0)
    return (0 if same_unit else 1, 0 if c.kind == claim.kind else 1, 0 if _sig(sv) == _sig(cv) else 1, dist)


def _closest(group: list[tuple[float, int, float]], lv: float, a: float) -> tuple[float, int]:
    """(distance, position) of the value nearest `a` (log `lv`) in a group sorted by (log value,
    position); ties go to the first position, as `min` over the source's order would pick. The
    distance is computed as `nearest` computes it, so ties tie exactly."""
    i = bisect_left(group, (lv, -1))
    options = []
    if i < len(group):  # the first of its run of equal values: the smallest position among them
        options.append((abs(math.log10(a / group[i][2])), group[i][1]))
    if i > 0:
        start = bisect_left(group, (group[i - 1][0], -1))
        options.append((abs(math.log10(a / group[start][2])), group[start][1]))
    return min(options)
