"""The compose stage: each section's task to its backend, concurrently, each reply through the
repair stage, then to a `DraftSection` (failures marked or dropped)."""

from __future__ import annotations

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
        return [one(t) for t in tasks]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="draft")
    try:
        results = list(pool.map(one, tasks))
    except BaseException:
        # Ctrl-C or a failed section: do not start the sections still queued
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results
