"""The repair stage: every clause goes through the verifier, read in its sentence; a clause that
fails (unknown citation, uncited number, number not in its cited sources, a claim the cited source
words otherwise: direction, period, subject, approximation, multiple, source) goes back to the backend with the exact problems,
at most `MAX_REPAIRS` rounds. What still fails is kept but marked inline 【待核实：…】, or dropped by
backends that cannot rewrite (extractive). A draft never carries an unverified number silently.
"""

from __future__ import annotations

import threading

from draftbot.backends.base import Drafter, OverviewTask, SectionOut, SectionTask
from draftbot.briefing.document import CitedSpan, DraftClause, DraftParagraph, DraftSection
from draftbot.draft.verifier import Verifier, clause_problems, dedupe, sentences_of
from draftbot.llm.base import ReplyFailed
from draftbot.models import Evidence

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

    def bump(self, key: str) -> None:
        with self._lock:
            setattr(self, key, getattr(self, key) + 1)

    def fail(self, section_id: str, heading: str, reason: str, error: Exception | None = None) -> None:
        line = f"section {section_id} 「{heading}」 failed: {' '.join(reason.split())}"
        with self._lock:
            self.failed.append(line)
            if error is not None:
                self.errors.append(error)

    def as_dict(self) -> dict[str, int]:
        return {"repairs": self.repairs, "dropped": self.dropped, "pending": self.pending}


def _problems(out: SectionOut, evidence: dict[int, Evidence], verifier: Verifier) -> Problems:
    """Each clause checked in its sentence, as `check` reads the rendered paragraph."""
    return [[clause_problems(c, evidence, verifier, sentence=sent, start=at)
             for c, (sent, at) in zip(p.clauses, sentences_of(p))] for p in out.paragraphs]


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
            clauses.append(DraftClause(text=c.text.strip(), cites=spans, pending=prs))
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
