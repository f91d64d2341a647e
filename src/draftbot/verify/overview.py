"""摘要 and 今日判断 are checked against the sections they summarise (docs/VERIFIER.md).

They restate the day's sections and add no fact of their own: a figure in them must stand in a
section of the same briefing (a mention there that `supports` it), whatever they cite; a statement
without a figure should share wording with some section sentence (else a `weak_support` note: a
judgement may be worded freshly, so it is not a finding).
"""

from __future__ import annotations

import re

from draftbot.briefing.brief import Brief, SummarySpec, SynthesisSpec
from draftbot.briefing.markdown import ParsedDraft
from draftbot.briefing.marks import EDITOR_NOTE
from draftbot.models import Finding
from draftbot.text.numbers import NumberMention, extract_numbers, supports
from draftbot.text.units import DATE_KINDS
from draftbot.verify.library import bigrams, overlap
from draftbot.verify.numeric import mask

# a figure-free overview clause shares at least this share of its character bigrams with some
# section sentence (synthesis clauses score 0.12–0.28 on their sources; on the sections they
# summarise the seed's score ≥ 0.2)
SECTION_OVERLAP = 0.15


def overview_headings(brief: Brief | None) -> tuple[str, str]:
    """The headings of the parts that summarise the sections, as the brief names them (摘要 and
    今日判断 in the shipped brief; 内容提要 or 综合研判 in another)."""
    if brief is None:  # the shipped brief's names (its specs' defaults)
        return (SummarySpec().heading, SynthesisSpec().heading)
    return (brief.summary.heading, brief.synthesis.heading)


# an editor may number the part like a section (二、今日判断)
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．)）]\s*")


def _bare(heading: str) -> str:
    return _NUMBERING.sub("", heading).strip()


def check_overview(draft: ParsedDraft, read: dict[int, list[NumberMention]] | None = None,
                   headings: tuple[str, ...] | None = None) -> tuple[list[Finding], list[Finding]]:
    """(findings, notes) for the sentences under the overview `headings` (default: the shipped
    brief's 摘要 and 今日判断; each finding with line and section). `read` holds the mentions
    already extracted per sentence (by id), so nothing is read twice."""
    read = read if read is not None else {}
    names = {_bare(h) for h in (headings or overview_headings(None))}
    is_overview = lambda section: _bare(section or "") in names  # noqa: E731

    def numbers(s) -> list[NumberMention]:
        if id(s) not in read:
            read[id(s)] = extract_numbers(mask(s.text))
        return read[id(s)]

    over = [s for s in draft.sentences if is_overview(s.section) and not s.pending and s.text.strip() != EDITOR_NOTE]
    if not over:
        return [], []
    body = [s for s in draft.sentences if s.section in draft.sections and not is_overview(s.section)]
    if not body:
        return [], []
    pool: list[NumberMention] = [m for s in body for m in numbers(s)]
    grams: list[frozenset[str]] | None = None
    findings: list[Finding] = []
    notes: list[Finding] = []
    for s in over:
        masked = mask(s.text)
        figures = [m for m in numbers(s) if m.kind not in DATE_KINDS]
        for m in figures:
            if not any(supports(m, x) for x in pool):
                findings.append(Finding(kind="overview_number", sentence=s.text, number=m.text, line=s.line,
                                        section=s.section,
                                        detail=f"{m.text} is in no section of the briefing: {s.section} restates "
                                               f"the sections and adds no figure of its own"))
        if not figures and len(bigrams(masked)) >= 8:
            grams = grams if grams is not None else [bigrams(mask(x.text)) for x in body]
            mine = bigrams(masked)
            best = max((overlap(mine, g) for g in grams), default=0.0)
            if best < SECTION_OVERLAP:
                notes.append(Finding(kind="weak_support", sentence=s.text, line=s.line, section=s.section,
                                     detail=f"shares little wording with any section (overlap {best:.2f} < "
                                            f"{SECTION_OVERLAP}): {s.section} should restate what the sections say"))
    return findings, notes
