"""The figure the evidence states for a clause's own subject: what a repair request offers
instead of a figure picked for its value alone.

A narrow adapter over today's verify API (claims' frames and subject score). When the verifier
gains its own subject-first suggestion (issue 22), `subject_figure` becomes one call to it.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

from draftbot.models import Evidence

# the subject must be the clause's own (the verifier's bar for "another source states it for the
# draft's subject"), and no close second with another value may compete
SUBJECT_MIN = 0.8
MARGIN = 0.15
_TIME_FIELDS = ("basis", "period", "year", "ref")


class SubjectFigure(NamedTuple):
    n: int  # the evidence number that states it
    figure: str  # the figure as the source writes it
    quote: str  # the source's own words for it


def subject_figure(sentence: str, number: str, evidence: Mapping[int, Evidence], lib) -> SubjectFigure | None:
    """The evidence's figure for the subject the clause gives `number` (same kind of quantity,
    same period and basis), or None when no evidence item states one, or two state different ones."""
    from draftbot.text.frames import subject_score
    from draftbot.text.numbers import extract_numbers
    from draftbot.text.units import DATE_KINDS
    from draftbot.verify.claims import _comparable, conflicts, draft_frame
    from draftbot.verify.numeric import mask

    masked = mask(sentence)
    mentions = extract_numbers(masked)
    m = next((x for x in mentions if x.text == number), None)
    if m is None or m.kind in DATE_KINDS:
        return None
    fd = draft_frame(masked, m, mentions)
    if len(fd.subject) < 2:
        return None  # a clause that names no indicator has no subject to look up
    scored: list[tuple[float, int, object]] = []
    seen: set[str] = set()
    for n in sorted(evidence):
        sid = evidence[n].hit.source_id
        entry = lib.get(sid) if sid not in seen else None
        seen.add(sid)
        for f in (entry.facts if entry else []):
            if f.mention.kind in DATE_KINDS or not _comparable(m, f.mention):
                continue
            if any(c[2] in _TIME_FIELDS for c in conflicts(m, fd, f.frame)):
                continue  # another month, 环比 for 同比: not this clause's figure
            score = subject_score(fd.subject, f.frame.subject)
            if score >= SUBJECT_MIN:
                scored.append((score, n, f))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1]))
    best, n, f = scored[0]
    rivals = [g for s, _, g in scored[1:] if s >= best - MARGIN and g.mention.value != f.mention.value]
    if rivals:
        return None  # two figures for one subject: the model must read the evidence, not take a guess
    return SubjectFigure(n=n, figure=f.mention.text, quote=f.quote)
