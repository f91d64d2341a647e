"""The figure the evidence states for a clause's own subject: what a repair request offers
instead of a figure picked for its value alone.

The lookup is the verifier's own (`verify.claims.subject_figure`, the same one `check` uses for
its suggestions); this module only maps the clause's figure to it and the answer back to an
evidence number.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

from draftbot.models import Evidence
from draftbot.text.numbers import extract_numbers
from draftbot.text.units import DATE_KINDS
from draftbot.verify.claims import draft_frame
from draftbot.verify.claims import subject_figure as verified_subject_figure
from draftbot.verify.numeric import mask


class SubjectFigure(NamedTuple):
    n: int  # the evidence number that states it
    figure: str  # the figure as the source writes it
    quote: str  # the source's own words for it


def subject_figure(sentence: str, number: str, evidence: Mapping[int, Evidence], lib) -> SubjectFigure | None:
    """The evidence's figure for the subject the clause gives `number` (same kind of quantity,
    same period and basis), or None when no evidence item states one."""
    masked = mask(sentence)
    mentions = extract_numbers(masked)
    m = next((x for x in mentions if x.text == number), None)
    if m is None or m.kind in DATE_KINDS:
        return None
    fd = draft_frame(masked, m, mentions)
    first_n: dict[str, int] = {}
    for n in sorted(evidence):
        first_n.setdefault(evidence[n].hit.source_id, n)
    hit = verified_subject_figure(m, fd, list(first_n), lib)
    if hit is None:
        return None
    sid, fact = hit
    return SubjectFigure(n=first_n[sid], figure=fact.mention.text, quote=fact.quote)
