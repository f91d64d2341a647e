"""`run_draft`: evidence -> sections (concurrently) -> verify/repair -> 今日判断 -> 摘要 -> render -> write.

Every clause is checked with `draftbot.verify.check_clause` (the one number checker). A clause that
fails (unknown citation, uncited number, number not in its cited sources) goes back to the backend
with the exact problems (at most `MAX_REPAIRS` rounds); what still fails is kept but marked inline
【待核实：…】, or dropped by backends that cannot rewrite (extractive). A draft never carries an
unverified number silently.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, ConfigDict

from draftbot.errors import UserError
from draftbot.briefing.brief import Brief, load_brief
from draftbot.briefing.document import CitedSpan, Draft, DraftClause, DraftParagraph, DraftSection
from draftbot.backends.base import (
    ClauseOut,
    DraftedSection,
    Drafter,
    DraftUsage,
    OverviewTask,
    ParagraphOut,
    SectionOut,
    SectionTask,
    SummaryTask,
    SynthesisTask,
)
from draftbot.draft.evidence import allowed_sources, gather_evidence, nearest_dates
from draftbot.backends.registry import make_drafter
from draftbot.briefing.formats import output_format
from draftbot.briefing.prose import number_references
from draftbot.briefing.provenance import provenance, provenance_path, to_bytes
from draftbot.draft.output import check_targets, write_files
from draftbot.models import Evidence, Finding, SourceRecord

MAX_REPAIRS = 2
NON_BLOCKING = {"weak_support"}  # informational verifier findings that need no repair


class DraftResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    path: Path
    provenance_path: Path
    backend: str
    label: str
    model: str | None
    sections: int
    clauses: int
    cited_clauses: int
    references: int
    repairs: int  # repair rounds requested from the backend
    dropped: int  # clauses dropped because they failed verification (extractive)
    pending: int  # clauses kept with a 【待核实】 mark
    evidence_tokens: int
    usage: DraftUsage
    seconds: float
    draft: Draft


# ----------------------------------------------------------------------------- verification


class Verifier:
    """`check_clause` over the store's sources, serialised (the library caches lazily)."""

    def __init__(self, store) -> None:
        from draftbot.verify import SourceLibrary

        self.lib = SourceLibrary.from_store(store)
        self._lock = threading.Lock()

    def check(self, text: str, source_ids: list[str]) -> list[Finding]:
        from draftbot.verify import check_clause

        with self._lock:
            found = check_clause(text, source_ids, self.lib)
        return [f for f in found if f.kind not in NON_BLOCKING]

    def accept(self, text: str, source_ids: list[str]) -> bool:
        return not self.check(text, source_ids)


def clause_problems(clause: ClauseOut, evidence: dict[int, Evidence], verifier: Verifier) -> list[str]:
    """Problems of one clause, worded for the backend (and for the 【待核实】 mark)."""
    problems = []
    unknown = [n for n in clause.cites if n not in evidence]
    if unknown:
        problems.append("引用了不存在的证据编号 " + "".join(f"[{n}]" for n in unknown))
    sids = _dedupe(evidence[n].hit.source_id for n in clause.cites if n in evidence)
    if unknown and not sids:
        return problems  # every number would fail too; the bad citation is the one thing to fix
    for f in verifier.check(clause.text, sids):
        if f.kind == "uncited_number":
            problems.append(f"数字 {f.number} 没有引用")
        elif f.kind == "unsupported_number":
            near = f"（所引证据中最接近的是 {f.suggestion}）" if f.suggestion else ""
            problems.append(f"数字 {f.number} 在所引证据中找不到{near}")
        elif f.kind == "wrong_source":
            problems.append(f"数字 {f.number} 不在所引证据中")
        elif f.kind == "derived":
            problems.append(f"数字 {f.number} 是计算所得，证据中没有原文")
        else:
            problems.append(f.detail)
    return problems


def _dedupe(items) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _problem_list(out: SectionOut, evidence: dict[int, Evidence], verifier: Verifier) -> list[list[list[str]]]:
    return [[clause_problems(c, evidence, verifier) for c in p.clauses] for p in out.paragraphs]


