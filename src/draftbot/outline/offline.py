"""The offline planner: deterministic, no model. Groups the day's sources by content similarity,
folds duplicate stories, offers recent and standing sources as background, bounds the section
count, orders by weight and composes headings from the sources' own titles."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from draftbot.outline.grouping import Group, agglomerate, closest_group, release_regions, seed_groups, topic_groups
from draftbot.outline.headings import compose, is_official, is_reply, ranked, title_core
from draftbot.outline.model import LeftOut, Outline, OutlineSection, PlanSpec
from draftbot.outline.similarity import TopicSpace
from draftbot.outline.source_types import is_commentary, is_report
from draftbot.outline.sources import PlanSource, Standing, classify
from draftbot.text.normalize import normalize_width

# an older source joins a section as background when it is this close (body + title) to one of its sources
ATTACH_AT = 0.18
# the same story from two outlets: near-identical titles and near-identical text
DUP_TITLE = 0.5
DUP_TEXT = 0.55
# the same series from the same publisher: titles this alike (figures and dates aside)
SUPERSEDE_TITLE = 0.8
# one publisher's two official pages of a day whose titles are less alike are two subjects
DISTINCT_TITLE = 0.05


def plan_offline(sources: Sequence[PlanSource], day: dt.date, spec: PlanSpec) -> tuple[Outline, list[str]]:
    st = classify(sources, day, spec)
    if not st.day:
        notices = [f"outline: no sources dated {day.isoformat()}; nothing to plan"]
        return Outline(date=day.isoformat(), left_out=_distractors(st), notes=notices), notices
    space = TopicSpace(st.day + st.recent + st.background)
    dups = _fold_duplicates(st.day, space)
    groups, notices = _group(st.day, dups, space, spec)
    background, left_out = _attach(st, space, groups, spec.max_background)
    sections = _sections(st, groups, background, spec, space)
    section_of = {sid: sec.id for sec in sections for sid in sec.source_ids}
    for d, p in sorted(dups.items()):
        left_out.append(LeftOut(source_id=st.day[d].id, title=st.day[d].title, reason="duplicate story",
                                section=section_of.get(st.day[p].id), duplicate_of=st.day[p].id))
    left_out += _distractors(st)
    outline = Outline(date=day.isoformat(), planner="offline", sections=sections, left_out=left_out, notes=notices)
    return outline, notices


def _group(day: list[PlanSource], dups: dict[int, int], space: TopicSpace, spec: PlanSpec) -> tuple[list[Group], list[str]]:
    """The day's sources (duplicates aside) in topic groups within the section range, and notices."""
    idx = [i for i in range(len(day)) if i not in dups]
    kept = [day[i] for i in idx]
    sim = [[space.sim(i, j) if i != j else 2.0 for j in idx] for i in idx]

    commentaries = {k for k, s in enumerate(kept) if is_commentary(s)}

    def size(g: Group) -> tuple:  # the groups that carry least: fewest sources, not official
        members = [kept[m] for m in g.members]
        return (len(members), any(is_official(s) for s in members))

    apart = distinct_releases(kept, [[space.title.sim(i, j) for j in idx] for i in idx])
    groups = topic_groups(seed_groups(kept, spec.themes), sim, commentaries, apart=apart)
    natural = len(groups)
    groups = agglomerate(groups, sim, max_groups=spec.sections.max, size=size, commentaries=commentaries, apart=apart)
    for g in groups:  # back to indices into the day's list
        g.members = [idx[m] for m in g.members]
    notices = []
    if natural > spec.sections.max:
        notices.append(f"outline: {natural} topics merged into {len(groups)} sections (the brief allows at most {spec.sections.max})")
    if len(groups) < spec.sections.min:
        notices.append(f"outline: the day's sources make {len(groups)} topic(s), fewer than the brief's minimum of "
                       f"{spec.sections.min}; planned {len(groups)} section(s)")
    return groups, notices


