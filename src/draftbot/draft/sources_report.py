"""Which of the day's sources the draft used, and which it left out and why: one line each, for
stderr (`draft`) and the provenance. Every source the outline assigns is either cited or reported
here as unused; an English source quoted with attribution (no Chinese summary) is reported as
untranslated."""

from __future__ import annotations

import re

from draftbot.backends.base import SectionTask
from draftbot.briefing.document import Draft
from draftbot.models import SourceRecord
from draftbot.outline import Outline

_QUOTED_ENGLISH = re.compile(r"报道称：“[^”]*[A-Za-z]{3,}")


def cited_by_section(draft: Draft) -> dict[str, set[str]]:
    """Section id -> the source ids its clauses cite (topical sections only)."""
    return {s.id: {span.source_id for c in s.clauses() for span in c.cites} for s in draft.sections}


def untranslated(draft: Draft) -> set[str]:
    """Sources quoted in English (with attribution) because they carry no Chinese summary."""
    out = set()
    for s in draft.all_sections():
        for c in s.clauses():
            if _QUOTED_ENGLISH.search(c.text):
                out |= {span.source_id for span in c.cites}
    return out


def source_report(outline: Outline, draft: Draft, tasks: list[SectionTask],
                  records: dict[str, SourceRecord]) -> list[str]:
    def title(sid: str) -> str:
        r = records.get(sid)
        return f"《{r.title}》" if r else sid

    cited = cited_by_section(draft)
    quoted = untranslated(draft)
    all_cited = set().union(*cited.values()) if cited else set()
    lines: list[str] = []
    used = unused = 0
    for k, sec in enumerate(outline.sections, 1):
        task = next((t for t in tasks if t.section.id == sec.id), None)
        in_evidence = {e.hit.source_id for e in task.evidence} if task else set()
        for sid in sec.source_ids:
            if sid in all_cited:
                used += 1
                note = " (English, no Chinese summary: quoted with attribution, untranslated)" if sid in quoted else ""
                lines.append(f"  used      section {k} {title(sid)}{note}")
            else:
                unused += 1
                why = "no sentence of it passed verification" if sid in in_evidence else "no evidence retrieved from it"
                lines.append(f"  unused    section {k} {title(sid)}: {why}")
        for sid in sec.background_ids:
            state = "cited" if sid in all_cited else "not cited"
            lines.append(f"  background section {k} {title(sid)}: {state}")
    for lo in outline.left_out:
        extra = f" (folded into section {lo.section})" if lo.section else ""
        lines.append(f"  left out  {title(lo.source_id)}: {lo.reason}{extra}")
    head = (f"sources: {used} assigned sources cited, {unused} unused, "
            f"{len(outline.left_out)} left out by the outline ({outline.planner})")
    return [head, *lines]


def differing_lines(draft: Draft, lib) -> list[str]:
    """One line per figure two cited sources give differently (`check`'s differing_sources notes,
    over the draft as written), so the writer hears of it before the editor does."""
    from draftbot.briefing.markdown import render_markdown
    from draftbot.verify import check_markdown

    res = check_markdown(render_markdown(draft), lib, draft.brief)
    return [f"  differ    {n.detail}" for n in res.notes if n.kind == "differing_sources"]
