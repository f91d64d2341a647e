"""Stories across languages: shared figures after normalisation, named bodies, subjects, event
dates (outline/story.py) and what the offline planner makes of them. Hand-made sources, no store."""

from __future__ import annotations

import datetime as dt

from draftbot.outline import PlanSource, PlanSpec, plan_outline
from draftbot.outline.story import StoryLinks, bodies, chinese_figure, figures, lead_figures
from draftbot.text.numbers import extract_numbers

DAY = dt.date(2025, 5, 7)


def src(sid, title, lead, publisher, lang="zh", date=DAY, kind="news"):
    return PlanSource(id=sid, title=title, publisher=publisher, date=date, lang=lang, kind=kind, lead=lead,
                      opening=lead, chunks=1)


RRR_ZH = src("zh", "一揽子金融政策出台 支持稳市场稳预期",
             "中国人民银行将全面降准0.5个百分点，预计向市场提供长期流动性约1万亿元；7天期逆回购操作利率从1.5%调降至1.4%。",
             "新华社")
RRR_EN = src("en", "China to cut reserve requirement ratio by 0.5 percentage points from May 15",
             "BEIJING, May 7 (Xinhua) -- China's central bank will cut the reserve requirement ratio by 50 bps, "
             "providing about 1 trillion yuan in long-term liquidity, the People's Bank of China said.",
             "Xinhua", lang="en")
RATE_EN = src("bl", "China Cuts Key Rate and Reserve Ratio to Aid Economy Hit by Tariffs",
              "The People's Bank of China will reduce the seven-day reverse repurchase rate to 1.4% from 1.5%, "
              "Governor Pan Gongsheng said.", "Bloomberg", lang="en")
FX_ZH = src("fx", "2025年4月末外汇储备规模为32817亿美元",
            "截至2025年4月末，我国外汇储备规模为32817亿美元，较3月末上升410亿美元，升幅为1.27%。", "国家外汇管理局",
            kind="release")
FX_EN = src("fr", "China's forex reserves rise more than expected in April",
            "China's foreign exchange reserves rose by $41 billion in April to $3.282 trillion.", "Reuters", lang="en")
CARS = src("car", "4月全国乘用车市场零售175.5万辆 同比增长14.5%",
           "4月全国乘用车市场零售175.5万辆，同比增长14.5%，新能源车零售90.5万辆。", "乘用车市场信息联席会", kind="release")


def test_figures_match_across_languages_and_units():
    zh, en = figures(RRR_ZH), figures(RRR_EN)
    assert ("pp", "pp", 0.5) in zh & en  # 50 bps = 0.5个百分点
    assert ("quantity", "元", 1e12) in zh & en  # 1 trillion yuan = 1万亿元
    fx = figures(FX_ZH) & figures(FX_EN)
    assert {("quantity", "美元", 4.1e10), ("quantity", "美元", 3.28e12)} <= fx  # $3.282 trillion ≈ 32817亿美元


def test_bodies_are_named_in_either_language():
    assert "中国人民银行" in bodies(RRR_EN) and "中国人民银行" in bodies(RRR_ZH)
    assert bodies(FX_EN) == {"国家外汇管理局"} and "国家外汇管理局" in bodies(FX_ZH)


def test_links_one_story_and_keep_stories_apart():
    links = StoryLinks([RRR_ZH, RRR_EN, RATE_EN, FX_ZH, FX_EN, CARS])
    assert links.linked(0, 1) and links.linked(0, 2)  # figures and the central bank, no shared word
    assert links.linked(3, 4)
    assert not links.linked(0, 3) and not links.linked(1, 4) and not links.linked(0, 5) and not links.linked(3, 5)


def test_shared_rates_alone_do_not_make_one_story():
    cpi = src("c", "8月份居民消费价格同比上涨0.6%", "居民消费价格同比上涨0.6%，环比上涨0.2%，食品价格上涨0.3%。", "国家统计局")
    wrap = src("w", "GLOBAL MARKETS-Shares steady", "MSCI's index rose 0.2% and the dollar gained 0.3%; oil was up 0.6%.",
               "Reuters", lang="en")
    assert not StoryLinks([cpi, wrap]).linked(0, 1)


