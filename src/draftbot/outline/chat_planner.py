"""The LLM planner: one outline call through the ChatModel protocol, repaired field by field (each
repair one notice line), with the offline planner as the fallback only when the reply is unusable
as a whole (no usable section, or the call failed)."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from pydantic import BaseModel, Field

from draftbot.errors import UserError
from draftbot.outline.model import LEFT_OUT_REASONS, LeftOut, Outline, OutlineSection, PlanSpec
from draftbot.llm.base import retry_lines
from draftbot.outline.heading_check import heading_named
from draftbot.outline.headings import compose, fit
from draftbot.outline.offline import plan_offline, section_queries
from draftbot.outline.source_types import source_type
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
        kind = source_type(s.kind, s.publisher, background=role == "background")
        line = f"{_label(k)} · {s.publisher or '发布者不详'} · {date}（{tag}） · {kind} · {s.title} · {about}"
        lines.append(_defuse(line))
    return "\n".join(lines)


def _defuse(text: str) -> str:
    """Source text is data inside <sources>: a tag in it must not close the list early."""
    return text.replace("<sources>", "‹sources›").replace("</sources>", "‹/sources›")


def _themes_text(spec: PlanSpec) -> str:
    if not spec.themes:
        return ""
    names = "；".join(f"{t.name}（{'、'.join(t.keywords)}）" if t.keywords else t.name for t in spec.themes)
    return f"常设栏目（按顺序）：{names}\n"


def outline_messages(candidates, day: dt.date, spec: PlanSpec, brief_title: str) -> list[dict]:
    prompt = load_prompt("outline")
    return prompt.messages(
        brief_title=brief_title, date=day.isoformat(), min_sections=spec.sections.min,
        max_sections=spec.sections.max, heading_chars=spec.heading_chars, themes=_themes_text(spec),
        sources=source_list(candidates),
    )


def validate_reply(reply: OutlineReply, candidates, day: dt.date, spec: PlanSpec,
                   model_name: str) -> tuple[Outline, list[str]]:
    """The reply as an Outline, repaired field by field, and one line per repair.

    An unknown id is dropped, a source named twice stays in its first section, a section left with
    no source of the day is dropped (its background sources left out), a heading that is empty or
    too long is rebuilt or shortened, a heading that names nothing the model was shown is kept with
    a warning. Only a reply with no usable section is UnusableReply."""
    ids = {_label(k): (s, role) for k, (s, role) in enumerate(candidates)}
    fixes: list[str] = []
    owner: dict[str, int] = {}
    sections: list[OutlineSection] = []
    for n, sec in enumerate(reply.sections, start=1):
        if len(sections) >= spec.sections.max:
            fixes.append(f"outline: section {n} dropped: more than the brief's {spec.sections.max} sections")
            continue
        main, background = _section_sources(n, sec.source_ids, ids, owner, spec, fixes)
        if not main:
            why = "only background sources" if background else "no usable source id"
            fixes.append(f"outline: section {n} dropped: {why}")
            for label, _ in background:
                owner.pop(label, None)
            continue
        heading, warning = _heading(n, sec.heading, [s for _, s in main + background], spec, fixes)
        k = len(sections) + 1
        sections.append(OutlineSection(
            id=f"s{k}", heading=heading, guidance=sec.guidance.strip(),
            queries=[heading, *section_queries([s for _, s in main])], source_ids=[s.id for _, s in main],
            background_ids=[s.id for _, s in background], warning=warning))
    if not sections:
        raise UnusableReply("no usable section" if reply.sections else "no sections")
    left_out = _left_out(reply, ids, owner)
    return Outline(date=day.isoformat(), planner=f"llm:{model_name}", sections=sections, left_out=left_out), fixes


def _section_sources(n: int, labels: list[str], ids: dict, owner: dict[str, int], spec: PlanSpec,
                     fixes: list[str]) -> tuple[list, list]:
    """A section's (label, source) pairs of the day and of background, each repair one line."""
    main, background = [], []
    for raw in labels:
        label = raw.strip().upper()
        if label not in ids:
            fixes.append(f"outline: section {n}: unknown source id {raw.strip()!r} dropped")
            continue
        if label in owner:
            if owner[label] != n:
                fixes.append(f"outline: section {n}: source {label} is already in section {owner[label]}; kept there")
            continue
        s, role = ids[label]
        if role != "day" and len(background) >= spec.max_background:
            fixes.append(f"outline: section {n}: background source {label} left out "
                         f"(at most {spec.max_background} per section)")
            continue
        owner[label] = n
        (main if role == "day" else background).append((label, s))
    return main, background


def _heading(n: int, raw: str, sources: list[PlanSource], spec: PlanSpec, fixes: list[str]) -> tuple[str, str | None]:
    """The model's heading, kept when it can be; (heading, warning for the outline file or None)."""
    heading = " ".join(raw.split())
    if not heading:
        heading = compose(sources, spec.heading_chars)
        fixes.append(f"outline: section {n} had no heading; named from its sources: {heading}")
    elif len(heading) > spec.heading_chars:
        short = fit(heading, spec.heading_chars)
        fixes.append(f"outline: section {n} heading shortened to {spec.heading_chars} characters: {short}")
        heading = short
    if heading_named(heading, sources):
        return heading, None
    warning = "标题中的词语和数字在本节来源的标题、摘要、导语中都找不到，请核对"
    fixes.append(f"outline: section {n} heading {heading!r} names nothing its sources show; kept, marked for checking")
    return heading, warning


def _left_out(reply: OutlineReply, ids: dict, owner: dict[str, int]) -> list[LeftOut]:
    """Every listed source no section holds, with the model's reason when it is a known one."""
    reasons = {lo.source_id.strip().upper(): lo.reason.strip() for lo in reply.left_out}
    out = []
    for label, (s, role) in ids.items():
        if label in owner:
            continue
        reason = reasons.get(label, "")
        if reason not in LEFT_OUT_REASONS or reason == "distractor date":
            reason = "off-topic" if role == "day" else "background"
        out.append(LeftOut(source_id=s.id, title=s.title, reason=reason))
    return out


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
        outline, fixes = validate_reply(result.parsed, candidates, day, spec, model.model)
    except (UnusableReply, UserError) as exc:
        outline, notices = plan_offline(sources, day, spec)
        notice = f"outline: the model's outline was unusable ({_one_line(exc)}); planned offline instead"
        outline.notes.insert(0, notice)
        return outline, [notice, *notices]
    outline.left_out += [LeftOut(source_id=s.id, title=s.title, reason="distractor date") for s in st.other_date]
    notices = retry_lines(result) + fixes
    if len(outline.sections) < spec.sections.min:  # the prompt allows it when the day has fewer topics
        notices.append(f"outline: the model planned {len(outline.sections)} section(s), fewer than the brief's "
                       f"minimum of {spec.sections.min}")
    outline.notes = notices
    return outline, notices


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
