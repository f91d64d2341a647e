"""The plan stage: which sections to write today, before anything is composed.

The outline model lives in `draftbot.outline` (one model: planned, written, edited, read back). This
stage chooses it: an outline handed in (`draft --outline FILE`), else a planner (`run_draft(...,
plan=...)`, any `(brief, sources, day) -> Outline`), else the day's plan from `plan_outline`
(the model's when the backend has one, else offline). An old brief with fixed `sections:` is a
fixed outline (`plan_from_brief`): its sections draw on any of the day's sources.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from draftbot.briefing.brief import Brief, SectionSpec
from draftbot.models import SourceRecord
from draftbot.outline import Outline, OutlineSection, plan_outline, sources_from_store

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store

Planner = Callable[[Brief, list[SourceRecord], dt.date], Outline]

__all__ = ["Outline", "OutlineSection", "Planner", "plan_day", "plan_from_brief", "section_spec"]


def plan_from_brief(brief: Brief, sources: list[SourceRecord], day: dt.date) -> Outline:
    """An old brief's fixed sections as an outline; no `source_ids`: any allowed source."""
    return Outline(date=day.isoformat(), planner="brief", sections=[
        OutlineSection(id=s.id, heading=s.heading, guidance=s.guidance, queries=list(s.queries))
        for s in brief.sections or []
    ])


def plan_day(brief: Brief, store: Store, day: dt.date, chat=None, usage=None) -> tuple[Outline, list[str]]:
    """The day's outline from its sources (offline without `chat`) and the notices to print.

    `usage` (a backend's `UsageMeter`): the outline call is counted with the draft's own calls."""
    spec = brief.plan
    sources = sources_from_store(store, day, spec)
    if chat is not None and usage is not None:
        chat = _Metered(chat, usage)
    return plan_outline(sources, day, spec, model=chat, brief_title=brief.title)


class _Metered:
    """A chat model whose calls are added to a usage meter under the prompt name "outline"."""

    def __init__(self, chat, usage) -> None:
        from draftbot.resources import load_prompt

        self.chat, self.usage, self.model = chat, usage, chat.model
        self.hash = load_prompt("outline").hash

    def invoke(self, messages, schema, **kw):
        from draftbot.llm.base import ReplyFailed

        try:
            result = self.chat.invoke(messages, schema, **kw)
        except ReplyFailed as exc:  # the planner falls back offline; the failed call is still counted
            self.usage.add(prompt_tokens=exc.usage.prompt_tokens, completion_tokens=exc.usage.completion_tokens,
                           prompt="outline", prompt_hash=self.hash, corrections=exc.corrections)
            raise
        self.usage.add(prompt_tokens=result.usage.prompt_tokens, completion_tokens=result.usage.completion_tokens,
                       prompt="outline", prompt_hash=self.hash, corrections=getattr(result, "corrections", 0))
        return result


def section_spec(section: OutlineSection, brief: Brief, titles: dict[str, str]) -> SectionSpec:
    """An outline section as the backends see it: its heading, its guidance after the brief's
    section style, and its queries (the outline's, else the heading and its sources' titles)."""
    fixed = next((s for s in brief.sections or [] if s.id == section.id), None)
    style = fixed or brief.section
    queries = list(section.queries) or [section.heading] + [titles[i] for i in section.source_ids if titles.get(i)]
    guidance = "\n".join(g for g in (brief.section.guidance.strip(), section.guidance.strip()) if g)
    if fixed:
        guidance = section.guidance or fixed.guidance
    return SectionSpec(id=section.id, heading=section.heading, queries=queries, guidance=guidance,
                       evidence_budget=style.evidence_budget, evidence_tokens=style.evidence_tokens,
                       target_chars=style.target_chars)