def test_offline_plan_groups_one_story_across_languages():
    outline, _ = plan_outline([RRR_ZH, RRR_EN, RATE_EN, FX_ZH, FX_EN, CARS], DAY, PlanSpec())
    groups = sorted(sorted(s.source_ids) for s in outline.sections)
    assert groups == [["bl", "en", "zh"], ["car"], ["fr", "fx"]]
    for sec in outline.sections:  # a Chinese source leads and names every section
        assert sec.source_ids[0] in {"zh", "fx", "car"}
        assert not any(ch.isascii() and ch.isalpha() for ch in sec.heading), sec.heading


def test_yesterdays_report_of_the_story_is_background_of_todays_section():
    yesterday = RRR_ZH.model_copy(update={"id": "y", "date": DAY - dt.timedelta(days=1)})
    today = src("t", "7天期逆回购操作利率调整为1.4%", "中国人民银行开展1605亿元7天期逆回购操作，操作利率由1.5%调整为1.4%。",
                "中国人民银行", kind="notice")
    outline, _ = plan_outline([yesterday, today, CARS], DAY, PlanSpec(recency_days=3))
    sec = next(s for s in outline.sections if "t" in s.source_ids)
    assert sec.background_ids == ["y"]


def test_chinese_figures_are_exact_or_not_written():
    def one(text):
        return chinese_figure(extract_numbers(text)[0])

    assert one("$98.4 billion") == "984亿美元"
    assert one("about 1 trillion yuan") == "约1万亿元"
    assert one("0.5 percentage points") == "0.5个百分点"
    assert one("rose 8.1%") == "8.1%"
    assert one("$10,480 a tonne") == "10480美元"
    assert one("May 15") is None  # a date is no figure of the lead
    assert lead_figures(["The bank cut rates by 25 bps and added 500 billion yuan."]) == ["0.25个百分点", "5000亿元"]


def test_yesterdays_release_of_the_same_series_is_superseded_not_drafted():
    april = src("a", "2025年4月末外汇储备规模为32817亿美元", "截至2025年4月末，我国外汇储备规模为32817亿美元。",
                "国家外汇管理局", date=DAY - dt.timedelta(days=1), kind="release")
    may = src("m", "2025年5月末外汇储备规模为33000亿美元", "截至2025年5月末，我国外汇储备规模为33000亿美元。",
              "国家外汇管理局", kind="release")
    outline, _ = plan_outline([april, may, CARS], DAY, PlanSpec(recency_days=3))
    assert not any("a" in s.all_ids() for s in outline.sections)
    left = {lo.source_id: lo for lo in outline.left_out}
    assert left["a"].reason == "superseded" and left["a"].duplicate_of == "m"


TALKS_ZH = src("tz", "中美经贸磋商机制首次会议在伦敦举行",
               "当地时间6月9日，国务院副总理何立峰与美方牵头人在英国伦敦举行中美经贸磋商机制首次会议。", "新华社",
               date=dt.date(2025, 6, 9))
TALKS_EN = src("te", "Chinese vice premier meets US delegation in London for trade talks",
               "Chinese Vice Premier He Lifeng on Monday held talks with the US side in London, the first meeting "
               "of the China-US economic and trade consultation mechanism.", "Xinhua", lang="en",
               date=dt.date(2025, 6, 9))
EXPORTS_EN = src("ex", "China's May exports to US plunge as tariffs bite",
                 "China's exports grew 4.8% in May in dollar terms while shipments to the United States fell 34.5%, "
                 "customs data showed, ahead of trade talks.", "Reuters", lang="en", date=dt.date(2025, 6, 9))
FORUM_ZH = src("fz", "2025陆家嘴论坛在上海开幕", "6月18日，2025陆家嘴论坛在上海开幕，中国人民银行行长潘功胜宣布八项金融开放举措。",
               "新华社", date=dt.date(2025, 6, 18))


def test_an_event_reported_in_both_languages_is_one_story_by_occasion_and_place_or_person():
    links = StoryLinks([TALKS_ZH, TALKS_EN, EXPORTS_EN, FORUM_ZH])
    assert not (figures(TALKS_ZH) & figures(TALKS_EN)) and not (bodies(TALKS_ZH) & bodies(TALKS_EN))
    assert links.linked(0, 1)
    # naming talks without their place or people is not that event; a place with another occasion neither
    assert not links.linked(0, 2) and not links.linked(1, 3) and not links.linked(0, 3)


