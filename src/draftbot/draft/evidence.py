"""The evidence stage: which sources the day may cite, and per section: retrieve for each query among
them (or among the sources its outline section names), merge, number 1..n, as a `SectionTask`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from draftbot.backends.base import SectionTask
from draftbot.briefing.brief import Brief, SectionSpec
from draftbot.draft.plan_stage import Outline, section_spec
from draftbot.errors import UserError
from draftbot.models import Evidence, Hit, SourceRecord
from draftbot.text.normalize import chinese_summary
from draftbot.text.tokens import count_tokens

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store


def allowed_sources(sources: list[SourceRecord], day: dt.date, brief: Brief) -> list[SourceRecord]:
    """Sources a draft for `day` may cite: the day's own (and up to `recent_days` before), plus
    background kinds (e.g. policy) up to `background.days` before. Never anything after the day."""
    bg = brief.background
    out = []
    for r in sources:
        if r.date is None or r.date > day:
            continue
        age = (day - r.date).days
        if age <= bg.recent_days or (r.kind in bg.kinds and age <= bg.days):
            out.append(r)
    return out


def day_sources(records: list[SourceRecord], day: dt.date, brief: Brief, where: str) -> list[SourceRecord]:
    """`allowed_sources`, refused with one line (and the nearest dates) when the day has none."""
    allowed = allowed_sources(records, day, brief)
    if not any(r.date == day for r in allowed):
        near = nearest_dates(records, day)
        hint = ("; nearest dates in the store: " + ", ".join(d.isoformat() for d in near)) if near else \
            "; the store is empty (run `draftbot ingest PATH...` first)"
        raise UserError(f"no sources dated {day.isoformat()} in store {where}{hint}")
    return allowed


def nearest_dates(sources: list[SourceRecord], day: dt.date, k: int = 3) -> list[dt.date]:
    dates = sorted({r.date for r in sources if r.date})
    return sorted(sorted(dates, key=lambda d: (abs((d - day).days), d))[:k])


def merge_hits(per_query: list[list[Hit]], budget: int) -> list[Hit]:
    """Round-robin over the queries' ranked hits (each query gets its best in before any gets a
    second), deduplicated by chunk, capped at `budget`."""
    merged: list[Hit] = []
    seen: set[str] = set()
    depth = max((len(h) for h in per_query), default=0)
    for rank in range(depth):
        for hits in per_query:
            if rank < len(hits) and hits[rank].chunk_id not in seen:
                seen.add(hits[rank].chunk_id)
                merged.append(hits[rank])
                if len(merged) >= budget:
                    return merged
    return merged


def trim_to_tokens(hits: list[Hit], max_tokens: int, model: str | None = None,
                   each_source: bool = False) -> tuple[list[Hit], int]:
    """Keep hits in order while they fit in `max_tokens` (a hit that does not fit is skipped, a
    smaller later one may still fit); the first hit is always kept. `each_source`: so is each
    source's first hit (a section's own sources are all citable: a report ranked last had lost its
    only passage to its neighbours' longer ones)."""
    sizes = [count_tokens(h.text, model) for h in hits]
    first_of: dict[str, int] = {}
    for i, h in enumerate(hits[:1] if not each_source else hits):
        first_of.setdefault(h.source_id, i)
    firsts = set(first_of.values())
    used = sum(sizes[i] for i in firsts)
    keep = set(firsts)
    for i, t in enumerate(sizes):
        if i not in keep and used + t <= max_tokens:
            keep.add(i)
            used += t
    return [h for i, h in enumerate(hits) if i in keep], used


