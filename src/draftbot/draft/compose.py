"""The compose stage: each section's task to its backend, concurrently, each reply through the
repair stage, then to a `DraftSection` (failures marked or dropped). A section whose model call
fails (the endpoint gave up, or two replies in a row were not JSON) is named with its reason and
written as a marked placeholder for the editor; the other sections are still drafted."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from draftbot.backends.base import Drafter, SectionOut, SectionTask
from draftbot.briefing.document import DraftClause, DraftParagraph, DraftSection
from draftbot.draft.repair import RunStats, finalize, verified
from draftbot.llm.base import ReplyFailed
from draftbot.draft.verifier import Verifier

Composed = tuple[DraftSection, SectionOut]  # the section as written, and the verified backend output


def compose_sections(drafter: Drafter, tasks: list[SectionTask], verifier: Verifier, stats: RunStats,
                     workers: int, step: Callable[[], None]) -> list[Composed]:
    drop = not drafter.can_repair

    def one(task: SectionTask) -> Composed:
        spec = task.section
        try:
            raw = drafter.draft_section(task) if task.evidence else SectionOut(paragraphs=[])
        except ReplyFailed as exc:  # this prompt got no usable reply; the endpoint works
            stats.fail(spec.id, spec.heading, str(exc), exc)
            step()
            return failed_section(spec.id, spec.heading), SectionOut(paragraphs=[])
        fixed, problems = verified(drafter, task, raw, verifier, stats)
        for use in getattr(raw, "uses", None) or []:  # the model's word on what each source was for
            ev = next((e for e in task.evidence if e.n == use.n), None)
            if ev is not None:
                stats.purpose(ev.hit.source_id, use.purpose)
        heading = proposed_heading(spec.heading, getattr(raw, "heading", ""), task)
        if heading != spec.heading:
            stats.note(f"section {spec.id}: the model's heading kept: {heading} (planned: {spec.heading})")
            spec = spec.model_copy(update={"heading": heading})
        final = finalize(spec.id, spec.heading, "section", fixed, problems, task.evidence, task.summaries, drop, stats)
        step()
        return final, fixed

    workers = max(1, min(workers, len(tasks)))
    if workers == 1:
        results = [one(t) for t in tasks]
    else:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="draft")
        try:
            results = list(pool.map(one, tasks))
        except BaseException:
            # Ctrl-C or a failed endpoint: do not start the sections still queued
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    if stats.errors and len(stats.errors) >= sum(1 for t in tasks if t.evidence):
        raise stats.errors[0]  # no section drafted: nothing worth writing, one error line
    return drop_repeats(results)


# the mark an editor finds where a section could not be drafted (what to do, in Chinese)
FAILED_SECTION = "本节未能由模型写成（模型调用失败），请据本节来源人工撰写"


def failed_section(section_id: str, heading: str) -> DraftSection:
    """A section whose drafting failed: its heading and one marked line for the editor."""
    clause = DraftClause(text="本节暂缺。", pending=[FAILED_SECTION])
    return DraftSection(id=section_id, heading=heading, kind="section",
                        paragraphs=[DraftParagraph(clauses=[clause])])


def proposed_heading(planned: str, proposal: str, task: SectionTask) -> str:
    """The model's proposed heading when it is valid (within the heading length, the planned
    theme prefix kept, naming what the section's evidence shows), else the planned one."""
    from draftbot.outline.heading_check import heading_named
    from draftbot.outline.model import HEADING_CHARS
    from draftbot.outline.sources import PlanSource

    proposal = " ".join((proposal or "").split()).strip("。")
    if not proposal or proposal == planned or len(proposal) > HEADING_CHARS or re.search(r"[\[【］\]]", proposal):
        return planned
    prefix = planned.split("｜", 1)[0] + "｜" if "｜" in planned else ""
    if prefix and not proposal.startswith(prefix):
        proposal = prefix + proposal.split("｜", 1)[-1]
        if len(proposal) > HEADING_CHARS:
            return planned
    shown = [PlanSource(id=e.hit.source_id, title=e.hit.title, publisher=e.hit.publisher, lead=e.hit.text)
             for e in task.evidence]
    return proposal if heading_named(proposal, shown) else planned


def _key(text: str) -> str:
    return re.sub(r"[\s，。；、,.;:：“”\"'‘’（）()]+", "", text)


def drop_repeats(composed: list[Composed]) -> list[Composed]:
    """No sentence twice in the briefing: a clause a later section repeats (the same sentence from
    another source, a wire story's summary restated in two sections) is dropped there. Sections
    draft concurrently from their own sources, so this is the one place that sees them all."""
    seen: set[str] = set()
    out = []
    for final, fixed in composed:
        paras = []
        for p in final.paragraphs:
            kept = []
            for c in p.clauses:
                k = _key(c.text)
                if k and k in seen:
                    continue
                seen.add(k)
                kept.append(c)
            if kept:
                paras.append(p.model_copy(update={"clauses": kept}))
        out.append((final.model_copy(update={"paragraphs": paras}), fixed))
    return out
