"""`run_draft`: the day's briefing as a short run of named stages.

    plan      draft/plan_stage.py the day's outline: handed in (--outline), or planned from the day's sources
    evidence  draft/evidence.py   the day's allowed sources; per section, retrieved evidence -> SectionTask
    compose   draft/compose.py    each task to the backend (concurrently) ...
    repair    draft/repair.py     ... every clause verified, repaired (<= 2 rounds), else marked or dropped
    overview  draft/overview.py   今日判断 and 摘要 over the verified sections, verified the same way
    write     draft/write.py      briefing (FORMATS) + JSON provenance, atomically

Every clause is checked with `draftbot.verify.check_clause` (the one number checker); a draft never
carries an unverified number silently.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pydantic import BaseModel, ConfigDict

from draftbot.backends.base import Drafter, DraftUsage
from draftbot.backends.registry import can, default_backend, make_drafter
from draftbot.briefing.brief import load_brief
from draftbot.briefing.document import Draft
from draftbot.draft.evidence import day_sources
from draftbot.draft.plan_stage import Outline, Planner, plan_day, plan_from_brief
from draftbot.draft.progress import Progress, stage
from draftbot.errors import UserError
from draftbot.index.store import catalog, catalog_between
from draftbot.text.dates import iso_day

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.draft.verifier import Verifier
    from draftbot.index.store import Store


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
    # one line per section whose model call failed (its heading and the reason); the draft holds
    # a marked placeholder there and `draft` exits 1
    failed_sections: list[str] = []
    draft: Draft
    outline: Outline
    source_report: list[str]  # which of the day's sources were used, which left out and why


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
    store: Store | None = None,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    plan: Planner | None = None,
    outline: Outline | Path | None = None,
    notice: Callable[[str], None] | None = None,
    list_others: bool = False,
) -> DraftResult:
    """Draft the briefing for the sources of `date` and write OUT with its provenance beside it.

    The sections come from `outline` (an `Outline`, or an outline file to read), else from
    `plan(brief, allowed_sources, day) -> Outline`, else from the day's sources (`plan_day`: the
    backend's model plans when it has one, offline otherwise; an old brief's fixed `sections:` are
    its outline). `notice` gets one-line status for stderr (planner fallbacks, the source report).
    The source report counts the store's sources of other dates; `list_others` lists each (it then
    reads the whole catalog: at 100k chunks, 16k rows in the provenance)."""
    # the drafting stages (and the verifier under them) are imported here: `plan` runs
    # `run_plan` from this module and needs none of them
    from draftbot.briefing.evidence import carry
    from draftbot.briefing.formats import output_format
    from draftbot.briefing.prose import number_references
    from draftbot.briefing.provenance import provenance_path
    from draftbot.draft.compose import compose_sections
    from draftbot.draft.evidence import section_tasks
    from draftbot.draft.output import check_targets
    from draftbot.draft.overview import write_overview
    from draftbot.draft.purposes import with_purposes
    from draftbot.draft.repair import RunStats
    from draftbot.draft.sources_report import differing_lines, source_report
    from draftbot.draft.verifier import Verifier
    from draftbot.draft.write import run_record, write_briefing

    t0 = time.monotonic()
    day = iso_day(date)
    brief = load_brief(brief_path)
    form, out = output_format(out, fmt)
    prov = provenance_path(out, form.name)
    check_targets([out, prov], force)  # fail before any work

    with _opened(settings, store, quiet) as store:
        allowed = _whole(store, _allowed(store, day, brief))
        verifier = Verifier(store)
        drafter = _backend(settings, backend, drafter, verifier, replay)
        (log or (lambda s: None))(f"backend: {drafter.label}")
        stats = RunStats()

        # the planner's notices are printed once the draft is written: a draft that then fails
        # (the endpoint down) ends with its one error line only
        planned_notes: list[str] = []
        outline = _outline(outline, plan, brief, store, allowed, day, drafter, planned_notes.append)
        records = _day_records(store, allowed, outline, catalog(store) if list_others else None)
        n = len(outline.sections)
        tasks, ev_tokens = section_tasks(store, brief, outline, allowed, records, day, drafter.model,
                                         stage(progress, "retrieving evidence", n))
        workers = int(getattr(settings, "concurrency", 1) or 1)
        composed = compose_sections(drafter, tasks, verifier, stats, workers, stage(progress, "drafting sections", n))
        sections = [final for final, _ in composed]
        synthesis, summary = write_overview(drafter, brief, day, tasks, sections, records, verifier, stats,
                                            stage(progress, "今日判断 / 摘要", 2))

        # citable: the day's allowed sources, plus any older one the outline assigned by name
        assigned = _assigned(outline)
        citable = {r.id: r for r in allowed} | {r.id: r for r in records if r.id in assigned}
        citable = with_purposes(citable, sections, outline, stats.purposes)
        draft = Draft(brief=brief, date=day, summary=summary, sections=sections, synthesis=synthesis, sources=citable)
        draft.carried = carry(draft, store.source_text, verifier.lib)  # so `check` can judge it without this store
        report = source_report(outline, draft, tasks, {r.id: r for r in records}, store.source_count(),
                               list_others) + differing_lines(draft, verifier.lib)
        run = run_record(drafter, ev_tokens, draft, stats, outline) | {"source_report": report,
                                                                      "failed_sections": list(stats.failed)}
        write_briefing(draft, run, form, out, prov, force)

    say = notice or (lambda s: None)
    for line in planned_notes + stats.notes + retry_summary(drafter.usage.snapshot()) + stats.failed:
        say(line)
    clauses = [c for s in draft.all_sections() for c in s.clauses()]
    return DraftResult(
        path=out, provenance_path=prov, backend=drafter.name, label=drafter.label, model=drafter.model,
        sections=len(sections), clauses=len(clauses), cited_clauses=sum(1 for c in clauses if c.cites),
        references=len(number_references(draft)), repairs=stats.repairs, dropped=stats.dropped,
        pending=stats.pending, evidence_tokens=ev_tokens, usage=drafter.usage.snapshot(),
        seconds=time.monotonic() - t0, draft=draft, outline=outline, source_report=report,
        failed_sections=list(stats.failed),
    )


def retry_summary(usage) -> list[str]:
    """One stderr line per drafting prompt whose replies needed corrective retries (the outline's
    own line comes from the planner): `section: 2 corrective retries`."""
    return [f"{name}: {n} corrective {'retry' if n == 1 else 'retries'}"
            for name, n in sorted(usage.corrective_retries.items()) if n and name != "outline"]


def _outline(given, plan: Planner | None, brief, store: Store, allowed, day: dt.date, drafter: Drafter,
             notice: Callable[[str], None]) -> Outline:
    """The outline handed in, read, planned by `plan`, or planned from the day's sources."""
    if isinstance(given, Outline):
        return given
    if given is not None:
        from draftbot.outline import read_outline

        outline = read_outline(given, known_ids=store.source_ids())
        for line in outline.notes:  # this read's own lines (a source moved out of left_out)
            if line.startswith(f"outline {given}: "):
                notice(line)
        if outline.date and outline.date != day.isoformat():
            raise UserError(f"outline {given}: planned for {outline.date}, not {day.isoformat()} "
                            f"(plan this day with `draftbot plan --date {day.isoformat()}`)")
        return outline
    if plan is not None:
        return plan(brief, allowed, day)
    if brief.sections:
        return plan_from_brief(brief, allowed, day)
    chat = getattr(drafter, "chat", None) if can(drafter.name, "plans") else None
    outline, notices = plan_day(brief, store, day, chat, usage=drafter.usage if chat is not None else None)
    for line in notices:
        notice(line)
    return outline


