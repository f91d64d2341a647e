"""The overview stage: 今日判断 (synthesis) and 摘要 (summary) over the verified sections.

Both cite the underlying sources, never a section: the evidence the verified clauses cite is merged
into one list 1..n and the clauses are renumbered into it. Only verified clauses feed the overview.
A repair of either is asked with the sections' statements under those numbers, not the sources'
text: they restate the sections and add no fact of their own.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from draftbot.backends.base import (
    ClauseOut,
    DraftedSection,
    Drafter,
    ParagraphOut,
    SectionOut,
    SectionTask,
    SummaryTask,
    SynthesisTask,
)
from draftbot.briefing.brief import Brief
from draftbot.briefing.document import DraftSection
from draftbot.briefing.marks import strip_groups
from draftbot.backends.extractive import has_figure
from draftbot.draft.evidence import foreign_summaries
from draftbot.draft.repair import RunStats, finalize, verified
from draftbot.draft.verifier import Verifier
from draftbot.models import Evidence, SourceRecord


def overview_inputs(sections: list[DraftSection], tasks: list[SectionTask]) -> tuple[list[DraftedSection], list[Evidence]]:
    """The verified sections renumbered into one merged evidence list."""
    merged: list[Evidence] = []
    by_chunk: dict[str, int] = {}
    drafted = []
    for final, task in zip(sections, tasks):
        paras = []
        for p in final.paragraphs:
            clauses = []
            for c in p.clauses:
                if c.pending:
                    continue
                nums = []
                for span in c.cites:
                    if span.chunk_id not in by_chunk:
                        hit = next((e.hit for e in task.evidence if e.hit.chunk_id == span.chunk_id), None)
                        if hit is None:
                            continue
                        merged.append(Evidence(n=len(merged) + 1, hit=hit))
                        by_chunk[span.chunk_id] = len(merged)
                    nums.append(by_chunk[span.chunk_id])
                clauses.append(ClauseOut(text=c.text, cites=nums))
            if clauses:
                paras.append(ParagraphOut(clauses=clauses))
        drafted.append(DraftedSection(id=final.id, heading=final.heading, spec=task.section,
                                      out=SectionOut(paragraphs=paras)))
    return drafted, merged


SECTION_NOTE = "（本简报各节引用此来源的已核实表述）"


def section_evidence(drafted: list[DraftedSection], merged: list[Evidence]) -> list[Evidence]:
    """The merged evidence list with each item's text replaced by the verified section clauses that
    cite it (heading: clause): what a 摘要/今日判断 repair may draw on. Numbers and sources stay,
    so the repaired clauses cite and are checked as before."""
    said: dict[int, list[str]] = {}
    for d in drafted:
        for p in d.out.paragraphs:
            for c in p.clauses:
                for n in dict.fromkeys(c.cites):
                    said.setdefault(n, []).append(f"{d.heading}：{c.text.strip()}")
    return [e.model_copy(update={"hit": e.hit.model_copy(update={
        "text": "\n".join([SECTION_NOTE, *said.get(e.n, [])]), "start": 0, "end": 0})}) for e in merged]


def write_overview(drafter: Drafter, brief: Brief, day: dt.date, tasks: list[SectionTask], sections: list[DraftSection],
                   records: list[SourceRecord], verifier: Verifier, stats: RunStats,
                   step: Callable[[], None]) -> tuple[DraftSection, DraftSection]:
    """(synthesis, summary), each verified and repaired like a section."""
    drafted, merged = overview_inputs(sections, tasks)
    sums = foreign_summaries(merged, {r.id: r for r in records})
    common = dict(brief_title=brief.title, date=day, sections=drafted, evidence=merged, summaries=sums)
    drop = not drafter.can_repair
    out = []
    for kind, spec, task_cls, ask in (("synthesis", brief.synthesis, SynthesisTask, drafter.synthesize),
                                      ("summary", brief.summary, SummaryTask, drafter.summarize)):
        task = task_cls(heading=spec.heading, guidance=spec.guidance, target_chars=spec.target_chars, **common)
        raw = ask(task) if merged else SectionOut(paragraphs=[])
        # a repair is asked with what the sections say, not the sources (it adds no fact of its own)
        fix_task = task.model_copy(update={"evidence": section_evidence(drafted, merged), "summaries": {}})
        fixed, problems = verified(drafter, fix_task, raw, verifier, stats)
        heading = judgement_heading(spec.heading, getattr(raw, "judgement", ""))
        out.append(finalize(kind, heading, kind, fixed, problems, merged, sums, drop, stats))
        step()
    return out[0], out[1]


JUDGEMENT_CHARS = 30


def judgement_heading(label: str, judgement: str | None) -> str:
    """今日判断's heading: the brief's plain label, followed by the model's own one-line judgement
    when it gave a usable one (one line, no citation marks, no figure: a heading is never checked,
    so it must not carry a number)."""
    j = strip_groups(" ".join((judgement or "").split())).strip().rstrip("。；;.")
    j = j.removeprefix(label).lstrip("：: ")
    if not j or len(j) > JUDGEMENT_CHARS or has_figure(j):
        return label
    return f"{label}：{j}"
