"""Shapes from a provincial price table, a patent release with a table by province, a weekly farm
price release and an English profits wire; sentences and figures written here:

- a table under a merged `涨跌幅（%）` with a row of periods below it: each figure's sign is its
  direction, its row label the whole `其中：鲜菜`, its period its column's;
- figures with thousands separators (118,452件) still make a table row, named by its province; a
  province's row is never the rival of the country's figure, nor the "closer" one of another's;
- a row of periods under the indicators (| 1—11月 | 截至11月底 |) is a header, the period first;
- a week-on-week change (比前一周上涨3.1%) is no change on a year earlier;
- an English wire's ownership groups (state-owned firms) are the Chinese release's 国有企业.
"""

from __future__ import annotations

import pytest

from draftbot.sources.tables import render_table
from draftbot.verify.library import SourceLibrary
from verify_fixtures import finding_kinds as kinds, record

CPI = "2026年11月份全省居民消费价格主要数据\n" + "\n".join(render_table([
    ["类别", "涨跌幅（%）", "", ""],
    ["", "11月份同比", "11月份环比", "1—11月累计同比"],
    ["居民消费价格", "0.7", "-0.2", "0.4"],
    ["　其中：鲜菜", "6.1", "-4.2", "3.6"],
    ["　　　　猪肉", "-8.1", "1.4", "-5.0"],
]))
PATENTS = ("1—11月，我国授权发明专利88.2万件，同比增长6.4%。分地区看，发明专利授权量居前三位的是广东、江苏和北京，"
           "分别为149210件、121604件和116380件。\n部分省（市）发明专利授权情况\n" + "\n".join(render_table([
               ["地区", "发明专利授权量（件）", "同比增长（%）"], ["", "1—11月", "1—11月"],
               ["北京", "116,380", "7.5"], ["江苏", "121,604", "5.2"], ["广东", "149,210", "6.0"]])))
FARM = "重点监测的28种蔬菜平均批发价格为每公斤5.12元，比前一周上涨2.9%，比去年同期上涨4.4%。"
WIRE = ("BEIJING, Dec 23 (Reuters) - Profits at China's industrial firms rose 3.5% in the first 11 months. Profits at "
        "state-owned firms rose 0.8%, while private-sector firms saw profits grow 4.1%.")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("cpi", "2026年11月份青禾省居民消费价格情况", publisher="湖北省统计局", date="2026-12-23"), CPI),
        (record("pat", "2026年1—11月知识产权主要统计数据", publisher="国家知识产权局", date="2026-12-24"), PATENTS),
        (record("farm", "农产品批发价格200指数比前一周上升", publisher="农业农村部", date="2026-12-23"), FARM),
        (record("wire", "China's industrial profits", publisher="Reuters", date="2026-12-23", lang="en"), WIRE),
    ])



@pytest.mark.parametrize("clause, want", [
    ("1—11月，湖北鲜菜价格累计比上年同期上涨3.6%", []),
    ("11月份，湖北鲜菜价格同比上涨6.1%", []),
    ("11月份，湖北鲜菜价格同比下降6.1%", ["wrong_direction"]),
    ("11月份，湖北鲜菜价格环比下降4.2%", []),
])
def test_a_signed_change_table_under_a_merged_header(lib, clause, want):
    assert kinds(clause, "cpi", lib) == want


def test_a_row_of_periods_is_a_header_and_separators_keep_the_row():
    assert "江苏：1—11月 发明专利授权量 121,604件；1—11月 同比增长 5.2%。" in PATENTS


@pytest.mark.parametrize("clause, want", [
    ("前11个月我国发明专利授权量达88.2万件，较上年同期增长6.4%", []),
    ("1—11月江苏发明专利授权约12.16万件，同比增长5.2%", []),
    ("1—11月江苏发明专利授权量同比增长7.5%", ["wrong_subject"]),
])
def test_a_provinces_row_is_that_provinces(lib, clause, want):
    assert kinds(clause, "pat", lib) == want


@pytest.mark.parametrize("clause, want", [
    ("重点监测的28种蔬菜平均批发价格比前一周上涨2.9%", []),
    ("重点监测的28种蔬菜平均批发价格比去年同期上涨2.9%", ["wrong_period"]),
])
def test_a_change_on_the_week_before(lib, clause, want):
    assert kinds(clause, "farm", lib) == want


@pytest.mark.parametrize("clause, want", [
    ("路透社报道，国有企业利润同比增长0.8%", []),
    ("路透社报道，私营企业利润同比增长0.8%", ["wrong_subject"]),
])
def test_an_english_wires_ownership_groups(lib, clause, want):
    assert kinds(clause, "wire", lib) == want


STORY = ("市场销售增势较好。11月份，社会消费品零售总额41250亿元，同比增长9.6%。1至11月份，服务零售额同比增长18.2%，"
         "比1至10月份加快0.4个百分点；全国固定资产投资（不含农户）452310亿元，同比增长3.1%。")


@pytest.mark.parametrize("clause, want", [
    ("1—11月，全国固定资产投资（不含农户）45.23万亿元，同比增长3.1%", []),
    ("11月份，全国固定资产投资同比增长3.1%", ["wrong_period"]),
])
def test_a_clause_after_a_semicolon_keeps_its_sentences_opening_period(clause, want):
    """The nearer opening (1至11月份, of the figure's own sentence) wins over an earlier sentence's
    (11月份); the extractive backend names the same one when it copies the clause alone."""
    from draftbot.text.frames import inherited_period

    lib = SourceLibrary.from_pairs([(record("st", "11月份国民经济运行", publisher="新华社", date="2026-12-15"), STORY)])
    assert kinds(clause, "st", lib) == want
    at = STORY.index("全国固定资产投资")
    assert inherited_period(STORY, at, STORY.index("。", at)) == "1至11月份"