@contextlib.contextmanager
def _opened(settings, store: Store | None, quiet: bool):
    """The store handed in, or one opened (and closed) for this run."""
    if store is not None:
        yield store
        return
    from draftbot.index.store import open_store

    with open_store(settings, quiet=quiet) as st:
        yield st


def _backend(settings, backend: str | None, drafter: Drafter | None, verifier: Verifier, replay: Path | None) -> Drafter:
    if drafter is None:
        drafter = make_drafter(settings, backend, accept=verifier.accept, replay=replay)
    elif getattr(drafter, "accept", "absent") is None:
        drafter.accept = verifier.accept  # a selecting backend handed in without a verifier
    if getattr(drafter, "source_text", "absent") is None:
        drafter.source_text = verifier.source_text  # a copying backend reads a sentence in its whole source
    return drafter


def _assigned(outline) -> set[str]:
    return {i for s in outline.sections for i in s.all_ids()}


def _whole(store: Store, listed: list) -> list:
    """The whole records of `listed` sources, in their order (one read)."""
    got = store.get_sources([r.id for r in listed])
    return [got[r.id] for r in listed if r.id in got]


def _allowed(store: Store, day: dt.date, brief) -> list:
    """The day's citable sources (`allowed_sources`) as catalog rows, from the date range they can
    lie in; no source that day: refused with the store's nearest dates (only then listed whole)."""
    bg = brief.background
    back = max(bg.days, bg.recent_days)
    near = catalog_between(store, day - dt.timedelta(days=min(back, day.toordinal() - 1)), day)
    if not any(r.date == day for r in near):
        day_sources(catalog(store), day, brief, store.where)  # raises, naming the nearest dates
    return day_sources(near, day, brief, store.where)


def _day_records(store: Store, allowed: list, outline, listed: list | None = None) -> list:
    """The day's allowed sources and those the outline names, as whole records (their text,
    summary and language are read); with `listed` (the catalog), every other source too, as its
    `Listed` row, in the store's order (only titled in the source report)."""
    named = _assigned(outline) | {lo.source_id for lo in outline.left_out}
    whole = {r.id: r for r in allowed}
    whole |= store.get_sources([i for i in named if i not in whole])
    return list(whole.values()) if listed is None else [whole.get(r.id, r) for r in listed]


def run_plan(settings, date: dt.date | str, brief_path: Path | None = None, backend: str | None = None,
             replay: Path | None = None, store=None, quiet: bool = False) -> tuple[Outline, list[str], dict[str, str]]:
    """The day's outline as `draft` would plan it: (outline, notices, source id -> title).

    The backend's model plans when the registry says it `plans`; otherwise the offline planner."""
    day = iso_day(date)
    brief = load_brief(brief_path)
    with _opened(settings, store, quiet) as store:
        if not store.sources_between(day, day):  # no sources that day: one line (nearest dates), as `draft`
            day_sources(catalog(store), day, brief, store.where)
        name = backend or default_backend(settings)
        chat = getattr(make_drafter(settings, name, replay=replay), "chat", None) if can(name, "plans") else None
        outline, notices = plan_day(brief, store, day, chat)
        # the titles the outline file shows beside its source ids: those sources' records only
        titles = {sid: r.title for sid, r in store.get_sources(sorted(_ids_in(outline))).items()}
    return outline, notices, titles


def _ids_in(outline) -> set[str]:
    """Every value of the outline that reads as a source id (what the outline file annotates)."""
    import re

    found: set[str] = set()

    def walk(v) -> None:
        if isinstance(v, str) and re.fullmatch(r"[0-9a-f]{12,64}", v):
            found.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(outline.model_dump(mode="json"))
    return found
