"""Session 14's outsider days (industrial profits, fiscal accounts): the classes behind their misses
and false flags. A wire may open a sentence with its month ("In December alone, …") or its year; a
fiscal wire's lines and a profits wire's ownership groups have Chinese names; an English wire says
"profits" once its title has named them; a two-column table renders one cell a row; a 、 may join
one name (计算机、通信和其他电子设备制造业); an editor's 去年 is last year as a whole; a target's
要/力争 names no indicator; a table's 序号 is no row label. Sources and sentences written here."""

from __future__ import annotations

import pytest

from draftbot.sources.tables import render_table
from draftbot.verify.library import SourceLibrary
from verify_fixtures import finding_kinds as kinds, record

PROFITS_EN = (
    "BEIJING, Feb 24 (Reuters) -- Profits at China's industrial firms grew 4.3 percent in 2026 from a year earlier "
    "to 7.69 trillion yuan, official data showed on Wednesday.\n\n"
    "In December alone, profits jumped 6.8 percent year on year to 912.06 billion yuan, accelerating from 5.1 "
    "percent growth in November.\n\n"
    "For the January-November period, industrial profits had risen 3.9 percent.\n\n"
    "Joint-stock enterprises raked in 5.61 trillion yuan, up 2.7 percent, while private firms saw their profits "
    "climb 4.8 percent.")
FISCAL_EN = (
    "BEIJING, March 3 (Xinhua) -- China's general public budget revenue rose 3.1 percent year on year to 22.35 "
    "trillion yuan in 2026, the Ministry of Finance said Wednesday.\n\n"
    "In December alone, general public budget revenue rose 5.7 percent year on year to about 1.5 trillion yuan.\n\n"
    "Revenue of government-managed funds dropped 4.3 percent to 5.85 trillion yuan, while revenue from the sale "
    "of state-owned land use rights fell 7.4 percent to 4.61 trillion yuan.")
QUOTA = (
    "本次提前下达2027年部分新增专项债务限额27600亿元，占2026年新增专项债务限额46000亿元的60%。分地区额度详见附件。\n"
    "附件\n提前下达2027年部分新增地方政府专项债务限额分地区表\n单位：亿元\n"
    "合计：提前下达额度 27600亿元。\n北京市：提前下达额度 420亿元。\n四川省：提前下达额度 1520亿元。\n")
INDUSTRY = (
    "重点行业方面，计算机、通信和其他电子设备制造业利润增长14.2%，电气机械和器材制造业增长9.0%。\n"
    "表1 规模以上工业企业主要财务指标\n"
    "计算机、通信和其他电子设备制造业：营业收入 比上年增长 8.6%；利润总额 比上年增长 14.2%。\n"
    "电气机械和器材制造业：营业收入 比上年增长 6.1%；利润总额 比上年增长 9.0%。\n")
PROVINCE = ("12月份，全省规模以上工业增加值同比增长7.9%。全年全省规模以上工业增加值比上年增长7.2%，"
            "其中高技术制造业增加值增长10.3%。")
TARGETS = ("主要目标是：到2027年，规模以上工业企业关键工序数控化率达到72%左右。到2028年，数字化研发设计工具普及率"
           "达到90%左右，关键工序数控化率达到75%左右。")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("pen", "China's industrial profits rise 4.3% in 2026 on year-end pickup", publisher="Reuters",
                date="2027-02-24", lang="en"), PROFITS_EN),
        (record("fen", "China's fiscal revenue up 3.1 pct in 2026", publisher="Xinhua", date="2027-03-03", lang="en"),
         FISCAL_EN),
        (record("quota", "关于提前下达2027年部分新增地方政府专项债务限额的通知", publisher="财政部", date="2027-03-03"), QUOTA),
        (record("ind", "2026年全国规模以上工业企业利润增长4.3%", date="2027-02-24"), INDUSTRY),
        (record("js", "2026年全省工业经济运行情况", publisher="江苏省统计局", date="2027-02-24"), PROVINCE),
        (record("plan", "制造业数字化转型和工业机器人应用实施方案", publisher="工业和信息化部", date="2027-02-24"), TARGETS),
    ])


@pytest.mark.parametrize("clause, cited, expected", [
    # "In December alone" is December: its figure, and the first 11 months' is another period
    ("12月当月，规上工业企业利润同比增长6.8%，达到9120.6亿元", "pen", []),
    ("12月份，规上工业企业利润同比增长3.9%", "pen", ["wrong_period"]),
    ("12月当月，全国一般公共预算收入约1.5万亿元，同比增长5.7%", "fen", []),
    # a wire's group (joint-stock enterprises) is not the whole it belongs to
    ("2026年规上工业企业利润比上年增长2.7%", "pen", ["wrong_subject"]),
    # a fiscal wire's lines: the funds' figure is not the land sales'
    ("2026年政府性基金预算收入约5.85万亿元，较上年下降4.3%", "fen", []),
    ("2026年国有土地使用权出让收入约5.85万亿元，较上年下降4.3%", "fen", ["wrong_subject", "wrong_subject"]),
    ("2026年国有土地使用权出让收入约4.61万亿元，较上年下降7.4%", "fen", []),
    # a two-column table's row: the province's quota, not the national one before it
    ("四川获提前下达的2027年新增专项债务限额为1520亿元", "quota", []),
    ("北京获提前下达的2027年新增专项债务限额为1520亿元", "quota", ["wrong_subject"]),
    # 计算机、通信和其他电子设备制造业 is one industry
    ("计算机、通信和其他电子设备制造业全年营业收入同比增长8.6%", "ind", []),
    ("计算机、通信和其他电子设备制造业全年营业收入同比增长9.0%", "ind", ["wrong_subject"]),
    # 去年 is last year as a whole: 12月's rate is another period
    ("江苏去年规上工业增加值较上年增长7.2%，其中高技术制造业增加值增长10.3%", "js", []),
    ("江苏去年规上工业增加值较上年增长7.9%", "js", ["wrong_period"]),
    # a target's 要 names no indicator; the year still tells two targets apart
    ("方案提出，到2028年规上工业企业关键工序数控化率要提升到75%左右", "plan", []),
    ("方案提出，到2027年规上工业企业关键工序数控化率要达到75%左右", "plan", ["wrong_period"]),
])
def test_wire_row_and_name_classes(clause, cited, expected, lib):
    assert sorted(kinds(clause, cited, lib)) == sorted(expected), clause


