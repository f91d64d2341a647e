"""A statistics table with merged header cells (a period over each pair of 货运量 | 同比增长
columns, 运输方式 spanning both header rows), a unit line naming two units (单位：亿吨（民航为万吨）；%)
and a row that states its own unit (民航（万吨）): each figure is read under its own column, a rate
column in %, the row's unit over the table's, and a sibling row's figure said of another row is
the wrong subject. Page and figures invented; the shape is that of real ministry releases."""

from __future__ import annotations

import pytest

from draftbot.sources.loader import load_file
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import INFORMATIONAL, check_clause
from verify_fixtures import record

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>2026年3月货运情况_青禾部</title></head><body>
<div class="article"><h1>2026年3月货运情况</h1><div class="info">发布时间：2026-04-17 15:30　来源：综合规划司</div>
<p>3月，完成营业性货运量45.2亿吨，同比增长2.9%。其中，完成公路货运量33.10亿吨，同比增长3.1%。</p>
<p style="text-align:center"><strong>表1　2026年3月营业性货运量分运输方式情况</strong></p>
<p style="text-align:right">单位：亿吨（民航为万吨）；%</p>
<table border="1">
<thead><tr><th rowspan="2">运输方式</th><th colspan="2">3月</th><th colspan="2">1—3月</th></tr>
<tr><th>货运量</th><th>同比增长</th><th>货运量</th><th>同比增长</th></tr></thead>
<tbody>
<tr><td>铁路</td><td>4.31</td><td>1.8</td><td>12.66</td><td>2.2</td></tr>
<tr><td>公路</td><td>33.10</td><td>3.1</td><td>95.04</td><td>3.5</td></tr>
<tr><td>民航（万吨）</td><td>80.6</td><td>11.2</td><td>231.9</td><td>12.7</td></tr>
</tbody></table>
<p>注：民航货运量含货邮运输量。</p></div></body></html>"""


@pytest.fixture(scope="module")
def text(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("spans") / "t20260417_1.html"
    path.write_text(PAGE, encoding="utf-8")
    return load_file(path).text


def test_merged_headers_put_each_figure_under_its_period_and_unit(text):
    assert "铁路：3月 货运量 4.31亿吨；3月 同比增长 1.8%；1—3月 货运量 12.66亿吨；1—3月 同比增长 2.2%。" in text
    assert "民航：3月 货运量 80.6万吨；3月 同比增长 11.2%；1—3月 货运量 231.9万吨；1—3月 同比增长 12.7%。" in text


@pytest.mark.parametrize("clause, want", [
    ("一季度，民航货运量231.9万吨，同比增长12.7%", []),
    ("3月，铁路货运量4.31亿吨，同比增长1.8%", []),
    ("1—3月，公路货运量12.66亿吨", ["wrong_subject"]),  # 铁路's
    ("3月，铁路货运量33.10亿吨", ["wrong_subject"]),  # 公路's, also in the prose
    ("3月，民航货运量同比增长12.7%", ["wrong_period"]),
])
def test_a_rows_figure_is_that_rows(text, clause, want):
    lib = SourceLibrary.from_pairs([(record("t", "2026年3月货运情况", publisher="青禾部", date="2026-04-17"), text)])
    assert [f.kind for f in check_clause(clause, ["t"], lib) if f.kind not in INFORMATIONAL] == want


def test_a_share_column_under_a_unit_line_of_several_units_is_in_percent():
    """单位：万元，% over | 扶持比例 | 单项上限 | 产能利用率 |: the share columns are percentages, the
    amount column takes the line's first unit (a notice's table of subsidy tiers; invented)."""
    from draftbot.sources.tables import render_table

    rows = [["项目类别", "扶持比例", "单项上限", "产能利用率"],
            ["首台套装备", "25", "600", "78.5"]]
    (line,) = render_table(rows, "单位：万元，%")
    assert line == "首台套装备：扶持比例 25%；单项上限 600万元；产能利用率 78.5%。"


def test_a_column_of_units_gives_each_row_its_unit():
    """| 指标名称 | 单位 | 11月 绝对量 | 比上年同期增长（%） |: a row's 单位 cell is the unit of its bare figures
    (a postal release's shape; invented). A column with a unit of its own keeps it (a price per tonne)."""
    from draftbot.sources.tables import render_table

    rows = [["指标名称", "单位", "11月 绝对量", "比上年同期增长（%）"],
            ["快递业务量", "亿件", "197.3", "8.1"], ["汇兑业务", "万笔", "11.2", "-24.3"]]
    assert render_table(rows) == ["快递业务量：11月 绝对量 197.3亿件；比上年同期增长 8.1%。",
                                  "汇兑业务：11月 绝对量 11.2万笔；比上年同期增长 -24.3%。"]
    prices = [["产品名称", "单位", "本期价格（元）"], ["螺纹钢", "吨", "3186.4"]]
    assert render_table(prices) == ["螺纹钢：单位 吨；本期价格 3186.4元。"]
    # a plan's targets: a bound (＞45) takes the unit too; a dash under 单位 is no unit
    targets = [["指标", "单位", "2025年", "2027年目标"], ["存力总规模", "EB", "26", "＞45"], ["PUE", "—", "1.30", "≤1.25"]]
    assert render_table(targets) == ["存力总规模：2025年 26EB；2027年目标 ＞45EB。", "PUE：单位 —；2025年 1.30；2027年目标 ≤1.25。"]
    # no 单位 column: a bare target takes the unit the row's other cells carry
    assert render_table([["指标", "2025年", "2027年目标"], ["存力总规模", "26EB", "＞45"]]) == \
        ["存力总规模：2025年 26EB；2027年目标 ＞45EB。"]


def test_the_change_of_a_growth_rate_is_in_points():
    """| 11月末余额 | 同比增长 | 增速变动 比上月末 | under 单位：万亿元，%: the change of a rate is in
    percentage points, not in the table's amount unit (a central bank's money table; invented)."""
    from draftbot.sources.tables import render_table

    rows = [["项目", "11月末余额", "同比增长", "增速变动", ""], ["", "", "", "比上月末", "比上年同期"],
            ["广义货币（M2）", "362.57", "7.6", "0.1", "-0.2"]]
    assert render_table(rows, "单位：万亿元，%") == \
        ["广义货币（M2）：11月末余额 362.57万亿元；同比增长 7.6%；增速变动 比上月末 0.1个百分点；增速变动 比上年同期 -0.2个百分点。"]
