"""Shapes from outsider day 2027-01-20 (a year's statistics communiqué with its indicator table, an
energy regulator's monthly table, a storage notice's annex, an English wire), sentences written
here, figures invented:

- 全年 is the span 1—12月: a December figure said of the whole year is the wrong period, and so
  is a "first 11 months" figure;
- an English change reaching a level (rose 2.6 percent to 6.85 trillion yuan in the first 11
  months) has its period after the level, and the level names what the change names;
- a flat table header | 12月 | 同比增长 | 全年累计 | 同比增长 |: the second rate is the year's;
- a table row may hold a column of words (重点方向) among its figures: it is still a row, and
  its caption names what the table measures; an area (华北, 西北) is a place, as a province is,
  and a place written before a year (华北2027年底…) is the subject's;
- a kind of a thing (新能源汽车, a table's # row) is not the thing (汽车) and the other way round.

And from days 2027-01-27 and 2027-02-03 (a city's industry release, a software wire, a price
release, a ministry notice, an English profits wire):

- a year's figure without a part of it (2026年苏州规上工业增加值比上年增长…), checked against a
  release that came out after that year, is the year's: its 12月当月 figure is not it; the year's
  end (2026年末) is December's end, and 全年平均 is the year's average, not an average annual rate;
- an area listed among others (中部地区…；西部地区…) is the figure's place;
- the body acting (工信部拟遴选…) names who, not what the figure counts;
- an English modifier (the 2.9-percent gain) is a percent, with the period after it.
"""

from __future__ import annotations

import pytest

from draftbot.sources.tables import render_table
from draftbot.verify.library import SourceLibrary
from verify_fixtures import finding_kinds as kinds, record

RELEASE = ("全年出口28.36万亿元，比上年增长5.1%。12月份，出口2.6万亿元，增长4.6%。"
           "全年新能源汽车产量1852.6万辆，比上年增长14.3%。\n"
           "2026年主要经济指标\n单位：见各行\n"
           "主要工业产品产量：钢材：绝对量 141620万吨；比上年增长 -0.9%。\n"
           "汽车：绝对量 3356.2万辆；比上年增长 4.2%。\n"
           "#新能源汽车：绝对量 1852.6万辆；比上年增长 14.3%。\n")
WIRE = ("BEIJING, Jan. 20 (Xinhua) -- Profits of China's major industrial firms rose 2.6 percent year on "
        "year to 6.85 trillion yuan in the first 11 months, official data showed.")
ANNEX = ("本通知自印发之日起施行。\n\n附表 各区域新型储能发展指引\n单位：万千瓦\n"
         "华北：2026年底装机规模 3980万千瓦；2027年底指导规模 5300万千瓦；重点方向 电网侧独立储能、新能源基地配套。\n"
         "西北：2026年底装机规模 4760万千瓦；2027年底指导规模 6400万千瓦；重点方向 沙戈荒新能源基地、长时储能。\n")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("rel", "2026年国民经济运行情况", date="2027-01-20"), RELEASE),
        (record("wire", "China's industrial profits", publisher="Xinhua", date="2027-01-20"), WIRE),
        (record("annex", "关于推动新型储能规模化发展的通知", publisher="国家能源局", date="2027-01-20"), ANNEX),
    ])


@pytest.mark.parametrize("clause, cited, want", [
    ("2026年全年我国出口同比增长5.1%", "rel", []),
    ("2026年全年我国出口同比增长4.6%", "rel", ["wrong_period"]),
    ("12月份出口同比增长4.6%", "rel", []),
    ("全年规模以上工业企业利润同比增长2.6%", "wire", ["wrong_period"]),
    ("前11个月规模以上工业企业利润同比增长2.6%", "wire", []),
    ("前11个月规模以上工业企业利润达6.85万亿元", "wire", []),
])
def test_the_whole_year_is_its_own_period(lib, clause, cited, want):
    assert kinds(clause, cited, lib) == want


@pytest.mark.parametrize("clause, want", [
    ("2026年全国汽车产量3356.2万辆，比上年增长4.2%", []),
    ("2026年全国汽车产量1852.6万辆", ["wrong_subject"]),
    ("2026年全国新能源汽车产量3356.2万辆", ["wrong_subject"]),
    ("2026年全国新能源汽车产量1852.6万辆，增长14.3%", []),
])
def test_a_kind_of_a_thing_is_not_the_thing(lib, clause, want):
    assert kinds(clause, "rel", lib) == want


def test_a_row_with_a_column_of_words_keeps_its_caption(lib):
    assert kinds("按附表，西北区域2027年底新型储能指导规模为6400万千瓦", "annex", lib) == []
    assert kinds("按附表，华北区域2027年底新型储能指导规模为6400万千瓦", "annex", lib) == ["wrong_subject"]
    assert kinds("华北2027年底指导规模为6400万千瓦", "annex", lib) == ["wrong_subject"]  # a place before a year


