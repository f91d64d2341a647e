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
