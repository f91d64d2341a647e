"""The drafting-backend interface.

A backend turns one task (a section with its numbered evidence, or the synthesis / summary over
already verified sections) into a `SectionOut`: paragraphs of clauses, each clause with the evidence
numbers it cites. `SectionOut` is exactly the structured output an LLM backend asks the model for.

The pipeline owns everything else (retrieval, verification, repair rounds, 【待核实】 marks,
rendering), so a backend is small: see `extractive.py` (no model) and, for LLM prompts,
`chat_drafter.py` that implements `Drafter` with `draftbot.llm.ChatModel` and `draftbot.resources.load_prompt`.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from draftbot.briefing.brief import SectionSpec
from draftbot.models import Evidence

# ----------------------------------------------------------------------------- output schema


class ClauseOut(BaseModel):
    text: str = Field(description="分句文本，不含 [n] 引用标记")
    # Required (no defaults) so a reply that ignores the schema fails validation and is retried,
    # and so strict json_schema servers accept the schema.
    cites: list[int] = Field(description="该分句所依据的证据编号 n；评论性分句可为空列表")


class ParagraphOut(BaseModel):
    clauses: list[ClauseOut]


class SectionOut(BaseModel):
    """What every backend returns (and what LLMs are asked for as structured output)."""

    paragraphs: list[ParagraphOut]

    def clauses(self) -> list[ClauseOut]:
        return [c for p in self.paragraphs for c in p.clauses]

    def chars(self) -> int:
        return sum(len(c.text) for c in self.clauses())


# ----------------------------------------------------------------------------- tasks


def evidence_block(evidence: list[Evidence], summaries: dict[int, str] | None = None) -> str:
    """Evidence as prompt text: `[n] 发布者 · 日期 · 《标题》` then the snippet (and a Chinese summary
    for an English source). Backends may format their own; this is the shared default."""
    summaries = summaries or {}
    parts = []
    for ev in evidence:
        h = ev.hit
        date = h.date.isoformat() if h.date else "日期不详"
        head = f"[{ev.n}] {h.publisher or '发布者不详'} · {date} · 《{h.title}》"
        body = h.text.strip()
        if ev.n in summaries:
            body += f"\n（来源中文摘要：{summaries[ev.n]}）"
        parts.append(f"{head}\n{body}")
    return "\n\n".join(parts)


class SectionTask(BaseModel):
    """One topical section to draft from its numbered evidence (numbers are local to the task)."""

    brief_title: str
    section: SectionSpec
    evidence: list[Evidence]
    date: dt.date
    target_chars: int
    # evidence n -> the Chinese `summary` of its source when the source is not Chinese; part of the
    # indexed source (front matter), so a clause may restate it and cite n.
    summaries: dict[int, str] = Field(default_factory=dict)
    # the outline's other sections, so a backend can leave their topics to them (no repeats)
    siblings: list[SectionSpec] = Field(default_factory=list)
    # the day's sources the outline assigns to this section: each should be cited (or reported
    # unused); empty for a section that may draw on any allowed source
    source_ids: list[str] = Field(default_factory=list)


class DraftedSection(BaseModel):
    """A verified section as input to synthesis / summary; cites are numbers in the task's evidence."""

    id: str
    heading: str
    spec: SectionSpec | None = None
    out: SectionOut


class SynthesisOut(SectionOut):
    """今日判断 as an LLM returns it: the points, and its own one-line judgement for the heading."""

    # not required: a reply without it keeps the brief's plain label as the heading
    judgement: str = Field(default="", description="一句话的今日判断，作为本节标题（不超过30字，不带引用编号和句号）")


class OverviewTask(BaseModel):
    """Shared shape of the synthesis (今日判断) and summary (摘要) tasks.

    `evidence` merges the evidence the drafted sections cite, renumbered 1..n; the sections' clauses
    cite those numbers, so a backend citing a fact it reuses cites the underlying source, never a section.
    """

    brief_title: str
    heading: str
    guidance: str
    target_chars: int
    date: dt.date
    sections: list[DraftedSection]
    evidence: list[Evidence]
    summaries: dict[int, str] = Field(default_factory=dict)

    def sections_text(self) -> str:
        """The drafted sections as text with their [n] citations (for prompts)."""
        out = []
        for s in self.sections:
            paras = []
            for p in s.out.paragraphs:
                paras.append("".join(c.text + "".join(f"[{n}]" for n in c.cites) for c in p.clauses))
            out.append(f"## {s.heading}\n" + "\n\n".join(paras))
        return "\n\n".join(out)


class SynthesisTask(OverviewTask):
    pass


class SummaryTask(OverviewTask):
    pass


# ----------------------------------------------------------------------------- usage accounting


class DraftUsage(BaseModel):
    """Totals for provenance: calls, tokens, prompt versions, estimated cost (None without a model)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_hashes: dict[str, str] = Field(default_factory=dict)  # prompt name -> content hash
    cost_usd: float | None = None
    # replies asked again because they were not the schema's JSON, per prompt name; each is a call
    corrective_retries: dict[str, int] = Field(default_factory=dict)


class UsageMeter:
    """Thread-safe accumulator (sections are drafted concurrently)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._u = DraftUsage()

    def add(
        self,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        prompt: str | None = None,
        prompt_hash: str | None = None,
        cost_usd: float | None = None,
        corrections: int = 0,
    ) -> None:
        with self._lock:
            self._u.calls += 1 + corrections
            if corrections and prompt:
                self._u.corrective_retries[prompt] = self._u.corrective_retries.get(prompt, 0) + corrections
            self._u.prompt_tokens += prompt_tokens
            self._u.completion_tokens += completion_tokens
            if prompt and prompt_hash:
                self._u.prompt_hashes[prompt] = prompt_hash
            if cost_usd is not None:
                self._u.cost_usd = (self._u.cost_usd or 0.0) + cost_usd

    def snapshot(self) -> DraftUsage:
        with self._lock:
            return self._u.model_copy(deep=True)


# ----------------------------------------------------------------------------- the interface


@runtime_checkable
class Drafter(Protocol):
    """A drafting backend.

    - `name`: "extractive" | "openai" | "replay" | ...; `model`: model name or None.
    - `label`: one honest line printed by `draft` ("extractive (no LLM; ...)").
    - `can_repair`: False for backends that cannot rewrite (extractive): the pipeline then drops a
      clause that fails verification instead of asking for a repair.
    - `usage`: a `UsageMeter` the backend adds to on every model call.
    """

    name: str
    model: str | None
    label: str
    can_repair: bool
    usage: UsageMeter

    def draft_section(self, task: SectionTask) -> SectionOut: ...

    def repair_section(self, task: SectionTask | OverviewTask, previous: SectionOut, problems: list[str]) -> SectionOut: ...

    def synthesize(self, task: SynthesisTask) -> SectionOut: ...

    def summarize(self, task: SummaryTask) -> SectionOut: ...