def gather_evidence(
    store: Store,
    spec: SectionSpec,
    allowed_ids: list[str],
    search_fn=None,
    model: str | None = None,
    per_source: bool = False,
    records: dict[str, SourceRecord] | None = None,
) -> tuple[list[Evidence], int]:
    """Numbered evidence for one section and its token count.

    `per_source`: the section's own sources (an outline's assignment): every query is asked of each
    source separately and the rankings merged round-robin, so each assigned source has evidence
    (a short notice is not crowded out by a long release) and can be cited."""
    from draftbot.index.retrieve import search, search_each

    if not allowed_ids:
        return [], 0
    budget = spec.evidence_budget
    if per_source:
        budget = max(budget, 2 * len(allowed_ids))
        if search_fn is None:  # every query of every source, each query scored once for all of them
            per_query = search_each(store, spec.queries, budget, allowed_ids)
        else:
            per_query = [search_fn(store, q, k=budget, source_ids=[sid]) for sid in allowed_ids for q in spec.queries]
        # the section owns these sources: after the best-ranked chunks, the rest of each source
        # in its own order (retrieval may rank only a few chunks of a long release)
        per_query += [_all_chunks(store, records[sid]) for sid in allowed_ids if records and sid in records]
    else:
        per_query = [(search_fn or search)(store, q, k=budget, source_ids=allowed_ids) for q in spec.queries]
    hits = merge_hits(per_query, budget)
    hits, tokens = trim_to_tokens(hits, spec.evidence_tokens, model, each_source=per_source)
    return [Evidence(n=i, hit=h) for i, h in enumerate(hits, 1)], tokens


def foreign_summaries(evidence: list[Evidence], by_id: dict[str, SourceRecord]) -> dict[int, str]:
    """Evidence n -> the Chinese `summary` of its source when the source is not Chinese."""
    out = {}
    for e in evidence:
        rec = by_id.get(e.hit.source_id)
        if rec and (rec.lang or "zh").lower()[:2] != "zh" and (summary := chinese_summary(rec.summary)):
            out[e.n] = summary
    return out


def section_tasks(store: Store, brief: Brief, outline: Outline, allowed: list[SourceRecord], records: list[SourceRecord],
                  day: dt.date, model: str | None, step: Callable[[], None]) -> tuple[list[SectionTask], int]:
    """One task per outline section, with its evidence; and the evidence's token count.

    A section that names its sources draws evidence only from them (its `source_ids`, then its
    `background_ids`); one that names none (an old brief's fixed section) from all allowed sources.
    Retrieval is sequential (one store handle); drafting is where time goes, and it is parallel."""
    by_id = {r.id: r for r in records}
    titles = {r.id: r.title for r in records}
    allowed_ids = [r.id for r in allowed]
    specs = [section_spec(s, brief, titles) for s in outline.sections]
    tasks, total = [], 0
    for section, spec in zip(outline.sections, specs):
        named = [i for i in section.all_ids() if i in by_id]
        ids = named if section.all_ids() else allowed_ids
        evidence, tokens = gather_evidence(store, spec, ids, model=model, per_source=bool(named), records=by_id)
        total += tokens
        spec = spec.model_copy(update={"target_chars": target_chars(spec.target_chars, evidence)})
        tasks.append(SectionTask(brief_title=brief.title, section=spec, evidence=evidence, date=day,
                                 target_chars=spec.target_chars, summaries=foreign_summaries(evidence, by_id),
                                 siblings=[o for o in specs if o.id != spec.id],
                                 source_ids=_to_cover(section, by_id, day, brief.plan.recency_days)))
        step()
    return tasks, total


def _to_cover(section, by_id: dict[str, SourceRecord], day: dt.date, recency_days: int) -> list[str]:
    """The sources a section should cite: its own, and a recent background source (the recency
    window: yesterday's notice of the same story is news, not a policy document to lean on)."""
    recent = [i for i in section.background_ids if i in by_id and by_id[i].date
              and 0 < (day - by_id[i].date).days <= recency_days]
    return [i for i in section.source_ids if i in by_id] + recent


def target_chars(base: int, evidence: list[Evidence]) -> int:
    """A section's length: the brief's target, and more (up to twice) when its evidence carries
    more: a long statistical release has more to say than a short notice, and a planned section's
    length should follow its material, not one number for every topic."""
    material = sum(len(e.hit.text) for e in evidence)
    return int(min(2 * base, max(base, MATERIAL_SHARE * material)))


# share of a section's evidence text its draft may take (extractive selects whole sentences)
MATERIAL_SHARE = 0.7


def _all_chunks(store: Store, rec: SourceRecord) -> list[Hit]:
    return [Hit(chunk_id=c.id, source_id=rec.id, title=rec.title, publisher=rec.publisher or "", date=rec.date,
                path=rec.path, score=0.0, text=c.text, start=c.start, end=c.end, kind=rec.kind or "release",
                url=rec.url, usage=rec.usage or "")
            for c in store.source_chunks(rec.id)]
