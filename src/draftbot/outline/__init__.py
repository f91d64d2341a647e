"""Planning a day's briefing: group the day's sources into topics and write an editable outline.

The single entry point is `plan_outline(sources, day, spec, model=None)`: offline (deterministic)
without a model, one validated model call with one (falling back offline with a notice).
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from typing import TYPE_CHECKING

from draftbot.outline.model import LeftOut, Outline, OutlineSection, PlanSpec, SectionRange, Theme

if TYPE_CHECKING:
    from draftbot.models import SourceRecord
    from draftbot.outline.sources import PlanSource

# imported on first use: a brief (which holds a PlanSpec) and `check` need only the model, not the
# planner's text machinery or YAML
_LAZY = {"outline_yaml": "files", "read_outline": "files", "write_outline": "files", "PlanSource": "sources",
         "sources_from_store": "store_sources"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"draftbot.outline.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'draftbot.outline' has no attribute {name!r}")

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
    from draftbot.outline.narrow import narrow
    from draftbot.outline.offline import plan_offline
    from draftbot.outline.sources import PlanSource

    spec = plan_spec or PlanSpec()
    sources = narrow([PlanSource.from_record(r) for r in records], day, spec)
    if model is None:
        return plan_offline(sources, day, spec)
    from draftbot.outline.chat_planner import plan_llm  # the model's client code only when a model plans

    return plan_llm(sources, day, spec, model, brief_title=brief_title)
