"""The LLM planner: one outline call through the ChatModel protocol, validated, with the offline
planner as the fallback when the reply is unusable."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from pydantic import BaseModel, Field

from draftbot.errors import UserError
from draftbot.outline.model import LEFT_OUT_REASONS, LeftOut, Outline, OutlineSection, PlanSpec
from draftbot.outline.offline import plan_offline, section_queries
from draftbot.outline.similarity import names
from draftbot.outline.sources import PlanSource, classify
from draftbot.resources import load_prompt

SUMMARY_CHARS = 160


class PlannedSection(BaseModel):
    heading: str = Field(description="中文章节标题，只概括来源中已有的事实")
    guidance: str = Field(default="", description="本节写作顺序和要点，一两句")
    source_ids: list[str] = Field(description="本节来源编号，如 S1")


class PlannedLeftOut(BaseModel):
    source_id: str
    reason: str = Field(description="off-topic | duplicate story | background")


class OutlineReply(BaseModel):
    """The structured output a model returns for the outline call."""

    sections: list[PlannedSection]
    left_out: list[PlannedLeftOut] = Field(default_factory=list)


class UnusableReply(ValueError):
    """The model's outline cannot be used (the reason is the message)."""


def _label(k: int) -> str:
    return f"S{k + 1}"


def source_list(candidates: Sequence[tuple[PlanSource, str]]) -> str:
    """One line per source: label · publisher · date · kind · title · summary or lead."""
    lines = []
    for k, (s, role) in enumerate(candidates):
        about = " ".join((s.summary or s.lead).split())[:SUMMARY_CHARS]
        date = s.date.isoformat() if s.date else "日期不详"
        tag = "背景" if role == "background" else "当天"
        line = f"{_label(k)} · {s.publisher or '发布者不详'} · {date}（{tag}） · {s.kind} · {s.title} · {about}"
        lines.append(_defuse(line))
    return "\n".join(lines)


def _defuse(text: str) -> str:
    """Source text is data inside <sources>: a tag in it must not close the list early."""
    return text.replace("<sources>", "‹sources›").replace("</sources>", "‹/sources›")


def _themes_text(spec: PlanSpec) -> str:
    if not spec.themes:
        return ""
    names = "；".join(f"{t.name}（{'、'.join(t.keywords)}）" if t.keywords else t.name for t in spec.themes)
    return f"常设栏目（当天有相关来源时用作章节名称前缀和排序依据）：{names}\n"


def outline_messages(candidates, day: dt.date, spec: PlanSpec, brief_title: str) -> list[dict]:
    prompt = load_prompt("outline")
    return prompt.messages(
        brief_title=brief_title, date=day.isoformat(), min_sections=spec.sections.min,
        max_sections=spec.sections.max, heading_chars=spec.heading_chars, themes=_themes_text(spec),
        sources=source_list(candidates),
    )


def validate_reply(reply: OutlineReply, candidates, day: dt.date, spec: PlanSpec, model_name: str) -> Outline:
    """The reply as an Outline, or UnusableReply naming the first problem."""
    ids = {_label(k): (s, role) for k, (s, role) in enumerate(candidates)}
    if not reply.sections:
        raise UnusableReply("no sections")
    if len(reply.sections) > spec.sections.max:
        raise UnusableReply(f"{len(reply.sections)} sections, more than the brief's {spec.sections.max}")
    owner: dict[str, int] = {}
    sections = []
    for n, sec in enumerate(reply.sections, start=1):
        heading = sec.heading.strip()
        if not heading:
            raise UnusableReply(f"section {n} has no heading")
        if len(heading) > spec.heading_chars:
            raise UnusableReply(f"section {n} heading is {len(heading)} characters (at most {spec.heading_chars})")
        if not sec.source_ids:
            raise UnusableReply(f"section {n} has no sources")
        main, background = [], []
        for label in sec.source_ids:
            label = label.strip()
            if label not in ids:
                raise UnusableReply(f"section {n} cites unknown source id {label!r}")
            if label in owner:
                raise UnusableReply(f"source {label} is in sections {owner[label]} and {n}")
            s, role = ids[label]
            if role != "day" and len(background) >= spec.max_background:
                continue  # the brief's bound: the first named are kept, the rest left out
            owner[label] = n
            (main if role == "day" else background).append(s)
        if not main:
            raise UnusableReply(f"section {n} has only background sources")
        if not names(heading, [f"{s.title} {s.summary}" for s in main + background]):  # another day's heading
            raise UnusableReply(f"section {n} heading {heading!r} names none of its sources")
        sections.append(OutlineSection(id=f"s{n}", heading=heading, guidance=sec.guidance.strip(),
                                       queries=[heading, *section_queries(main)], source_ids=[s.id for s in main],
                                       background_ids=[s.id for s in background]))
    reasons = {lo.source_id.strip(): lo.reason.strip() for lo in reply.left_out}
    left_out = []
    for label, (s, role) in ids.items():
        if label in owner:
            continue
        reason = reasons.get(label, "")
        if reason not in LEFT_OUT_REASONS or reason == "distractor date":
            reason = "off-topic" if role == "day" else "background"
        left_out.append(LeftOut(source_id=s.id, title=s.title, reason=reason))
    return Outline(date=day.isoformat(), planner=f"llm:{model_name}", sections=sections, left_out=left_out)


def plan_llm(sources: Sequence[PlanSource], day: dt.date, spec: PlanSpec, model,
             brief_title: str = "每日简报") -> tuple[Outline, list[str]]:
    """One outline call; on an unusable reply (or a failed call) the offline plan and one notice line."""
    st = classify(sources, day, spec)
    candidates = [(s, "day") for s in st.day] + [(s, "background") for s in st.recent + st.background]
    if not st.day:
        return plan_offline(sources, day, spec)
    messages = outline_messages(candidates, day, spec, brief_title)
    try:
        result = model.invoke(messages, OutlineReply, temperature=0.0)
        outline = validate_reply(result.parsed, candidates, day, spec, model.model)
    except (UnusableReply, UserError) as exc:
        outline, notices = plan_offline(sources, day, spec)
        notice = f"outline: the model's outline was unusable ({_one_line(exc)}); planned offline instead"
        outline.notes.insert(0, notice)
        return outline, [notice, *notices]
    outline.left_out += [LeftOut(source_id=s.id, title=s.title, reason="distractor date") for s in st.other_date]
    notices = []
    if len(outline.sections) < spec.sections.min:  # the prompt allows it when the day has fewer topics
        notices.append(f"outline: the model planned {len(outline.sections)} section(s), fewer than the brief's "
                       f"minimum of {spec.sections.min}")
    outline.notes = notices
    return outline, notices


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
