"""Shapes from a notice, a balance-of-payments table, a city's retail table and an English bond
story, sentences and figures written here:

- a 分别 list whose items are the clause before it (对示范商圈、示范街区、示范企业，分别给予最高500万元、
  300万元、100万元): each figure is its own item's, a sibling's figure is the wrong subject;
- a table whose column headers are units (亿元人民币 | 亿美元): each cell has its column's unit, so
  近1.2万亿元 of a 11,976亿元 cell holds and 约1.5万亿元 does not (no difference with a negative
  balance explains it);
- a flat header (| 11月 | 比去年同月增长 | 1—11月 | 比去年同期增长 |): a growth column is the
  period before it's;
- a tenor spelled out in English (seven-day reverse repos) is the 7天期 of a Chinese report.
"""

from __future__ import annotations

import pytest

from draftbot.sources.tables import render_table
from draftbot.text.numbers import extract_numbers
from draftbot.verify.library import SourceLibrary
from verify_fixtures import finding_kinds as kinds, record

NOTICE = "对新认定的市级数字消费示范商圈、示范街区、示范企业，分别给予最高600万元、200万元、80万元的一次性奖励。"
BOP = "\n".join(render_table([["项目", "亿元人民币", "亿美元"], ["1. 经常账户", "11,976", "1,682"],
                               ["资产", "-2,933", "-412"], ["1.A 货物和服务", "13,749", "1,931"]]))
RETAIL = "\n".join(render_table([["指标", "11月", "比去年同月增长", "1—11月", "比去年同期增长"],
                                  ["社会消费品零售总额", "1512.83", "5.1", "15236.47", "3.4"]], "单位：亿元，%"))
BONDS = ("BEIJING, Dec 22 (Bloomberg) -- The central bank injected 312 billion yuan through seven-day reverse repos "
         "on Tuesday, a net injection of 127 billion yuan.")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("n", "青禾市人民政府办公厅关于促进数字消费的通知", publisher="青禾市人民政府办公厅", date="2026-12-22"), NOTICE),
        (record("b", "2026年三季度国际收支平衡表", publisher="国家外汇管理局", date="2026-12-22"), "2026年三季度\n" + BOP),
        (record("r", "2026年1—11月青禾市消费品市场运行情况", publisher="青禾市统计局", date="2026-12-21"), RETAIL),
        (record("bb", "China bond yields slide", publisher="Bloomberg", date="2026-12-22", lang="en"), BONDS),
    ])



@pytest.mark.parametrize("clause, want", [
    ("印发措施，对新认定的市级数字消费示范街区最高给予200万元一次性奖励", []),
    ("印发措施，对新认定的市级数字消费示范商圈最高奖励600万元", []),
    ("印发措施，对新认定的市级数字消费示范商圈最高奖励200万元", ["wrong_subject"]),
    ("对新认定的示范企业最高奖励200万元", ["wrong_subject"]),
])
def test_a_lists_items_in_the_clause_before_its_figures(lib, clause, want):
    assert kinds(clause, "n", lib) == want


def test_a_unit_header_gives_its_column_its_unit():
    assert "1. 经常账户：11,976亿元人民币；1,682亿美元。" in BOP


@pytest.mark.parametrize("clause, want", [
    ("三季度经常账户顺差1682亿美元，折合人民币近1.2万亿元", []),
    ("三季度经常账户顺差1682亿美元，折合人民币约1.5万亿元", ["loose_approximation"]),
])
def test_a_balance_in_two_currencies(lib, clause, want):
    assert kinds(clause, "b", lib) == want


@pytest.mark.parametrize("clause, want", [
    ("11月，社会消费品零售总额比去年同月增长5.1%", []),
    ("1—11月，社会消费品零售总额同比增长5.1%", ["wrong_period"]),
    ("1—11月，社会消费品零售总额同比增长3.4%", []),
])
def test_a_flat_headers_growth_column_is_the_period_before_it(lib, clause, want):
    assert "11月 比去年同月增长 5.1%" in RETAIL
    assert kinds(clause, "r", lib) == want


def test_a_spelled_out_tenor_is_a_figure():
    assert [(m.text, m.value) for m in extract_numbers("through seven-day reverse repos and a Two-year bond")] == \
        [("seven", 7.0), ("Two", 2.0)]
    assert extract_numbers("someone-day") == []


@pytest.mark.parametrize("clause, want", [
    ("彭博报道，央行当日通过7天期逆回购投放3120亿元，净投放1270亿元", []),
    ("彭博报道，央行当日通过14天期逆回购投放3120亿元", ["unsupported_number"]),
])
def test_a_tenor_in_an_english_story(lib, clause, want):
    assert kinds(clause, "bb", lib) == want
