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

_QUOTED_ENGLISH = re.compile(r"报道称：“[^”]*[A-Za-z]{3,}|【待译】")
# a line about a source of another day: `draft` prints these only with --verbose (the count always)
OTHER_DAY = "  other day "


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
                  records: dict[str, SourceRecord], total: int | None = None, list_others: bool = True) -> list[str]:
    """The report's lines. `records`: at least the outline's and the day's sources; `total`: the
    store's source count (default: `records` is every source). Sources of other dates that the
    draft does not weigh are counted, and with `list_others` (then `records` holds them all) listed."""
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
                note = " (English, no Chinese summary: one attribution line 【待译】; headline untranslated, named in 参考文献)" if sid in quoted else ""
                lines.append(f"  used      section {k} {title(sid)}{note}")
            else:
                unused += 1
                rec = records.get(sid)
                if rec is not None and not (rec.lang or "zh").lower().startswith("zh") and sid in in_evidence:
                    why = ("English, untranslated: it retells what the section's Chinese sources state "
                           "and adds no figure of its own")
                else:
                    why = "no sentence of it passed verification" if sid in in_evidence else "no evidence retrieved from it"
                lines.append(f"  unused    section {k} {title(sid)}: {why}")
        for sid in sec.background_ids:
            state = "cited" if sid in all_cited else "not cited"
            lines.append(f"  background section {k} {title(sid)}: {state}")
    day_left = [lo for lo in outline.left_out if _told(lo, records, draft.date)]
    for lo in day_left:
        extra = f" (folded into section {lo.section})" if lo.section else ""
        if lo.reason == "superseded" and lo.duplicate_of:
            extra = f" by {title(lo.duplicate_of)}"
        lines.append(f"  left out  {title(lo.source_id)}: {lo.reason}{extra}")
    other = other_days(outline, records, draft.date)
    # the sources not in `records` are all of other dates and not named: counted, not listed
    n_other = len(other) + (total - len(records) if total is not None else 0)
    if n_other:
        lines.append(f"  另有 {n_other:,} 篇其他日期的来源未参与")
    if list_others:
        lines += [f"{OTHER_DAY}{r.date or '(no date)'} 《{r.title}》" for r in other]  # title(r.id): r is records[r.id]
    head = (f"sources: {used} assigned sources cited, {unused} unused, "
            f"{len(day_left)} left out by the outline ({outline.planner})")
    return [head, *lines]


def other_days(outline: Outline, records: dict[str, SourceRecord], day) -> list[SourceRecord]:
    """The store's sources of other dates the draft neither drafts nor weighs (not assigned, not
    background, not a left-out source of the day's own planning), newest first."""
    named = {sid for sec in outline.sections for sid in (*sec.source_ids, *sec.background_ids)}
    named |= {lo.source_id for lo in outline.left_out if _told(lo, records, day)}
    out = [r for r in records.values() if r.id not in named and r.date != day]
    # by ISO date (undated last), then id, both descending; an ordinal orders dates as their ISO text
    return sorted(out, key=lambda r: (r.date.toordinal() if r.date else 0, r.id), reverse=True)


def _told(lo, records: dict[str, SourceRecord], day) -> bool:
    """Is a left-out source named on its own line? The day's own, and an older one the day's
    sources supersede; other dates' distractors and the standing documents not taken as
    background are only counted (a store of years holds thousands)."""
    if lo.reason == "superseded":
        return True
    rec = records.get(lo.source_id)
    return lo.reason != "distractor date" and (rec is None or rec.date == day)


_UNCITED_BACKGROUND = re.compile(r"^  background section (\d+) 《.*》: not cited$")


def for_people(report: list[str], verbose: bool = False) -> list[str]:
    """The report as `draft` prints it: without `verbose`, other days' sources only counted (one
    line) and each section's uncited background counted in one line, not listed."""
    if verbose:
        return report
    out: list[str] = []
    uncited: dict[str, int] = {}
    for line in report:
        m = _UNCITED_BACKGROUND.match(line)
        if line.startswith(OTHER_DAY):
            continue
        if m:
            if m.group(1) not in uncited:
                out.append(m.group(1))  # placeholder, filled below with the count
            uncited[m.group(1)] = uncited.get(m.group(1), 0) + 1
            continue
        out.append(line)
    return [f"  background section {ln}: {uncited[ln]} 篇背景来源未引用" if ln in uncited else ln for ln in out]


def differing_lines(draft: Draft, lib) -> list[str]:
    """One line per figure two cited sources give differently (`check`'s differing_sources notes,
    over the draft as written), so the writer hears of it before the editor does."""
    from draftbot.briefing.markdown import parse_markdown, render_markdown
    from draftbot.briefing.prose import number_references
    from draftbot.verify.report import differing_notes

    # the draft knows which source each of its reference lines names: not looked up again by title
    known = {r.n: r.source_id for r in number_references(draft)}
    notes = differing_notes(parse_markdown(render_markdown(draft), draft.brief), lib, known=known)
    return [f"  differ    {n.detail}" for n in notes]
