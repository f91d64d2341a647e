"""Planner rules on small hand-made source lists (no store): dates, undated files, the spec."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from draftbot.outline import Outline, PlanSource, PlanSpec, plan_outline

DAY = dt.date(2026, 9, 10)


def src(sid, title, date=DAY, summary="", publisher="国家统计局", kind="release"):
    return PlanSource(id=sid, title=title, publisher=publisher, date=date, summary=summary, kind=kind, chunks=1)


CPI = src("c1", "2026年8月份居民消费价格同比上涨0.6%", summary="8月份全国居民消费价格同比上涨0.6%，核心CPI上涨0.9%，食品价格下降。")
PPI = src("p1", "2026年8月份工业生产者出厂价格同比下降1.9%", summary="8月份工业生产者出厂价格同比下降1.9%，购进价格下降2.4%，生产资料价格下降。")


def reasons(outline: Outline) -> dict[str, str]:
    return {lo.source_id: lo.reason for lo in outline.left_out}


def test_dates_decide_standing():
    later = src("f1", "2026年9月份居民消费价格同比上涨0.7%", date=DAY + dt.timedelta(days=30))
    old_policy = src("o1", "居民消费价格统计调查制度", date=DAY - dt.timedelta(days=700), kind="policy",
                     summary="居民消费价格统计调查的范围、方法和价格采集要求。")
    too_old = src("x1", "2023年8月份居民消费价格同比持平", date=DAY - dt.timedelta(days=1200))
    outline, _ = plan_outline([CPI, PPI, later, old_policy, too_old], DAY, PlanSpec())
    assert set(outline.assigned_ids()) == {"c1", "p1"}
    assert reasons(outline)["f1"] == "distractor date"  # after the day is another date too
    assert "o1" in outline.sections[0].background_ids  # a standing policy of the topic
    assert "x1" not in reasons(outline) and "x1" not in outline.sections[0].all_ids()  # beyond any horizon


def test_undated_source_is_offered_as_background_never_drafted_blindly():
    undated_related = src("u1", "居民消费价格和工业生产者出厂价格数据解读", date=None,
                          summary="统计师解读8月份居民消费价格和工业生产者出厂价格数据。")
    undated_other = src("u2", "某市开展秋季植树活动", date=None, publisher="某市园林局", summary="植树节活动安排。")
    outline, _ = plan_outline([CPI, PPI, undated_related, undated_other], DAY, PlanSpec())
    assert "u1" in outline.sections[0].background_ids and "u1" not in outline.assigned_ids()
    assert reasons(outline)["u2"] == "background"


def test_single_source_day_and_spec_validation():
    outline, notices = plan_outline([CPI], DAY, PlanSpec(sections={"min": 1, "max": 1}))
    assert [s.source_ids for s in outline.sections] == [["c1"]] and notices == []
    with pytest.raises(ValidationError, match="greater than max"):
        PlanSpec(sections={"min": 4, "max": 2})
    with pytest.raises(ValidationError, match="is in two sections"):
        Outline(sections=[{"id": "a", "heading": "甲", "source_ids": ["c1"]}, {"id": "b", "heading": "乙", "source_ids": ["c1"]}])
    with pytest.raises(ValidationError, match="both in section 'a' and left out"):
        Outline(sections=[{"id": "a", "heading": "甲", "source_ids": ["c1"]}],
                left_out=[{"source_id": "c1", "reason": "off-topic"}])


def _year_of_sources():
    """A day with a CPI and a PPI release, in a store of a year and more: 120 standing policies
    (3 on consumer prices, the rest on other matters), 60 other-date releases (a monthly CPI and
    PPI series, 36 industrial-output ones) and 30 notices of the day before on other topics."""
    policies = [src(f"pol{k:03d}", f"关于推进{topic}的实施意见", date=DAY - dt.timedelta(days=30 + 7 * k), kind="policy",
                    publisher="国务院办公厅", summary=f"{topic}的工作目标、重点任务和保障措施。")
                for k, topic in enumerate(["城市更新", "乡村振兴", "海洋经济", "森林防火", "体育产业"] * 24)]
    on_topic = [src(f"cpi-pol{k}", f"居民消费价格统计调查制度（第{k}版）", date=DAY - dt.timedelta(days=100 + k), kind="policy",
                    summary="居民消费价格统计调查的范围、方法和价格采集要求，核心CPI的口径。") for k in range(3)]
    series = [src(f"cpi{m:02d}", f"{m}个月前的居民消费价格同比上涨0.{m % 9}%", date=DAY - dt.timedelta(days=30 * m),
                  summary=f"{m}月份全国居民消费价格同比上涨，核心CPI上涨，食品价格下降。") for m in range(1, 13)]
    series += [src(f"ppi{m:02d}", f"{m}个月前的工业生产者出厂价格同比下降2.{m % 9}%", date=DAY - dt.timedelta(days=30 * m + 1),
                   summary=f"{m}月份工业生产者出厂价格同比下降，购进价格下降。") for m in range(1, 13)]
    series += [src(f"ind{k:02d}", f"{prov}规模以上工业增加值增长情况", date=DAY - dt.timedelta(days=40 + k * 5),
                   summary="规模以上工业增加值同比增长，高技术制造业增加值增长。")
               for k, prov in enumerate(["青川省", "江岭省", "东海市"] * 12)]
    yesterday = [src(f"y{k:02d}", f"{city}举办第{k}届{topic}", date=DAY - dt.timedelta(days=1), publisher=f"{city}日报",
                     summary=f"{city}举办{topic}，吸引市民参加。")
                 for k, (city, topic) in enumerate([("甲市", "读书节"), ("乙市", "马拉松"), ("丙市", "花卉展")] * 10)]
    return [CPI, PPI, *policies, *on_topic, *series, *yesterday]


def test_a_year_of_sources_is_offered_bounded_and_closest_first():
    from draftbot.outline.narrow import BACKGROUND_POOL, DISTRACTOR_POOL

    sources = _year_of_sources()
    spec = PlanSpec()
    outline, _ = plan_outline(sources, DAY, spec)
    assert set(outline.assigned_ids()) == {"c1", "p1"}
    background = [b for s in outline.sections for b in s.background_ids]
    # the standing documents of the day's topic are the background, bounded per section
    assert all(len(s.background_ids) <= spec.max_background for s in outline.sections)
    assert {"cpi-pol0", "cpi-pol1", "cpi-pol2"} <= set(background)
    assert not any(b.startswith(("pol", "y")) for b in background)
    # the same series of other months is named as of another date; the left-out list stays short
    reasons_ = reasons(outline)
    assert all(reasons_.get(f"cpi{m:02d}") == "distractor date" for m in range(1, 13))
    assert len(outline.left_out) <= BACKGROUND_POOL + DISTRACTOR_POOL
    # input order does not matter
    again, _ = plan_outline(list(reversed(sources)), DAY, spec)
    assert again.model_dump() == outline.model_dump()


def test_max_background_bounds_each_section():
    sources = _year_of_sources()
    none, _ = plan_outline(sources, DAY, PlanSpec(max_background=0))
    assert all(s.background_ids == [] for s in none.sections)
    one, _ = plan_outline(sources, DAY, PlanSpec(max_background=1))
    assert sum(len(s.background_ids) for s in one.sections) >= 1
    assert all(len(s.background_ids) <= 1 for s in one.sections)
    # what was cut is said: left out as background, not silently dropped
    cut = {"cpi-pol0", "cpi-pol1", "cpi-pol2"} - {b for s in one.sections for b in s.background_ids}
    assert cut and all(reasons(one)[c] == "background" for c in cut)


def test_a_small_store_is_not_narrowed():
    from draftbot.outline.narrow import narrow

    sources = _year_of_sources()[:40]
    assert narrow(sources, DAY, PlanSpec()) == sources


def test_the_fast_closeness_equals_the_pairwise_one():
    """narrow's inverted-index maximum equals `max(Space.sim(i, k))` over the day's sources."""
    from draftbot.outline.similarity import Space, best_similarities, source_tokens

    sources = _year_of_sources()
    en = [src(f"e{k}", f"Global stocks rise as chip makers rally, oil slips {k}", summary="全球股市上涨，芯片股领涨。")
          for k in range(3)]
    en[0] = en[0].model_copy(update={"lang": "en", "lead": "Stocks rose on Tuesday as chipmakers rallied and oil prices slipped "
                                     "after the supply report; traders weighed the rate outlook and the dollar eased against the yen."})
    en[1] = en[1].model_copy(update={"lang": "en", "summary": "路透市场综述。", "lead": "Chipmakers led a rally in global stocks while oil slipped on supply "
                                     "worries and traders weighed the rate outlook; the dollar eased and gold was little changed."})
    docs = [*sources[:2], en[0], *sources[2:], *en[1:]]
    space = Space([source_tokens(s) for s in docs])
    n = 3
    fast = best_similarities([source_tokens(s) for s in docs], n)
    slow = [max(space.sim(i, k) for i in range(n)) for k in range(n, len(docs))]
    assert len(fast) == len(slow) and all(abs(a - b) < 1e-12 for a, b in zip(fast, slow))
    assert max(slow) > 0 and space.has_en[2] and space.has_en[-2]  # the English side is compared too
