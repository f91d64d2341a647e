"""Planning a day's briefing: group the day's sources into topics and write an editable outline.

The single entry point is `plan_outline(sources, day, spec, model=None)`: offline (deterministic)
without a model, one validated model call with one (falling back offline with a notice).
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from draftbot.models import SourceRecord
from draftbot.outline.files import outline_yaml, read_outline, write_outline
from draftbot.outline.model import LeftOut, Outline, OutlineSection, PlanSpec, SectionRange, Theme
from draftbot.outline.sources import PlanSource
from draftbot.outline.store_sources import sources_from_store

__all__ = [
    "LeftOut", "Outline", "OutlineSection", "PlanSource", "PlanSpec", "SectionRange", "Theme",
    "outline_yaml", "plan_outline", "read_outline", "sources_from_store", "write_outline",
]


def plan_outline(
    records: Sequence[SourceRecord | PlanSource],
    day: dt.date,
    plan_spec: PlanSpec | None = None,
    model=None,
    brief_title: str = "每日简报",
) -> tuple[Outline, list[str]]:
    """The outline of `day` and the notices to print (one line each).

    `records` are the store's sources near the day: `sources_from_store(store, day, spec)` gives
    them with their leads; bare SourceRecords work too (planned on title and summary alone).
    """
    from draftbot.outline.chat_planner import plan_llm
    from draftbot.outline.narrow import narrow
    from draftbot.outline.offline import plan_offline

    spec = plan_spec or PlanSpec()
    sources = narrow([PlanSource.from_record(r) for r in records], day, spec)
    if model is None:
        return plan_offline(sources, day, spec)
    return plan_llm(sources, day, spec, model, brief_title=brief_title)
