"""heading_fit and source_use over a planned outline and a parsed Markdown draft."""

from __future__ import annotations

from pathlib import Path

from draftbot.outline import PlanSpec, plan_outline, sources_from_store
from draftbot.outline.metrics import cited_source_ids, heading_fit, source_use
from draftbot.briefing.markdown import parse_markdown
from tests.outline_fixtures import DAYS, day_stores, open_store  # noqa: F401


def planned(stores, name):
    day = DAYS[name]
    with open_store(stores[name]) as st:
        sources = sources_from_store(st, day.date, PlanSpec())
        recs = {Path(r.path).name: r for r in st.sources()}
    outline, _ = plan_outline(sources, day.date, PlanSpec())
    return outline, {s.id: f"{s.title} {s.summary}" for s in sources}, recs


def test_heading_fit_catches_a_heading_from_another_day(day_stores):
    outline, titles, _ = planned(day_stores, "september-mixed")
    assert heading_fit(outline, titles).score == 1.0
    outline.sections[1].heading = "“数据要素×”地方分赛密集启动，数据市场进入场景化释放阶段"  # the seed day's heading
    outline.sections[2].heading = "统计数据｜新质生产力正在进入系统能力阶段"  # a theme prefix names no topic
    fit = heading_fit(outline, titles)
    assert fit.misses == [outline.sections[1].id, outline.sections[2].id]
    assert fit.score == (len(outline.sections) - 2) / len(outline.sections)


def test_source_use_counts_assigned_sources_the_draft_cites(day_stores):
    outline, _, recs = planned(day_stores, "october-two-topics")
    nbs, moa = recs["2026-10-20_nbs-q3-economy.md"], recs["2026-10-20_moa-autumn-harvest.md"]
    gdp = recs["2026-10-20_reuters-china-gdp.md"]
    md = (
        "# 每日简报\n\n## 一、前三季度经济\n\n前三季度国内生产总值同比增长5.1%[1]。秋粮收获进度达72.6%[2]。\n\n"
        "## 参考文献\n\n"
        f"1. {nbs.publisher}，《{nbs.title}》，{nbs.date}，用于经济数据。\n"
        f"2. {moa.publisher}，《{moa.title}》，{moa.date}，用于秋粮数据。\n"
        f"3. {gdp.publisher}，《{gdp.title}》，{gdp.date}，列出但正文未引用。\n"
    )
    with open_store(day_stores["october-two-topics"]) as st:
        by_title = {r.title: r.id for r in st.sources()}
        cited = cited_source_ids(parse_markdown(md), lambda t, u: by_title.get(t))
    assert cited == {nbs.id, moa.id}
    use = source_use(outline, cited)
    assert (use.assigned, use.cited, use.score) == (4, 2, 0.5)
    assert set(use.unused) == {gdp.id, recs["2026-10-20_xinhua-harvest-machinery.md"].id}
