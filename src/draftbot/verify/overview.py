"""摘要 and 今日判断 are checked against the sections they summarise (docs/VERIFIER.md).

They restate the day's sections and add no fact of their own: a figure in them must stand in a
section of the same briefing (a mention there that `supports` it), whatever they cite; a statement
without a figure should share wording with some section sentence (else a `weak_support` note: a
judgement may be worded freshly, so it is not a finding).
"""

from __future__ import annotations

from draftbot.briefing.markdown import ParsedDraft
from draftbot.models import Finding
from draftbot.text.numbers import NumberMention, extract_numbers, supports
from draftbot.text.units import DATE_KINDS
from draftbot.verify.library import bigrams, overlap
from draftbot.verify.numeric import mask

# a figure-free overview clause shares at least this share of its character bigrams with some
# section sentence (synthesis clauses score 0.12–0.28 on their sources; on the sections they
# summarise the seed's score ≥ 0.2)
SECTION_OVERLAP = 0.15


# headings of the parts that summarise the sections (the default brief's 摘要 and 今日判断, and the
# names other briefs give them)
OVERVIEW_HEADINGS = ("摘要", "今日判断", "内容提要", "综合研判", "综合判断", "总体判断")


def is_overview(section: str) -> bool:
    return any(h in section for h in OVERVIEW_HEADINGS)


def check_overview(draft: ParsedDraft) -> tuple[list[Finding], list[Finding]]:
    """(findings, notes) for the 摘要 and 今日判断 sentences of `draft` (each with line and section)."""
    body = [s for s in draft.sentences if s.section in draft.sections and not is_overview(s.section)]
    if not body:
        return [], []
    pool: list[NumberMention] = [m for s in body for m in extract_numbers(mask(s.text))]
    grams = [bigrams(mask(s.text)) for s in body]
    findings: list[Finding] = []
    notes: list[Finding] = []
    for s in draft.sentences:
        if not is_overview(s.section) or s.pending:
            continue
        masked = mask(s.text)
        figures = [m for m in extract_numbers(masked) if m.kind not in DATE_KINDS]
        for m in figures:
            if not any(supports(m, x) for x in pool):
                findings.append(Finding(kind="unsupported_number", sentence=s.text, number=m.text, line=s.line,
                                        section=s.section,
                                        detail=f"{m.text} is in no section of the briefing: {s.section} restates "
                                               f"the sections and adds no figure of its own"))
        if not figures and len(bigrams(masked)) >= 8:
            best = max((overlap(bigrams(masked), g) for g in grams), default=0.0)
            if best < SECTION_OVERLAP:
                notes.append(Finding(kind="weak_support", sentence=s.text, line=s.line, section=s.section,
                                     detail=f"shares little wording with any section (overlap {best:.2f} < "
                                            f"{SECTION_OVERLAP}): {s.section} should restate what the sections say"))
    return findings, notes
