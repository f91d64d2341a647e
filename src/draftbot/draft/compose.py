"""The compose stage: each section's task to its backend, concurrently, each reply through the
repair stage, then to a `DraftSection` (failures marked or dropped)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from draftbot.backends.base import Drafter, SectionOut, SectionTask
from draftbot.briefing.document import DraftSection
from draftbot.draft.repair import RunStats, finalize, verified
from draftbot.draft.verifier import Verifier

Composed = tuple[DraftSection, SectionOut]  # the section as written, and the verified backend output


def compose_sections(drafter: Drafter, tasks: list[SectionTask], verifier: Verifier, stats: RunStats,
                     workers: int, step: Callable[[], None]) -> list[Composed]:
    drop = not drafter.can_repair

    def one(task: SectionTask) -> Composed:
        raw = drafter.draft_section(task) if task.evidence else SectionOut(paragraphs=[])
        fixed, problems = verified(drafter, task, raw, verifier, stats)
        spec = task.section
        final = finalize(spec.id, spec.heading, "section", fixed, problems, task.evidence, task.summaries, drop, stats)
        step()
        return final, fixed

    workers = max(1, min(workers, len(tasks)))
    if workers == 1:
        return drop_repeats([one(t) for t in tasks])
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="draft")
    try:
        results = list(pool.map(one, tasks))
    except BaseException:
        # Ctrl-C or a failed section: do not start the sections still queued
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return drop_repeats(results)


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