def test_occasions_link_only_across_languages():
    other = TALKS_ZH.model_copy(update={"id": "t2", "title": "何立峰在伦敦会见英国财政大臣",
                                        "lead": "何立峰在伦敦会见英国财政大臣，双方举行经贸磋商。"})
    # within one language the shared words decide (story links would join two meetings of one trip)
    assert not StoryLinks([TALKS_ZH, other]).linked(0, 1)


def test_topics_of_an_english_headline_in_chinese():
    from draftbot.outline.story import topics

    assert topics("China's May exports to US plunge as tariffs bite; overall growth slows") == ["出口", "关税"]
    assert topics("Chinese vice premier meets US delegation in London for trade talks") == ["副总理", "伦敦", "经贸磋商"]
    assert topics("PBOC cuts reserve requirement ratio") == ["中国人民银行", "存款准备金率"]
    assert topics("Stocks drift in thin trade") == []


def test_one_subject_and_one_effective_date_with_another_figure_are_one_story_across_languages():
    zh = src("zs", "中美发布日内瓦经贸会谈联合声明", "双方承诺于2025年5月14日前采取举措，24%的关税暂停实施，同时保留剩余10%的关税。",
             "新华社", date=dt.date(2025, 5, 12))
    en = src("ap", "US and China agree to slash tariffs for 90 days",
             "The U.S. will lower its tariffs on Chinese imports to 30% by May 14, while China will cut its duties to 10%.",
             "AP", lang="en", date=dt.date(2025, 5, 12))
    wrap = src("mk", "Stocks surge as tariff truce lifts mood",
               "Hang Seng closed up 2.98% on Monday and Brent gained 3.18% as tariffs eased from May 14.", "Reuters",
               lang="en", date=dt.date(2025, 5, 12))
    links = StoryLinks([zh, en, wrap])
    assert links.linked(0, 1)
    # the markets wrap names tariffs and the date but no other figure of the statement
    assert not links.linked(0, 2)


def test_a_wire_dateline_is_not_where_the_event_is():
    from draftbot.outline.story import occasion

    wrap = src("mk", "Stocks rally as trade talks resume", "LONDON, June 9 (Reuters) - Shares rose as trade talks "
               "between the two sides resumed.", "Reuters", lang="en", date=dt.date(2025, 6, 9))
    events, where = occasion(wrap)
    assert "经贸磋商" in events and "伦敦" not in where
    assert not StoryLinks([TALKS_ZH, wrap]).linked(0, 1)
    events, where = occasion(TALKS_EN.model_copy(update={"lead": "GENEVA (AP) — " + TALKS_EN.lead}))
    assert "伦敦" in where and "日内瓦" not in where


def test_a_provincial_release_is_its_own_topic_and_a_provincial_bureau_not_the_national_one():
    day = dt.date(2026, 11, 17)
    nbs = src("nbs", "10月份国民经济运行稳中有升", "10月份，全国规模以上工业增加值同比增长5.3%，社会消费品零售总额增长3.6%。",
              "国家统计局", date=day, kind="release")
    gd = src("gd", "2026年1—10月广东经济运行简况", "1—10月，全省规模以上工业增加值同比增长4.8%，社会消费品零售总额增长2.9%。",
             "广东省统计局", date=day, kind="release")
    wire = src("rt", "China's October factory output, retail sales beat forecasts",
               "BEIJING, Nov 17 (Reuters) - China's industrial output grew 5.3% in October from a year earlier, "
               "the National Bureau of Statistics said.", "Reuters", lang="en", date=day)
    assert bodies(gd) == set() and bodies(nbs) == {"国家统计局"}
    outline, _ = plan_outline([nbs, gd, wire], day, PlanSpec())
    assert sorted(sorted(s.source_ids) for s in outline.sections) == [["gd"], ["nbs", "rt"]]


def test_a_ministrys_press_office_is_the_ministry_speaking_not_a_newspaper():
    from draftbot.outline.source_types import source_type

    for office in ("海关总署新闻发布办公室", "商务部新闻办公室", "国务院新闻办公室"):
        assert source_type("release", office) == "release", office
    for paper in ("中国新闻网", "新闻晨报", "经济日报"):
        assert source_type("release", paper) == "newspaper", paper