def test_a_flat_header_gives_the_years_rate_the_years_total():
    rows = [["指标名称", "计量单位", "12月", "同比增长（%）", "全年累计", "同比增长（%）"],
            ["第三产业用电量", "亿千瓦时", "1768", "7.0", "20357", "8.3"]]
    assert render_table(rows) == ["第三产业用电量：12月 1768亿千瓦时；12月 同比增长 7.0%；"
                                  "全年累计 20357亿千瓦时；全年累计 同比增长 8.3%。"]


CITY = ("2026年，全市规模以上工业增加值比上年增长7.1%。其中，12月当月规模以上工业增加值同比增长8.4%。"
        "2026年末，全市工业企业资产总计58120.3亿元，增长6.2%。")
SOFTWARE = ("分地区看，东部地区完成软件业务收入137264亿元，同比增长11.6%；中部地区完成软件业务收入8431亿元，"
            "同比增长12.9%；西部地区完成软件业务收入16370亿元，同比增长10.2%。")
PRICES = "2026年全年，全国居民消费价格比上年上涨0.6%。从环比看，12月份居民消费价格上涨0.3%。"
NOTICE = "遴选培育约60个试点项目，形成一批可复制可推广的经验。"
PROFITS = ("Profits of major industrial firms rose 3.4 percent in 2026, quickened from the 2.9-percent gain "
           "recorded in the first 11 months, as profits in December alone jumped 6.8 percent.")


@pytest.fixture(scope="module")
def later() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("city", "2026年全市工业经济运行情况", publisher="青禾市统计局", date="2027-02-03"), CITY),
        (record("soft", "2026年软件业务收入同比增长11.4%", publisher="中国新闻网", date="2027-02-03"), SOFTWARE),
        (record("cpi", "2026年12月份居民消费价格同比上涨1.1%", date="2027-01-27"), PRICES),
        (record("notice", "关于开展2027年算力基础设施高质量发展试点工作的通知", publisher="工业和信息化部办公厅",
                date="2027-02-03"), NOTICE),
        (record("prof", "China's industrial profits up 3.4 pct in 2026", publisher="Xinhua", date="2027-02-02"), PROFITS),
    ])


@pytest.mark.parametrize("clause, cited, want", [
    ("2026年青禾规上工业增加值比上年增长8.4%", "city", ["wrong_period"]),
    ("2026年青禾规上工业增加值比上年增长7.1%", "city", []),
    ("12月青禾规上工业增加值同比增长8.4%", "city", []),
    ("2026年末青禾工业企业资产总计58120.3亿元", "city", []),
    ("2026年中部地区软件业务收入同比增长10.2%", "soft", ["wrong_subject"]),
    ("2026年中部地区软件业务收入同比增长12.9%", "soft", []),
    ("2026年全国CPI全年平均较上年上涨0.6%", "cpi", []),
    ("工信部拟遴选约60个算力基础设施高质量发展试点项目", "notice", []),
    ("工信部拟遴选约80个算力基础设施高质量发展试点项目", "notice", ["loose_approximation"]),
    ("12月份规上工业企业利润同比增长2.9%", "prof", ["wrong_period"]),
    ("前11个月规上工业企业利润同比增长2.9%", "prof", []),
])
def test_the_years_parts_places_and_actors(later, clause, cited, want):
    assert kinds(clause, cited, later) == want


@pytest.mark.parametrize("clause, want", [
    ("2026年M2余额同比增长7.6%", []),  # a level at 12月末 is the year's
    ("2026年末M2余额371.85万亿元", []),
    ("2026年人民币贷款增加15.82万亿元", []),
    ("2026年人民币贷款增加9480亿元", ["wrong_period"]),  # December's flow is not the year's
    ("12月末M2余额同比增长7.6%", []),
])
def test_a_months_end_is_a_level_the_year_ends_with(clause, want):
    lib = SourceLibrary.from_pairs([
        (record("pbc", "2026年金融统计数据报告", publisher="中国人民银行", date="2027-01-27"),
         "12月末，广义货币(M2)余额371.85万亿元，同比增长7.6%。全年人民币贷款增加15.82万亿元。"
         "12月份，人民币贷款增加9480亿元。"),
    ])
    assert kinds(clause, "pbc", lib) == want


def test_a_years_figure_in_its_own_sentence_is_the_years_beside_a_list_of_its_quarters():
    """Held-out day 2027-02-17: the year's 5.4% stated in one sentence, and the same 5.4% as the
    last of a 前三季度 list in the next: a draft's 2026年…增长5.4% is the year's figure."""
    lib = SourceLibrary.from_pairs([
        (record("log", "2026年全国物流运行情况通报", publisher="中国物流与采购联合会", date="2027-02-17"),
         "2026年，全国社会物流总额372.8万亿元，按可比价格计算，比上年增长5.4%。"
         "从年内走势看，一季度、上半年、前三季度社会物流总额分别增长5.1%、5.3%和5.4%。"),
    ])
    assert kinds("2026年全国社会物流总额按可比价格计算较上年增长5.4%", "log", lib) == []
    assert kinds("前三季度全国社会物流总额增长5.4%", "log", lib) == []
    assert "wrong_period" in kinds("2026年12月全国社会物流总额增长5.4%", "log", lib)