def distinct_releases(sources: Sequence[PlanSource], title_sim) -> set[tuple[int, int]]:
    """Pairs of official pages (releases, notices) of one publisher whose titles share no topical
    word (title cosine below `DISTINCT_TITLE`, figures and dates aside): two series of that body
    (国家统计局's 国民经济运行 and 全国房地产市场基本情况 of one morning), which stay two sections
    unless the brief's section cap forces a merge. The monthly release restates the property
    totals in the property release's own words, so their bodies alone may look alike; the CPI and
    PPI releases read out together share their titles' 价格 and stay one story."""
    official = [k for k, s in enumerate(sources) if not is_report(s) and s.publisher.strip()]
    return {(i, j) for a, i in enumerate(official) for j in official[a + 1:]
            if _body(sources[i].publisher) == _body(sources[j].publisher) and title_sim[i][j] < DISTINCT_TITLE}


def _body(publisher: str) -> str:
    """A publisher as one body: 中华人民共和国财政部 (a site's header) is 财政部 (a notice's issuer)."""
    return normalize_width(publisher).strip().removeprefix("中华人民共和国")


def _attach(st: Standing, space: TopicSpace, groups: list[Group], most: int) -> tuple[dict[int, list[str]], list[LeftOut]]:
    """Recent and standing sources: background of the group holding their closest source (its
    `most` closest, in input order), or left out."""
    nday = len(st.day)
    close: dict[int, list[tuple[float, int]]] = {}
    left_out: list[LeftOut] = []
    cands = st.recent + st.background
    for k, s in enumerate(cands, start=nday):
        newer = _superseding(s, k, st.day, space)
        if newer is not None:
            left_out.append(LeftOut(source_id=s.id, title=s.title, reason="superseded", duplicate_of=newer.id))
            continue
        score, g = closest_group([space.sim(k, i, loose=True) for i in range(nday)], groups)
        if score >= ATTACH_AT:
            close.setdefault(g, []).append((score, k))
        else:
            left_out.append(LeftOut(source_id=s.id, title=s.title, reason="background"))
    background: dict[int, list[str]] = {}
    for g, scored in close.items():
        kept = {k for _, k in sorted(scored, key=lambda x: (-x[0], x[1]))[:most]}
        background[g] = [cands[k - nday].id for _, k in scored if k in kept]
        left_out += [LeftOut(source_id=cands[k - nday].id, title=cands[k - nday].title, reason="background")
                     for _, k in scored if k not in kept]
    return background, left_out


def _superseding(old: PlanSource, k: int, day: list[PlanSource], space: TopicSpace) -> PlanSource | None:
    """The day's source that supersedes an older one: the same publisher's next release of the same
    series (titles alike once figures and dates are set aside: 4月末外汇储备规模… and 5月末…), whose
    figures replace its figures; None when no source of the day does."""
    for i, s in enumerate(day):
        if s.publisher.strip() and s.publisher.strip() == old.publisher.strip() \
                and space.title.sim(k, i) >= SUPERSEDE_TITLE and (old.date is None or s.date is None or old.date < s.date):
            return s
    return None


def _fold_duplicates(day: list[PlanSource], space: TopicSpace) -> dict[int, int]:
    """Duplicate index -> the index of the source kept (the better-ranked of the pair)."""
    dups: dict[int, int] = {}
    order = {s.id: r for r, s in enumerate(ranked(day))}
    for i in range(len(day)):
        for j in range(i + 1, len(day)):
            if i in dups or j in dups:
                continue
            if _other_economies(day[i], day[j]):
                continue  # 浙江's CPI release is not a copy of the nation's, however alike they read
            if space.title.sim(i, j) >= DUP_TITLE and space.body.sim(i, j) >= DUP_TEXT:
                keep, drop = (i, j) if order[day[i].id] < order[day[j].id] else (j, i)
                dups[drop] = keep
    return dups


def _other_economies(a: PlanSource, b: PlanSource) -> bool:
    ra, rb = release_regions(a), release_regions(b)
    return bool(ra) and bool(rb) and not (ra & rb)


