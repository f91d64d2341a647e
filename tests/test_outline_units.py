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
