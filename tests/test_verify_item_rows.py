"""A statistics table whose rows carry their unit in a 单位 column and whose numbered item rows
(1．省内 / 2．跨省) break down the row above them ((二)货运量): an item's figure is that item's of
the parent's indicator, a sibling's or the parent's figure is the wrong subject, and a share list in
the prose (分别占…的…、…和…) is no rival of a growth rate. Page and figures invented; the shape is
that of real postal and transport releases."""

from __future__ import annotations

import pytest

from draftbot.sources.loader import load_file
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import INFORMATIONAL, check_clause
from verify_fixtures import record

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>2026年11月青禾省物流运行情况</title></head><body>
<div class="article"><h1>2026年11月青禾省物流运行情况</h1><div class="info">发布时间：2026-12-20 10:00　来源：青禾省物流协会</div>
<p>1—11月，全省货运量累计完成41.6亿吨，同比增长5.2%。</p>
<p>1—11月，省内、跨省、出境货运量分别占全部货运量的58.3%、39.9%和1.8%。</p>
<table border="1">
<tr><td rowspan="2">指标名称</td><td rowspan="2">单位</td><td colspan="2">11月</td><td colspan="2">1—11月累计</td></tr>
<tr><td>绝对量</td><td>比上年同期增长（%）</td><td>绝对量</td><td>比上年同期增长（%）</td></tr>
<tr><td>一、物流业总收入</td><td>亿元</td><td>512.4</td><td>4.1</td><td>5320.8</td><td>4.6</td></tr>
<tr><td>二、货运量</td><td>亿吨</td><td>3.92</td><td>4.4</td><td>41.6</td><td>5.2</td></tr>
<tr><td>　　1．省内</td><td>亿吨</td><td>2.31</td><td>3.1</td><td>24.3</td><td>-0.7</td></tr>
<tr><td>　　2．跨省</td><td>亿吨</td><td>1.54</td><td>6.5</td><td>16.6</td><td>12.8</td></tr>
<tr><td>三、冷链运输量</td><td>万吨</td><td>88.6</td><td>9.9</td><td>951.2</td><td>10.4</td></tr>
</table></div></body></html>"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> SourceLibrary:
    path = tmp_path_factory.mktemp("items") / "t20261220_1.html"
    path.write_text(PAGE, encoding="utf-8")
    text = load_file(path).text
    assert "2．跨省：11月 绝对量 1.54亿吨；11月 比上年同期增长 6.5%；1—11月累计 绝对量 16.6亿吨" in text
    assert "三、冷链运输量：11月 绝对量 88.6万吨" in text
    return SourceLibrary.from_pairs([(record("t", "2026年11月青禾省物流运行情况", publisher="青禾省物流协会", date="2026-12-20"), text)])


@pytest.mark.parametrize("clause, want", [
    ("前11个月，全省跨省货运量累计完成16.6亿吨，同比增长12.8%", []),
    ("1—11月，省内货运量24.3亿吨，同比下降0.7%", []),
    ("11月，冷链运输量88.6万吨，同比增长9.9%", []),
    ("前11个月，全省货运量累计完成16.6亿吨", ["wrong_subject"]),  # 跨省's, said of the whole
    ("1—11月，省内货运量16.6亿吨", ["wrong_subject"]),  # the sibling's
])
def test_an_item_rows_figure_is_that_items(lib, clause, want):
    assert [f.kind for f in check_clause(clause, ["t"], lib) if f.kind not in INFORMATIONAL] == want


def test_storage_and_computing_power_units_are_figures():
    """A computing-power plan's targets (存力45EB, 算力30EFLOPS): 45PB for 45EB is the wrong unit."""
    lib = SourceLibrary.from_pairs([(record("c", "青禾市算力基础设施发展方案", publisher="青禾市发展改革委"),
                                     "到2027年，全市算力总规模超过30EFLOPS，存力总规模超过45EB，骨干网带宽达到400Gbps。")])
    kinds = lambda clause: [f.kind for f in check_clause(clause, ["c"], lib) if f.kind not in INFORMATIONAL]  # noqa: E731
    assert kinds("到2027年，青禾存力总规模将超过45EB") == []
    assert kinds("到2027年，青禾算力总规模超过30EFLOPS") == []
    assert kinds("到2027年，青禾存力总规模将超过45PB") == ["unsupported_number"]


def test_a_column_signed_by_both_directions_and_a_forecast_named_before_its_figure():
    """`同比多增(+)/少增(-) +420亿元`: the sign tells the direction, not the last direction word of the
    header; `高于…预计的4000亿元`: the figure is the forecast (invented figures)."""
    lib = SourceLibrary.from_pairs([
        (record("b", "2026年11月金融统计数据报告", publisher="青禾银行"),
         "企业贷款：11月份 增加额 3950亿元；11月份 同比多增(+)/少增(-) +420亿元。\n"
         "住户贷款：11月份 增加额 -260亿元；11月份 同比多增(+)/少增(-) -1840亿元。"),
        (record("w", "New loans beat forecasts", publisher="Reuters", lang="en"),
         "New yuan loans rose to 458 billion yuan in November, above the 400 billion yuan analysts polled by Reuters had expected."),
    ])
    kinds = lambda clause, sid: [f.kind for f in check_clause(clause, [sid], lib) if f.kind not in INFORMATIONAL]  # noqa: E731
    assert kinds("11月，企业贷款增加3950亿元，同比多增420亿元", "b") == []
    assert kinds("11月，住户贷款同比少增1840亿元", "b") == []
    assert kinds("11月，企业贷款同比少增420亿元", "b") == ["wrong_direction"]
    assert kinds("11月新增人民币贷款4580亿元，高于路透调查中分析师预计的4000亿元", "w") == []