def verified(
    drafter: Drafter,
    task: SectionTask | OverviewTask,
    out: SectionOut,
    verifier: Verifier,
    stats: dict,
) -> tuple[SectionOut, list[list[list[str]]]]:
    """Repair rounds until clean (or MAX_REPAIRS); returns the output and its remaining problems."""
    evidence = {e.n: e for e in task.evidence}
    problems = _problem_list(out, evidence, verifier)
    rounds = 0
    while drafter.can_repair and rounds < MAX_REPAIRS and any(pr for para in problems for pr in para):
        flat = []
        for pi, para in enumerate(problems, 1):
            for ci, prs in enumerate(para, 1):
                if prs:
                    text = out.paragraphs[pi - 1].clauses[ci - 1].text
                    flat.append(f"第{pi}段第{ci}句「{text}」：" + "；".join(prs))
        rounds += 1
        _bump(stats, "repairs")
        out = drafter.repair_section(task, out, flat)
        problems = _problem_list(out, evidence, verifier)
    return out, problems


def _bump(stats: dict, key: str, by: int = 1) -> None:
    with stats["lock"]:
        stats[key] += by


def finalize(
    section_id: str,
    heading: str,
    kind: str,
    out: SectionOut,
    problems: list[list[list[str]]],
    evidence: list[Evidence],
    summaries: dict[int, tuple[str, str]],
    drop_failing: bool,
    stats: dict,
) -> DraftSection:
    """SectionOut (local evidence numbers) -> DraftSection (source spans), marking or dropping failures."""
    ev = {e.n: e for e in evidence}
    paras = []
    for p, para_problems in zip(out.paragraphs, problems):
        clauses = []
        for c, prs in zip(p.clauses, para_problems):
            if not c.text.strip():
                continue
            if prs and drop_failing:
                _bump(stats, "dropped")
                continue
            spans = []
            for n in _dedupe(c.cites):
                if n not in ev:
                    continue
                h = ev[n].hit
                via = "text"
                start, end = h.start, h.end
                if n in summaries and _from_summary(c.text, summaries[n][1]):
                    via, start, end = "summary", 0, len(summaries[n][1])
                spans.append(CitedSpan(source_id=h.source_id, chunk_id=h.chunk_id, start=start, end=end, via=via))
            if prs:
                _bump(stats, "pending")
            clauses.append(DraftClause(text=c.text.strip(), cites=spans, pending=prs))
        if clauses:
            paras.append(DraftParagraph(clauses=clauses))
    return DraftSection(id=section_id, heading=heading, kind=kind, paragraphs=paras)


def _from_summary(text: str, summary: str) -> bool:
    t = text.strip().rstrip("。；")
    return bool(t) and t in summary


# ----------------------------------------------------------------------------- overview tasks


def overview_inputs(
    drafted: list[tuple[DraftSection, SectionOut, list[Evidence], object]],
) -> tuple[list[DraftedSection], list[Evidence]]:
    """Merge the evidence the verified sections cite into one list 1..n and renumber their clauses,
    so synthesis and summary cite the underlying sources, never a section."""
    merged: list[Evidence] = []
    by_chunk: dict[str, int] = {}
    sections = []
    for final, out, evidence, spec in drafted:
        ev = {e.n: e for e in evidence}
        paras = []
        for p in final.paragraphs:
            clauses = []
            for c in p.clauses:
                if c.pending:
                    continue  # only verified clauses feed the overview
                nums = []
                for span in c.cites:
                    if span.chunk_id not in by_chunk:
                        hit = next((e.hit for e in evidence if e.hit.chunk_id == span.chunk_id), None)
                        if hit is None:
                            continue
                        merged.append(Evidence(n=len(merged) + 1, hit=hit))
                        by_chunk[span.chunk_id] = len(merged)
                    nums.append(by_chunk[span.chunk_id])
                clauses.append(ClauseOut(text=c.text, cites=nums))
            if clauses:
                paras.append(ParagraphOut(clauses=clauses))
        del ev
        sections.append(DraftedSection(id=final.id, heading=final.heading, spec=spec, out=SectionOut(paragraphs=paras)))
    return sections, merged


# ----------------------------------------------------------------------------- progress