def _weight_key(members: list[PlanSource]) -> tuple:
    return (any(is_official(s) for s in members), sum(1 + s.chunks for s in members), len(members))


def _weight(members: list[PlanSource]) -> float:
    """Official releases first, then by how much the group carries (sources and their length)."""
    official, carried, _ = _weight_key(members)
    return float((100 if official else 0) + carried)


def _lead_first(day: list[PlanSource], members: list[int], space: TopicSpace) -> list[PlanSource]:
    """A group's sources, its lead first: releases before the news reports on them, commentaries
    last (quoting every release of the group, a commentary is its most central source, never its
    lead); then Chinese before not, an official body's before others, then the source closest to
    the rest of its group, then the usual rank (official releases first)."""
    order = {s.id: r for r, s in enumerate(ranked([day[i] for i in members]))}

    def centrality(i: int) -> float:
        return sum(space.sim(i, j) for j in members if j != i)

    # (a government body's document leads an association's or a company's report on the same thing)
    key = {i: (_tier(day[i]), not day[i].lang.startswith("zh"), not is_official(day[i]), -round(centrality(i), 6),
               order[day[i].id]) for i in members}
    return [day[i] for i in sorted(members, key=lambda i: key[i])]


def _sections(st: Standing, groups: list[Group], background: dict[int, list[str]], spec: PlanSpec,
              space: TopicSpace) -> list[OutlineSection]:
    drafts = []
    for g, group in enumerate(groups):
        members = _lead_first(st.day, group.members, space)
        drafts.append((_weight(members), members, group, background.get(g, [])))
    # a publication's standing themes come in its own order; the rest by weight
    order = {id(t): k for k, t in enumerate(spec.themes)}
    drafts.sort(key=lambda d: (order.get(id(d[2].theme), len(order)), -d[0], d[1][0].id))
    out = []
    for n, (weight, members, group, bg) in enumerate(drafts, start=1):
        out.append(OutlineSection(
            id=f"s{n}",
            heading=compose(_named_by(members), spec.heading_chars, group.theme),
            guidance=_guidance(members, group),
            queries=section_queries(members),
            source_ids=[s.id for s in members],
            background_ids=bg,
            weight=weight,
            theme=group.theme.name if group.theme else None,
        ))
    return out


def _tier(s: PlanSource) -> int:
    """0: a release; 1: a news report, or a body's Q&A or reading of an event (`headings._REPLY`:
    the event's report leads it); 2: a commentary."""
    if is_commentary(s):
        return 2
    return 1 if is_report(s) or is_reply(s) else 0


def _named_by(members: list[PlanSource]) -> list[PlanSource]:
    """The sources a heading is made of: all but the commentaries (a commentary's title is its
    opinion, not the day's news), unless the section has nothing else."""
    return [s for s in members if not is_commentary(s)] or members


def _guidance(members: list[PlanSource], group: Group) -> str:
    named = "；".join(f"{s.publisher}《{s.title}》" if s.publisher else f"《{s.title}》" for s in members)
    text = (f"本节写：{named}。先交代发布机构和日期，再写各来源的关键数据和要点，数字与单位照录来源并逐句引用；"
            "只用本节来源，不重复其他章节的句子和数字。")
    if len(members) > 1:
        text += "来源主题不同时分段写，每段一个主题。"
    if any(not s.lang.startswith("zh") for s in members):
        text += "英文来源用中文转述并注明出处，数字按原值转写。"
    if group.theme and group.theme.guidance:
        text += group.theme.guidance
    return text


def section_queries(members: list[PlanSource]) -> list[str]:
    """Retrieval queries of a section: its sources' title cores, then their keywords."""
    queries = [title_core(s) for s in members[:4]]
    keywords: list[str] = []
    for s in members:
        keywords += [k for k in s.keywords[:4] if k not in keywords]
    if keywords:
        queries.append(" ".join(keywords[:8]))
    return [q for q in queries if q]


def _distractors(st: Standing) -> list[LeftOut]:
    return [LeftOut(source_id=s.id, title=s.title, reason="distractor date") for s in st.other_date]
