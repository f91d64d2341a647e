"""The LLM drafting backend: prompt file -> ChatModel (structured output `SectionOut`) -> clean-up.

Each task is one chain of three plain steps: fill the prompt (`prompts/<name>.md`, evidence framed
as data inside <evidence> tags), call the ChatModel, normalise the reply. No langchain Runnable
layer here: `OpenAIChat` already is langchain's ChatOpenAI with structured output, and the same
drafter must run over `ReplayChat`/`CachedChat`/`ScriptedChat`, which share only `ChatModel.invoke`.

Verification, repair rounds and 【待核实】 marks are the pipeline's; this module only asks.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, Field

from draftbot.backends.base import (
    ClauseOut,
    OverviewTask,
    ParagraphOut,
    SectionOut,
    SectionTask,
    SummaryTask,
    SynthesisOut,
    SynthesisTask,
    UsageMeter,
)
from draftbot.outline.model import HEADING_CHARS
from draftbot.briefing.marks import GROUP, group_numbers, strip_groups
from draftbot.llm.base import ChatModel, ChatResult, ReplyFailed, Usage, estimate_cost
from draftbot.models import Evidence
from draftbot.resources import Prompt, load_prompt
from draftbot.text.hostile import is_instruction
from draftbot.text.tokens import count_tokens

log = logging.getLogger("draftbot.backends")

# A hard cap on one request's prompt (system + user): evidence beyond it is dropped from the end.
DEFAULT_MAX_PROMPT_TOKENS = 12000
# Evidence budget for tasks that carry no per-section budget (repair of 今日判断 / 摘要).
OVERVIEW_EVIDENCE_TOKENS = 4000

# A source must not be able to close the data frame it is quoted in.
_FRAME_TAGS = re.compile(r"<\s*/?\s*(evidence|sections)\s*>", re.I)


def frame_safe(text: str) -> str:
    """Text quoted inside <evidence>/<sections>: any such tag in it is defused (‹evidence›)."""
    return _FRAME_TAGS.sub(lambda m: "‹" + m.group(0).strip("<>").strip() + "›", text)


# Instructions a source may carry to hijack the model ("prompt injection"): the prompts tell the
# model evidence is data; `is_instruction` (text/hostile.py, the one detector the extractive backend
# and `sources` use too) is the backstop for a model that obeys anyway: such a clause is dropped.
_BLOCK_MARK = re.compile(r"^(?:[#>*+\-|]+\s+)+")  # "- " but not "-1.8%"


def is_injection(text: str) -> bool:
    """True when `text` relays an instruction aimed at the model."""
    return is_instruction(text)


def clean_text(text: str) -> str:
    """One line of prose: no line breaks (a model must not start a heading or a fake 参考文献 list
    inside a clause) and no leading Markdown block markers."""
    text = re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text).strip()
    return _BLOCK_MARK.sub("", text).strip()


def normalise(out: SectionOut, rejected: list[str] | None = None) -> SectionOut:
    """Move `[n]` markers a model wrote into the text over to `cites`, make each clause one line of
    prose, drop empty clauses/paragraphs and clauses relaying an injected instruction (appended to
    `rejected`). Cites are not validated here: the pipeline checks every one against the evidence."""
    paras = []
    for p in out.paragraphs:
        clauses = []
        for c in p.clauses:
            cites = list(c.cites)
            for m in GROUP.finditer(c.text):
                cites += [n for n in group_numbers(m.group()) if n not in cites]
            text = clean_text(strip_groups(c.text))
            if is_injection(c.text):
                if rejected is not None:
                    rejected.append(text)
                continue
            if text:
                clauses.append(ClauseOut(text=text, cites=[n for i, n in enumerate(cites) if n not in cites[:i]]))
        if clauses:
            paras.append(ParagraphOut(clauses=punctuated(clauses)))
    return SectionOut(paragraphs=paras)


_CLAUSE_END = "。；！？，、：”’）)!?;:,."


def punctuated(clauses: list[ClauseOut]) -> list[ClauseOut]:
    """Each clause ends with its punctuation (the prompts ask for it; a model may forget): a bare
    clause gets "，" inside the paragraph and "。" at its end, so sentences never run together."""
    out = []
    for i, c in enumerate(clauses):
        if not c.text.endswith(tuple(_CLAUSE_END)):
            c = c.model_copy(update={"text": c.text + ("。" if i == len(clauses) - 1 else "，")})
        out.append(c)
    return out


class SourceUse(BaseModel):
    n: int = Field(description="证据编号")
    purpose: str = Field(description="这条证据在本节的用途，以“用于”开头")


class ProposedSection(SectionOut):
    """A section as the model returns it: its clauses, a better heading if it proposes one (prompt
    rule 【标题】; kept by the compose stage when it names the section's sources), and what each
    cited evidence item was used for (rule 【用途】; the reference line's purpose)."""

    heading: str = ""
    uses: list[SourceUse] = Field(default_factory=list)


# how much of its evidence a section may take (Chinese characters; English counts a third, about
# what it takes in Chinese), and the floor below which a section reads as a stub
LENGTH_SHARE = 0.6
LENGTH_FLOOR = 80
_WIDE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def evidence_chars(evidence: list[Evidence]) -> int:
    """The evidence's size in Chinese characters (an English character counts a third)."""
    total = 0.0
    for ev in evidence:
        text = ev.hit.text
        wide = len(_WIDE.findall(text))
        total += wide + (len(text) - wide) / 3
    return int(total)


def length_guidance(target: int, evidence: list[Evidence]) -> str:
    """The length a section is asked for: the brief's target, or less when its evidence is short."""
    material = evidence_chars(evidence)
    chars = max(min(LENGTH_FLOOR, target), min(target, int(LENGTH_SHARE * material)))
    paras = "1–3 段" if chars >= 300 else "1–2 段" if chars >= 150 else "1 段"
    return f"约 {chars} 字，{paras}（证据共约 {material} 字）"


def typed_evidence_block(evidence: list[Evidence], summaries: dict[int, str], background: set[str]) -> str:
    """Evidence as prompt text: `[n] 类型 · 发布者 · 日期 · 《标题》`, then the snippet (and a Chinese
    summary for an English source). The type is the source's (release, notice, wire, newspaper),
    or background for a source the outline placed as background."""
    from draftbot.outline.source_types import source_type

    parts = []
    for ev in evidence:
        h = ev.hit
        kind = source_type(h.kind, h.publisher, background=h.source_id in background)
        date = h.date.isoformat() if h.date else "日期不详"
        body = h.text.strip()
        if ev.n in summaries:
            body += f"\n（来源中文摘要：{summaries[ev.n]}）"
        parts.append(f"[{ev.n}] {kind} · {h.publisher or '发布者不详'} · {date} · 《{h.title}》\n{body}")
    return "\n\n".join(parts)


def _background_of(task) -> set[str]:
    """The sources of a section's evidence that are not its own (the outline's background)."""
    own = set(getattr(task, "source_ids", None) or [])
    if not own:
        return set()
    return {e.hit.source_id for e in task.evidence if e.hit.source_id not in own}


class LLMDrafter:
    """`Drafter` over any `ChatModel` (OpenAI-compatible endpoint, replay file, cache, test double)."""

    can_repair = True

    def __init__(
        self,
        chat: ChatModel,
        name: str = "openai",
        label: str | None = None,
        *,
        max_prompt_tokens: int = DEFAULT_MAX_PROMPT_TOKENS,
        temperature: float = 0.0,
        count_cost: bool = True,
    ) -> None:
        self.chat = chat
        self.name = name
        self.model = chat.model
        self.label = label or f"{name} (model {chat.model})"
        self.max_prompt_tokens = max_prompt_tokens
        self.temperature = temperature
        self.count_cost = count_cost  # False for replay: recorded replies cost nothing now
        self.usage = UsageMeter()
        self.trimmed = 0  # evidence items left out of prompts to respect the budgets
        self.rejected: list[str] = []  # clauses dropped because they relayed an injected instruction
        self._lock = threading.Lock()
        self.prompts = {n: load_prompt(n) for n in ("section", "synthesis", "summary", "repair")}

    def __repr__(self) -> str:
        return f"LLMDrafter(name={self.name!r}, chat={self.chat!r})"

    # ------------------------------------------------------------------ the four tasks
    def draft_section(self, task: SectionTask) -> SectionOut:
        p = self.prompts["section"]
        values = self._section_values(task)
        background = _background_of(task)
        messages = self._fit(lambda ev: p.messages(**values, evidence=self._evidence(ev, task.summaries, background)),
                             task.evidence, task.section.evidence_tokens)
        return self._ask("section", p, messages, ProposedSection)

    def synthesize(self, task: SynthesisTask) -> SectionOut:
        return self._overview("synthesis", task)

    def summarize(self, task: SummaryTask) -> SectionOut:
        return self._overview("summary", task)

    def repair_section(self, task: SectionTask | OverviewTask, previous: SectionOut, problems: list[str]) -> SectionOut:
        """The original task's rules (its system message) plus the repair instructions, then the
        problems, the previous JSON and the evidence: the model fixes what failed, keeps the rest."""
        if isinstance(task, SectionTask):
            base, values, budget = self.prompts["section"], self._section_values(task), task.section.evidence_tokens
        else:
            base = self.prompts["synthesis" if isinstance(task, SynthesisTask) else "summary"]
            values, budget = self._overview_values(task), OVERVIEW_EVIDENCE_TOKENS
        rp = self.prompts["repair"]
        rvalues = dict(values,
                       problems="\n".join(f"- {p}" for p in problems) or "- （无）",
                       # the clauses only: a proposed heading or purposes are not for repair
                       previous=SectionOut(paragraphs=previous.paragraphs).model_dump_json(indent=1))

        def build(ev: list[Evidence]) -> list[dict]:
            system = base.messages(**values, evidence="")[0]["content"]
            rmsgs = rp.messages(**rvalues, evidence=self._evidence(ev, task.summaries, _background_of(task)))
            return [{"role": "system", "content": system + "\n\n" + rmsgs[0]["content"]}, rmsgs[1]]

        messages = self._fit(build, task.evidence, budget)
        # (the task prompt's own version is recorded by the call that drafted it)
        return self._ask("repair", rp, messages)

    # ------------------------------------------------------------------ helpers
    def _section_values(self, task: SectionTask) -> dict:
        spec = task.section
        siblings = "；".join(s.heading for s in task.siblings) or "（无）"
        return dict(brief_title=task.brief_title, date=task.date.isoformat(), heading=spec.heading,
                    guidance=spec.guidance.strip() or "（无）", target_chars=task.target_chars, siblings=siblings,
                    length=length_guidance(task.target_chars, task.evidence), heading_chars=HEADING_CHARS)

    def _overview_values(self, task: OverviewTask) -> dict:
        return dict(brief_title=task.brief_title, date=task.date.isoformat(), heading=task.heading,
                    guidance=task.guidance.strip() or "（无）", target_chars=task.target_chars,
                    sections=frame_safe(task.sections_text()))

    def _overview(self, name: str, task: OverviewTask) -> SectionOut:
        p = self.prompts[name]
        values = self._overview_values(task)
        # the overview prompts quote the verified sections; evidence is only there if a prompt asks
        messages = self._fit(lambda ev: p.messages(**values, evidence=self._evidence(ev, task.summaries, set())),
                             task.evidence, OVERVIEW_EVIDENCE_TOKENS)
        # 今日判断 also returns its own one-line judgement, for its heading
        return self._ask(name, p, messages, SynthesisOut if name == "synthesis" else SectionOut)

    @staticmethod
    def _evidence(evidence: list[Evidence], summaries: dict[int, str], background: set[str]) -> str:
        return frame_safe(typed_evidence_block(evidence, summaries, background))

    def _tokens(self, messages: list[dict]) -> int:
        return sum(count_tokens(m["content"], self.model) for m in messages)

    def _fit(self, build: Callable[[list[Evidence]], list[dict]], evidence: list[Evidence], budget: int) -> list[dict]:
        """Messages for the longest prefix of `evidence` whose snippets fit `budget` tokens and whose
        whole prompt fits `max_prompt_tokens` (the first item is always kept; numbers stay as given)."""
        kept, used = [], 0
        for ev in evidence:
            t = count_tokens(ev.hit.text, self.model)
            if kept and used + t > budget:
                break
            kept.append(ev)
            used += t
        messages = build(kept)
        while len(kept) > 1 and self._tokens(messages) > self.max_prompt_tokens:
            kept.pop()
            messages = build(kept)
        with self._lock:
            self.trimmed += len(evidence) - len(kept)
        return messages

    def _ask(self, name: str, prompt: Prompt, messages: list[dict], schema: type[SectionOut] = SectionOut) -> SectionOut:
        try:
            result: ChatResult = self.chat.invoke(messages, schema, temperature=self.temperature)
        except ReplyFailed as exc:  # a failed call still counts: its replies and tokens were spent
            self.usage.add(prompt_tokens=exc.usage.prompt_tokens, completion_tokens=exc.usage.completion_tokens,
                           prompt=name, prompt_hash=prompt.hash, corrections=exc.corrections)
            raise
        usage = result.usage
        if not (usage.prompt_tokens or usage.completion_tokens):  # server reported none: count ourselves
            usage = Usage(prompt_tokens=self._tokens(messages), completion_tokens=count_tokens(result.raw_text, self.model))
        cost = None
        if self.count_cost and not result.cached:
            cost = estimate_cost(self.model, usage)
        self.usage.add(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                       prompt=name, prompt_hash=prompt.hash, cost_usd=cost, corrections=result.corrections)
        parsed = result.parsed if isinstance(result.parsed, schema) else schema.model_validate(
            result.parsed.model_dump() if isinstance(result.parsed, SectionOut) else result.parsed)
        rejected: list[str] = []
        out = normalise(parsed, rejected)
        if isinstance(parsed, SynthesisOut):
            out = SynthesisOut(paragraphs=out.paragraphs, judgement=clean_text(strip_groups(parsed.judgement)))
        elif isinstance(parsed, ProposedSection):
            out = ProposedSection(paragraphs=out.paragraphs, heading=clean_text(strip_groups(parsed.heading)),
                                  uses=parsed.uses)
        if rejected:
            with self._lock:
                self.rejected.extend(rejected)
            for text in rejected:
                log.warning("%s: dropped a clause relaying an instruction found in the evidence: %.80s", name, text)
        return out


def openai_drafter(settings, wrap: Callable[[ChatModel], ChatModel] | None = None,
                   method_memory=None) -> LLMDrafter:
    """The drafter over an OpenAI-compatible endpoint (settings: model, base_url, api_key, timeout,
    max_retries). `draft` answers from the store's response cache and method memory first (a re-run
    pays only for missing calls); a caller with its own layers (eval) passes `wrap` (`CachedChat`)
    and, optionally, `method_memory`."""
    from draftbot.llm import OpenAIChat
    from draftbot.llm.cache import store_chat

    chat: ChatModel = (store_chat(settings) if wrap is None
                       else OpenAIChat.from_settings(settings, method_memory=method_memory))
    label = f"openai (model {chat.model} at {getattr(chat, 'inner', chat).endpoint})"
    return LLMDrafter(wrap(chat) if wrap is not None else chat, name="openai", label=label)


def replay_drafter(settings, replay: Path | str, wrap: Callable[[ChatModel], ChatModel] | None = None) -> LLMDrafter:
    """The drafter answering from recorded replies in `replay` (no network; they cost nothing now)."""
    from draftbot.llm import ReplayChat

    chat: ChatModel = ReplayChat(replay, settings.model)
    label = f"replay (recorded replies of model {settings.model} from {replay}; no network)"
    return LLMDrafter(wrap(chat) if wrap is not None else chat, name="replay", label=label, count_cost=False)