class _Progress:
    """rich progress on a TTY; silent with --quiet or when stderr is not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._p = None
        self._lock = threading.Lock()

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._p = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                               TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._p.__enter__()
            self._task = self._p.add_task("drafting", total=1)
        return self

    def set(self, description: str, total: int | None = None) -> None:
        if self._p is not None:
            with self._lock:
                self._p.update(self._task, description=description, total=total, completed=0 if total else None)

    def advance(self) -> None:
        if self._p is not None:
            with self._lock:
                self._p.advance(self._task)

    def __exit__(self, *exc):
        if self._p is not None:
            self._p.__exit__(*exc)


# ----------------------------------------------------------------------------- run


def run_draft(
    settings,
    date: dt.date | str,
    brief_path: Path | None = None,
    out: Path | None = None,
    backend: str | None = None,
    fmt: str | None = None,
    force: bool = False,
    quiet: bool = False,
    drafter: Drafter | None = None,
    replay: Path | None = None,
    store=None,
    log: Callable[[str], None] | None = None,
) -> DraftResult:
    """Draft the briefing for the sources of `date` and write FILE (+ FILE.json provenance)."""
    t0 = time.monotonic()
    day = _as_date(date)
    brief = load_brief(brief_path)
    form, out = output_format(out, fmt)
    prov = provenance_path(out, form.name)
    if prov == out:
        raise UserError(f"output {out} must not end in .json (the provenance file goes beside it)")
    check_targets([out, prov], force)  # fail before any work

    own_store = store is None
    if own_store:
        from draftbot.index.store import Store

        store = Store.open(settings, quiet=quiet)
    try:
        records = store.sources()
        allowed = allowed_sources(records, day, brief)
        if not any(r.date == day for r in allowed):
            near = nearest_dates(records, day)
            hint = ("; nearest dates in the store: " + ", ".join(d.isoformat() for d in near)) if near else \
                "; the store is empty (run `draftbot ingest PATH...` first)"
            raise UserError(f"no sources dated {day.isoformat()} in store {store.where}{hint}")
        allowed_ids = [r.id for r in allowed]
        verifier = Verifier(store)
        if drafter is None:
            drafter = make_drafter(settings, backend, accept=verifier.accept, replay=replay)
        elif getattr(drafter, "accept", "absent") is None:
            drafter.accept = verifier.accept  # an extractive drafter handed in without a verifier
        say = log or (lambda s: None)
        say(f"backend: {drafter.label}")

        stats = {"lock": threading.Lock(), "repairs": 0, "dropped": 0, "pending": 0}
        drop = not drafter.can_repair

        def one(i: int) -> tuple[DraftSection, SectionOut]:
            task = tasks[i]
            raw = drafter.draft_section(task) if task.evidence else SectionOut(paragraphs=[])
            fixed, problems = verified(drafter, task, raw, verifier, stats)
            spec = task.section
            final = finalize(spec.id, spec.heading, "section", fixed, problems, task.evidence, summaries_of[i], drop, stats)
            progress.advance()
            return final, fixed

        with _Progress(quiet) as progress:
            progress.set("retrieving evidence", total=len(brief.sections))
            # retrieval is sequential (one store handle); drafting is where time goes, so it is parallel
            tasks: list[SectionTask] = []
            summaries_of: list[dict[int, tuple[str, str]]] = []
            ev_tokens = 0
            by_id = {r.id: r for r in records}
            for spec in brief.sections:
                evidence, tokens = gather_evidence(store, spec, allowed_ids, model=drafter.model)
                ev_tokens += tokens
                sums = {}
                for e in evidence:
                    rec = by_id.get(e.hit.source_id)
                    if rec and rec.summary and (rec.lang or "zh").lower()[:2] != "zh":
                        sums[e.n] = (rec.id, rec.summary)
                summaries_of.append(sums)
                tasks.append(SectionTask(brief_title=brief.title, section=spec, evidence=evidence, date=day,
                                         target_chars=spec.target_chars,
                                         summaries={n: s for n, (_, s) in sums.items()},
                                         siblings=[o for o in brief.sections if o.id != spec.id]))
                progress.advance()
            progress.set("drafting sections", total=len(tasks))
            workers = max(1, min(int(getattr(settings, "concurrency", 1) or 1), len(tasks)))
            if workers == 1:
                results = [one(i) for i in range(len(tasks))]
            else:
                pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="draft")
                try:
                    results = list(pool.map(one, range(len(tasks))))
                except BaseException:
                    # Ctrl-C or a failed section: do not start the sections still queued
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
                pool.shutdown()
            sections = [r[0] for r in results]

            progress.set("今日判断 / 摘要", total=2)
            drafted, merged = overview_inputs(
                [(final, fixed, task.evidence, task.section) for (final, fixed), task in zip(results, tasks)]
            )
            merged_sums = _merged_summaries(merged, by_id)
            common = dict(brief_title=brief.title, date=day, sections=drafted, evidence=merged,
                          summaries={n: s for n, (_, s) in merged_sums.items()})
            syn_task = SynthesisTask(heading=brief.synthesis.heading, guidance=brief.synthesis.guidance,
                                     target_chars=brief.synthesis.target_chars, **common)
            syn_out, syn_pr = verified(drafter, syn_task, drafter.synthesize(syn_task) if merged else SectionOut(paragraphs=[]),
                                       verifier, stats)
            synthesis = finalize("synthesis", brief.synthesis.heading, "synthesis", syn_out, syn_pr, merged,
                                 merged_sums, drop, stats)
            progress.advance()
            sum_task = SummaryTask(heading=brief.summary.heading, guidance=brief.summary.guidance,
                                   target_chars=brief.summary.target_chars, **common)
            sum_out, sum_pr = verified(drafter, sum_task, drafter.summarize(sum_task) if merged else SectionOut(paragraphs=[]),
                                       verifier, stats)
            summary = finalize("summary", brief.summary.heading, "summary", sum_out, sum_pr, merged,
                               merged_sums, drop, stats)
            progress.advance()

        draft = Draft(brief=brief, date=day, summary=summary, sections=sections, synthesis=synthesis,
                      sources={r.id: r for r in allowed})
        usage = drafter.usage.snapshot()
        run = {
            "backend": drafter.name,
            "backend_label": drafter.label,
            "model": drafter.model,
            "prompt_hashes": usage.prompt_hashes,
            "tokens": {
                "evidence": ev_tokens,
                "prompt": usage.prompt_tokens,
                "completion": usage.completion_tokens,
                "calls": usage.calls,
            },
            "cost_usd": usage.cost_usd,
            "allowed_source_ids": sorted(allowed_ids),
            "verification": {k: stats[k] for k in ("repairs", "dropped", "pending")},
        }
        from draftbot.text.tokens import tokenizer_name

        run["tokens"]["tokenizer"] = tokenizer_name(drafter.model)
        files = {out: form.render(draft), prov: to_bytes(provenance(draft, run, out, form.name))}
        write_files(files, force=force)
    finally:
        if own_store:
            store.close()

    return DraftResult(
        path=out, provenance_path=prov, backend=drafter.name, label=drafter.label, model=drafter.model,
        sections=len(sections), clauses=sum(len(s.clauses()) for s in draft.all_sections()),
        cited_clauses=sum(1 for s in draft.all_sections() for c in s.clauses() if c.cites),
        references=len(number_references(draft)), repairs=stats["repairs"], dropped=stats["dropped"],
        pending=stats["pending"], evidence_tokens=ev_tokens, usage=usage, seconds=time.monotonic() - t0, draft=draft,
    )


def _merged_summaries(merged: list[Evidence], by_id: dict[str, SourceRecord]) -> dict[int, tuple[str, str]]:
    out = {}
    for e in merged:
        rec = by_id.get(e.hit.source_id)
        if rec and rec.summary and (rec.lang or "zh").lower()[:2] != "zh":
            out[e.n] = (rec.id, rec.summary)
    return out


def _as_date(d) -> dt.date:
    if isinstance(d, dt.date):
        return d
    try:
        return dt.date.fromisoformat(str(d))
    except ValueError:
        raise UserError(f"date {d!r} is not valid: expected YYYY-MM-DD") from None