def test_a_serial_column_is_no_row_label_and_a_target_keeps_its_qualifier_after_its_unit():
    rows = [["序号", "指标", "单位", "2026年基础值", "2027年目标"],
            ["1", "关键工序数控化率", "%", "68.9", "72左右"],
            ["2", "卓越级智能工厂（累计）", "家", "312", "400以上"]]
    assert render_table(rows) == ["关键工序数控化率：2026年基础值 68.9%；2027年目标 72%左右。",
                                  "卓越级智能工厂（累计）：2026年基础值 312家；2027年目标 400家以上。"]
    # a first column of names that happen to be numbered stays (no 序号 header)
    assert render_table([["地区", "额度（亿元）"], ["1号片区", "20"]]) == ["1号片区：额度 20亿元。"]


CORE_EN = ("BEIJING, March 10 (China Daily) -- The core CPI, which excludes food and energy prices, rose 1.1 percent "
           "year on year in February, 0.2 percentage points higher than in January, according to the NBS.")
RESERVES = ("另据统计，2月末我国黄金储备为7464万盎司。\n官方储备资产（Official reserve assets）\n"
            + "\n".join(render_table([
                ["项目", "单位", "2027.01", "2027.02"],
                ["2.基金组织储备头寸（IMF reserve position）", "亿美元", "102.4", "101.8"],
                ["3.特别提款权（SDRs）", "亿美元", "534.6", "531.9"],
                ["4.黄金（Gold）", "亿美元", "2983.5", "3052.7"],
                ["", "万盎司", "7459", "7464"]])))
PRICES = ("部分产品价格变动情况：\n" + "\n".join(render_table([
    ["产品名称", "单位", "本期价格（元）", "比上期涨跌（元）"],
    ["螺纹钢（Φ20mm，HRB400E）", "吨", "3186.4", "-14.2"],
    ["液化天然气（LNG）", "吨", "4398.5", "-61.3"]])))


@pytest.fixture(scope="module")
def lib2() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("core", "China's consumer inflation edges up in February", publisher="China Daily", date="2027-03-10",
                lang="en"), CORE_EN),
        (record("safe", "2027年2月末外汇储备规模数据", publisher="国家外汇管理局", date="2027-03-10"), RESERVES),
        (record("pp", "2026年5月下旬流通领域重要生产资料市场价格变动情况", date="2026-06-04"), PRICES),
    ])


@pytest.mark.parametrize("clause, cited, expected", [
    # "than in January" is the base of the change, not its period
    ("2月份核心CPI同比上涨1.1%，比1月提高0.2个百分点", "core", []),
    # a table headed by months written 2027.01: its cells are those months', its labels' English glosses
    # no words of theirs
    ("2月末，我国官方储备资产中的特别提款权为531.9亿美元", "safe", []),
    ("2月末，基金组织储备头寸为531.9亿美元", "safe", ["wrong_subject"]),
    # a label merged down two rows names the lower row too
    ("2月末黄金储备为7464万盎司", "safe", []),
    # 比上期 is the change's base, not what changed
    ("液化天然气（LNG）每吨4398.5元，比上期下降61.3元", "pp", []),
    ("液化天然气（LNG）每吨4398.5元，比上期下降14.2元", "pp", ["wrong_subject"]),
])
def test_bases_month_headers_and_glossed_labels(clause, cited, expected, lib2):
    assert sorted(kinds(clause, cited, lib2)) == sorted(expected), clause


def test_a_month_header_and_a_merged_label_render_as_the_table_means_them():
    lines = render_table([["项目", "单位", "2027.01", "2027.02"], ["4.黄金（Gold）", "亿美元", "2983.5", "3052.7"],
                          ["", "万盎司", "7459", "7464"]])
    assert lines == ["4.黄金（Gold）：2027年1月 2983.5亿美元；2027年2月 3052.7亿美元。",
                     "4.黄金（Gold）：2027年1月 7459万盎司；2027年2月 7464万盎司。"]
    # a first row of figures that are no months stays a row
    assert render_table([["铁路", "2027.5", "13.2"], ["公路", "1880.4", "2.1"]])[0].startswith("铁路：")
