"""The repair stage: every clause goes through the verifier, read in its sentence; a clause that
fails (unknown citation, uncited number, number not in its cited sources, a claim the cited source
words otherwise: direction, period, subject, approximation, multiple, source) goes back to the backend with the exact problems,
at most `MAX_REPAIRS` rounds. What still fails is kept but marked inline 【待核实：…】, or dropped by
backends that cannot rewrite (extractive). A draft never carries an unverified number silently.
"""

from __future__ import annotations

import re
import threading

from draftbot.backends.base import Drafter, OverviewTask, SectionOut, SectionTask
from draftbot.briefing.document import CitedSpan, DraftClause, DraftParagraph, DraftSection
from draftbot.draft.amounts import chinese_form, english_amounts
from draftbot.draft.subject_figure import SubjectFigure, subject_figure
from draftbot.draft.verifier import Verifier, clause_problems, dedupe, sentences_of, wording
from draftbot.verify.kinds import editor_text, repair_text
from draftbot.llm.base import ReplyFailed
from draftbot.models import Evidence, Finding

MAX_REPAIRS = 2

Problems = list[list[list[str]]]  # per paragraph, per clause: the clause's problems


class RunStats:
    """Counters shared by the concurrently drafted sections."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.repairs = 0  # repair rounds requested from the backend
        self.dropped = 0  # clauses dropped because they failed verification
        self.pending = 0  # clauses kept with a 【待核实】 mark
        self.failed: list[str] = []  # one line per section whose model call failed, naming it and why
        self.errors: list[Exception] = []  # the sections' drafting errors (all failed: the run fails)
        self.notes: list[str] = []  # one line each for stderr (a model's heading kept)
        self.purposes: dict[str, str] = {}  # source id -> the model's purpose for it (first section's)

    def bump(self, key: str) -> None:
        with self._lock:
            setattr(self, key, getattr(self, key) + 1)

    def purpose(self, source_id: str, text: str) -> None:
        with self._lock:
            self.purposes.setdefault(source_id, text)

    def note(self, line: str) -> None:
        with self._lock:
            self.notes.append(line)

    def fail(self, section_id: str, heading: str, reason: str, error: Exception | None = None) -> None:
        line = f"section {section_id} 「{heading}」 failed: {' '.join(reason.split())}"
        with self._lock:
            self.failed.append(line)
            if error is not None:
                self.errors.append(error)

    def as_dict(self) -> dict[str, int]:
        return {"repairs": self.repairs, "dropped": self.dropped, "pending": self.pending}


def _problems(out: SectionOut, evidence: dict[int, Evidence], verifier: Verifier) -> Problems:
    """Each clause checked in its sentence, as `check` reads the rendered paragraph; each problem
    worded for the model (with what the evidence states for the clause's subject) and for the
    editor's 【待核实】 mark."""
    return [[clause_problems(c, evidence, verifier, sentence=sent, start=at,
                             word=lambda f, sent=sent: problem(f, sent, evidence, verifier.lib)) + _untranslated(c.text)
             for c, (sent, at) in zip(p.clauses, sentences_of(p))] for p in out.paragraphs]


def _untranslated(text: str) -> list[Problem]:
    """An English amount left in Chinese prose, with its Chinese form (verified like any figure)."""
    return [Problem(f"英文金额 {orig} 要换算成中文单位写作「{zh}」（数值不变，只换写法），不要保留英文原文",
                    f"{orig} 应写作 {zh}") for orig, zh in english_amounts(text)]


class Problem(str):
    """A problem line as the repair request puts it to the model; `.mark` is the same problem as
    the editor reads it in 【待核实：…】 (what is unverified, in Chinese, no instruction)."""

    mark: str

    def __new__(cls, text: str, mark: str) -> "Problem":
        obj = super().__new__(cls, _inline(text))
        obj.mark = _inline(mark)
        return obj


def _inline(text: str) -> str:
    """No sentence stop inside: a mark stands mid-sentence, and a 。/； would split the sentence
    the editor's check reads (see `wording`)."""
    return re.sub(r"[。；;！？!?]", "，", text)


def subject_hint(sentence: str, number: str, evidence: dict[int, Evidence], lib) -> SubjectFigure | None:
    """The one adapter onto the verifier's subject-first suggestion (today: `subject_figure`)."""
    return subject_figure(sentence, number, evidence, lib)


_DELETE = "证据中没有写到这一说法，请删去该分句，或改写为不含这个数字的表述"


def problem(f: Finding, sentence: str, evidence: dict[int, Evidence], lib) -> Problem:
    """One finding as (model text, editor mark), both worded by verify/kinds.py (the mark names no
    evidence numbers but the source to cite instead). An unsupported or misattributed figure gets
    the evidence's figure for the clause's own subject, or "the evidence does not state this"."""
    num = f.number or ""
    mark = editor_text(f, nearest="", quote=f.suggestion if f.kind in _QUOTES else "", holder=_held(f))
    if f.kind in ("unsupported_number", "wrong_source", "wrong_subject") and not _held(f):
        hint = subject_hint(sentence, num, evidence, lib) if num else None
        # the wordings' first clause says what is wrong; the fix is the subject's own figure
        said = repair_text(f.model_copy(update={"suggestion": None})).split("，")[0]
        if hint is None:
            return Problem(f"{said}，{_DELETE}", mark.split("，")[0])
        zh = chinese_form(hint.figure)
        copy = f"数字写作「{zh}」并引用[{hint.n}]" if zh else f"数字照抄原文并引用[{hint.n}]"
        return Problem(f"{said}，证据[{hint.n}]对这一指标写的是「{hint.quote}」，请据此改写（{copy}）",
                       f"{mark.split('，')[0]}，来源写的是「{hint.quote}」")
    return Problem(wording(f), mark)


# kinds whose suggestion is the source's own words for the figure (quoted in the mark)
_QUOTES = ("wrong_direction", "wrong_period", "wrong_subject", "loose_approximation", "wrong_multiple")


def _held(f: Finding) -> str:
    """The [n] a wrong_source finding says holds the figure ("" when none)."""
    return f.suggestion if f.kind == "wrong_source" and (f.suggestion or "").startswith("[") else ""


def verified(drafter: Drafter, task: SectionTask | OverviewTask, out: SectionOut, verifier: Verifier,
             stats: RunStats) -> tuple[SectionOut, Problems]:
    """Repair rounds until clean (or MAX_REPAIRS); returns the output and its remaining problems."""
    evidence = {e.n: e for e in task.evidence}
    problems = _problems(out, evidence, verifier)
    rounds = 0
    while drafter.can_repair and rounds < MAX_REPAIRS and any(pr for para in problems for pr in para):
        flat = []
        for pi, para in enumerate(problems, 1):
            for ci, prs in enumerate(para, 1):
                if prs:
                    text = out.paragraphs[pi - 1].clauses[ci - 1].text
                    flat.append(f"第{pi}段第{ci}句「{text}」：" + "；".join(prs))
        rounds += 1
        stats.bump("repairs")
        try:
            out = drafter.repair_section(task, out, flat)
        except ReplyFailed as exc:  # the repair got no usable reply: keep the draft, its problems get marked
            stats.fail(getattr(task.section, "id", "overview") if isinstance(task, SectionTask) else "overview",
                       _task_heading(task), f"repair call: {exc}")
            break
        problems = _problems(out, evidence, verifier)
    return out, problems


def _task_heading(task) -> str:
    return task.section.heading if isinstance(task, SectionTask) else getattr(task, "heading", "")


def finalize(section_id: str, heading: str, kind: str, out: SectionOut, problems: Problems,
             evidence: list[Evidence], summaries: dict[int, str], drop_failing: bool,
             stats: RunStats) -> DraftSection:
    """SectionOut (local evidence numbers) -> DraftSection (source spans), marking or dropping failures."""
    ev = {e.n: e for e in evidence}
    paras = []
    for p, para_problems in zip(out.paragraphs, problems):
        clauses = []
        for c, prs in zip(p.clauses, para_problems):
            if not c.text.strip():
                continue
            if prs and drop_failing:
                stats.bump("dropped")
                continue
            spans = [_span(ev[n], n, c.text, summaries) for n in dedupe(c.cites) if n in ev]
            if prs:
                stats.bump("pending")
            clauses.append(DraftClause(text=c.text.strip(), cites=spans, pending=[getattr(p, "mark", p) for p in prs]))
        if clauses:
            paras.append(DraftParagraph(clauses=clauses))
    return DraftSection(id=section_id, heading=heading, kind=kind, paragraphs=paras)


def _span(e: Evidence, n: int, text: str, summaries: dict[int, str]) -> CitedSpan:
    """Where the clause's fact stands: the chunk, or the source's summary when the clause restates it."""
    h = e.hit
    if n in summaries and _from_summary(text, summaries[n]):
        return CitedSpan(source_id=h.source_id, chunk_id=h.chunk_id, start=0, end=len(summaries[n]), via="summary")
    return CitedSpan(source_id=h.source_id, chunk_id=h.chunk_id, start=h.start, end=h.end)


def _from_summary(text: str, summary: str) -> bool:
    t = text.strip().rstrip("。；")
    return bool(t) and t in summary
