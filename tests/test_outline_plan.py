"""The offline planner on real ingested eval days (the sample day and two days unlike it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftbot.outline import PlanSpec, Theme, plan_outline, sources_from_store
from draftbot.outline.metrics import heading_fit
from tests.outline_fixtures import DAYS, day_stores, open_store  # noqa: F401

# phrases of the seed day's fixed headings: another day's outline must not carry them
SEED_PHRASES = ["新型工业化进展", "数据要素×”地方分赛", "新质生产力获得硬数据", "生产资料价格与全球市场", "系统能力"]


def plan(stores, name: str, spec: PlanSpec | None = None):
    day = DAYS[name]
    spec = spec or PlanSpec()
    with open_store(stores[name]) as st:
        sources = sources_from_store(st, day.date, spec)
        by_file = {Path(r.path).name: r.id for r in st.sources()}
    outline, notices = plan_outline(sources, day.date, spec)
    return outline, notices, by_file, sources


def matches(heading: str, topic: list[str]) -> bool:
    return any(k.lower() in heading.lower() for k in topic)


@pytest.mark.parametrize("name", list(DAYS))
def test_every_heading_names_a_topic_of_its_own_day(day_stores, name):
    outline, _, _, _ = plan(day_stores, name)
    day = DAYS[name]
    assert 1 <= len(outline.sections) <= 5
    for sec in outline.sections:
        assert len(sec.heading) <= 30, sec.heading
        assert any(matches(sec.heading, t) for t in day.headings), (name, sec.heading)
        for other in DAYS.values():
            if other.name != name:
                hits = [t for t in other.headings if matches(sec.heading, t)]
                assert not hits, (name, sec.heading, other.name, hits)
        if name != "sample-day":
            assert not any(p in sec.heading for p in SEED_PHRASES), sec.heading
    covered = [t for t in day.headings if any(matches(s.heading, t) for s in outline.sections)]
    # merged topics (more topics than sections) are named by their lead source only
    assert len(covered) >= min(len(day.headings), len(outline.sections))


@pytest.mark.parametrize("name", list(DAYS))
def test_relevant_sources_assigned_distractors_and_duplicates_not(day_stores, name):
    outline, _, ids, _ = plan(day_stores, name)
    day = DAYS[name]
    assigned = set(outline.assigned_ids())
    offered = assigned | {b for s in outline.sections for b in s.background_ids}
    assert {ids[f] for f in day.relevant} == assigned
    left = {lo.source_id: lo for lo in outline.left_out}
    for f in day.distractors:
        assert ids[f] not in offered and left[ids[f]].reason == "distractor date"
    for dup, kept in day.duplicates.items():
        lo = left[ids[dup]]
        assert lo.reason == "duplicate story" and lo.duplicate_of == ids[kept]
        assert lo.section == outline.section_of(ids[kept]).id
    for older, joins in day.background.items():
        assert ids[older] in outline.section_of(ids[joins]).background_ids


@pytest.mark.parametrize("name", list(DAYS))
def test_plan_is_deterministic_and_headings_fit_their_sources(day_stores, name):
    first, notices1, _, sources = plan(day_stores, name)
    second, notices2, _, _ = plan(day_stores, name)
    assert first.model_dump() == second.model_dump() and notices1 == notices2
    # input order does not matter either
    third, _ = plan_outline(list(reversed(sources)), DAYS[name].date, PlanSpec())
    assert third.model_dump() == first.model_dump()
    titles = {s.id: f"{s.title} {s.summary}" for s in sources}
    assert heading_fit(first, titles).score == 1.0


def test_official_releases_lead_and_wire_stories_follow(day_stores):
    outline, _, ids, _ = plan(day_stores, "sample-day")
    reuters = {ids["2026-06-04_reuters-global-markets.md"], ids["2026-06-04_reuters-ny-fed-gscpi.md"]}
    last = outline.sections[-1]
    assert set(last.source_ids) == reuters  # the two wire stories make one section, after the releases
    assert all(s.weight >= 100 for s in outline.sections[:-1]) and last.weight < 100
    assert [s.weight for s in outline.sections] == sorted((s.weight for s in outline.sections), reverse=True)
    assert not any(c.isascii() and c.isalpha() for c in last.heading)  # named from the Chinese summary


def test_thin_day_plans_fewer_sections_and_says_so(day_stores):
    outline, notices, ids, _ = plan(day_stores, "october-two-topics")
    assert len(outline.sections) == 2
    assert notices == [n for n in outline.notes] and any("fewer than the brief's minimum of 3" in n for n in notices)
    economy = outline.section_of(ids["2026-10-20_nbs-q3-economy.md"])
    assert ids["2026-10-20_reuters-china-gdp.md"] in economy.source_ids  # the English story joins its topic


def test_section_range_bounds_the_busy_day(day_stores):
    wide, notices_wide, _, _ = plan(day_stores, "september-mixed", PlanSpec(sections={"min": 3, "max": 8}))
    narrow, notices, ids, _ = plan(day_stores, "september-mixed", PlanSpec(sections={"min": 2, "max": 3}))
    assert len(wide.sections) >= 6 and not any("merged" in n for n in notices_wide)
    # with room, every expected topic has its own heading
    assert all(any(matches(s.heading, t) for s in wide.sections) for t in DAYS["september-mixed"].headings)
    assert len(narrow.sections) == 3 and any("merged into 3 sections" in n for n in notices)
    assert set(narrow.assigned_ids()) == set(wide.assigned_ids())  # merging drops no source


def test_themes_name_and_order_sections(day_stores):
    themes = [Theme(name="地方政策", keywords=["行动计划"]),
              Theme(name="统计数据", keywords=["居民消费价格", "工业生产者出厂价格"], guidance="先写总水平，再写结构。")]
    outline, _, ids, _ = plan(day_stores, "september-mixed", PlanSpec(themes=themes))
    stats = outline.section_of(ids["2026-09-10_nbs-cpi-august.md"])
    assert stats.theme == "统计数据" and stats.heading.startswith("统计数据｜") and len(stats.heading) <= 30
    assert ids["2026-09-10_nbs-ppi-august.md"] in stats.source_ids and stats.guidance.endswith("先写总水平，再写结构。")
    local = outline.section_of(ids["2026-09-10_hangzhou-low-altitude-plan.md"])
    assert local.heading.startswith("地方政策｜") and "低空经济" in local.heading
    # the publication's theme order first (地方政策 before 统计数据 here), then the rest by weight
    assert [s.theme for s in outline.sections[:2]] == ["地方政策", "统计数据"]
    assert all(s.theme is None for s in outline.sections[2:])


def test_a_theme_does_not_swallow_unrelated_sources(day_stores):
    """Four NBS reports all name 统计数据, but they are three topics: three sections, not one."""
    themes = [Theme(name="统计数据", keywords=["增加值", "零售总额", "生产资料", "服务业", "工业"])]
    outline, _, ids, _ = plan(day_stores, "sample-day", PlanSpec(themes=themes))
    nbs = ["2026-06-04_nbs-new-industrialization.md", "2026-06-04_nbs-consumption.md",
           "2026-06-04_nbs-producer-prices-late-may.md"]
    assert len({outline.section_of(ids[f]).id for f in nbs}) == 3


def test_forced_merge_keeps_a_theme_together(day_stores):
    """Seven topics into five sections: with 产业政策 covering the city plan and the ministry notice,
    those two fold together, and civil aviation keeps its own section."""
    themes = [Theme(name="产业政策", keywords=["低空经济", "智能制造"])]
    outline, _, ids, _ = plan(day_stores, "september-mixed", PlanSpec(themes=themes))
    policy = outline.section_of(ids["2026-09-10_hangzhou-low-altitude-plan.md"])
    assert ids["2026-09-10_miit-smart-manufacturing-notice.md"] in policy.source_ids
    assert policy.heading.startswith("产业政策｜")
    aviation = outline.section_of(ids["2026-09-10_caac-august-traffic.md"])
    assert aviation.source_ids == [ids["2026-09-10_caac-august-traffic.md"]] and "民航" in aviation.heading


def test_recency_window_offers_recent_source_as_background(day_stores):
    # with no recency window, the Hubei notice of the day before is a distractor; with one day, background
    strict, _, ids, _ = plan(day_stores, "sample-day", PlanSpec(recency_days=0))
    hubei = ids["2026-06-03_hubei-data-contest.md"]
    assert {lo.source_id: lo.reason for lo in strict.left_out}[hubei] == "distractor date"
    usual, _, _, _ = plan(day_stores, "sample-day")
    assert hubei in usual.section_of(ids["2026-06-04_chongqing-data-contest.md"]).background_ids


def test_no_sources_on_the_day_gives_an_empty_outline_with_a_notice(day_stores):
    import datetime as dt

    with open_store(day_stores["october-two-topics"]) as st:
        sources = sources_from_store(st, dt.date(2026, 10, 21), PlanSpec())
    outline, notices = plan_outline(sources, dt.date(2026, 10, 21), PlanSpec())
    assert outline.sections == [] and notices == ["outline: no sources dated 2026-10-21; nothing to plan"]


def test_bare_store_records_plan_too(day_stores):
    """Without leads (plain SourceRecords from Store.sources()) the plan is made on titles and summaries."""
    day = DAYS["september-mixed"]
    with open_store(day_stores["september-mixed"]) as st:
        records = st.sources()
        ids = {Path(r.path).name: r.id for r in records}
    outline, _ = plan_outline(records, day.date, PlanSpec())
    assert set(outline.assigned_ids()) == {ids[f] for f in day.relevant}
    assert all(any(matches(s.heading, t) for t in day.headings) for s in outline.sections)
