"""Issue 22: a figure is bound to its subject, period and basis the way editors write them —
分别 lists, neighbours, indicators a source never names, periods in words, forecasts, levels —
and a figure computed from the cited sources is a `derived` note, never a finding. Real figures
(customs, central bank, tourism, fiscal releases; an English wire), sentences written here."""

from __future__ import annotations

import re

import pytest

from draftbot.text.numbers import extract_numbers
from draftbot.verify.claims import correct_figure
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import Labeler, check_clause, check_mentions, mask
from verify_fixtures import finding_kinds as kinds, record

TRADE = ("前2个月，我国货物贸易进出口总值6.61万亿元，同比增长8.7%。其中，出口3.75万亿元，增长10.3%；"
         "进口2.86万亿元，增长6.7%。从商品看，汽车、家电、船舶出口分别增长15.8%、24.3%和180.6%。")
MONEY = ("2月末，广义货币(M2)余额299.56万亿元，同比增长8.7%。狭义货币(M1)余额66.59万亿元，同比增长1.2%。"
         "流通中货币(M0)余额12.1万亿元，同比增长12.5%。前两个月人民币存款增加6.44万亿元。其中，住户存款增加5.73万亿元。")
TOURISM = ("2023年前三季度，国内旅游总人次36.74亿，比上年同期增加15.80亿，同比增长75.5%。"
           "分季度看，第一季度国内旅游总人次12.16亿，同比增长46.5%；第二季度11.68亿，同比增长86.9%；"
           "第三季度12.90亿，同比增长101.9%。")
GRAIN = "三、全国粮食总产量61791万吨，比2016年增加166万吨，增长0.3%。"
POWER = "5月份，全社会用电量7222亿千瓦时，同比增长7.4%。第二产业用电量4958亿千瓦时，同比增长3.1%。"
HOUSING = ("从环比看，35个三线城市新建商品住宅销售价格上涨1.5%。\n从同比看，二线城市新建商品住宅价格上涨7.3%。"
           "三线城市新建商品住宅销售价格上涨6.7%。")
# a price release's shape: a lead sentence states the basis, its 其中 sentence breaks it down; the
# numbered headings state the basis of the sections below them
CPI = ("9月份，全国居民消费价格同比上涨0.6%。其中，城市上涨0.7%，农村上涨0.2%；食品价格下降2.1%。"
       "1—9月平均，全国居民消费价格比上年同期上涨0.3%。\n"
       "9月份，全国居民消费价格环比下降0.4%。其中，城市下降0.3%，农村下降0.8%；食品价格下降1.9%。\n"
       "一、各类商品及服务价格同比变动情况\n"
       "9月份，食品烟酒类价格同比下降1.0%，影响CPI下降约0.29个百分点。食品中，猪肉价格上涨12.4%，"
       "影响CPI上涨约0.15个百分点；鲜果价格下降8.8%。\n"
       "二、各类商品及服务价格环比变动情况\n"
       "9月份，食品烟酒类价格环比下降1.1%，影响CPI下降约0.31个百分点。食品中，鲜菜价格下降5.2%，"
       "影响CPI下降约0.11个百分点；蛋类价格上涨3.6%。")
PPI = ("8月份，全国工业生产者出厂价格同比下降2.8%，环比上涨0.2%。其中，生产资料价格下降3.5%。\n"
       "1. 全国规模以上工业增加值同比增长5.1%\n"
       "2. 采矿业增加值增长2.4%")
# a period opening the paragraph's first sentence; a category broken down (在…价格中，) after a 分类别看
ACT = ("前10个月，高端装备产品生产保持较快增长。数控机床、工业机器人产量分别增长14.6%和22.8%。\n"
       "10月份，全国居民消费价格同比上涨0.5%，环比持平。分类别看，食品烟酒价格同比下降0.7%，衣着价格上涨1.3%。"
       "在食品烟酒价格中，牛肉价格下降6.4%，鲜果价格上涨2.2%。")
# sections named by their headings: the sub-indices below say only 新订单指数
PMI = ("一、中国制造业采购经理指数运行情况\n10月份，制造业采购经理指数（PMI）为49.6%，比上月上升0.2个百分点。"
       "新订单指数为49.9%，比上月上升0.6个百分点。\n"
       "二、中国非制造业采购经理指数运行情况\n10月份，非制造业商务活动指数为50.2%，比上月下降0.1个百分点。"
       "新订单指数为46.3%，比上月上升0.2个百分点。从业人员指数为45.1%。")
WIRE2 = ("BEIJING, Dec 9 (Reuters) - China's outbound shipments rose 4.1% in November from a year earlier, while "
         "inbound shipments fell 0.6%. Analysts in a Reuters poll had forecast export growth of 2.7%.")
NET = "截至10月末，5G基站总数达478.3万个，比上年末净增73.2万个，占移动基站总数的36.9%。"
WIRE = ("BEIJING, March 7 (Reuters) - China's exports shrank 6.8% in January-February from a year earlier, "
        "customs data showed, while imports declined 10.2%. Economists in a Reuters poll had expected exports to fall 9.4%. "
        "China's annual consumer inflation eased to 4.1 percent in December.")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("trade", "2024年前2个月我国货物贸易进出口情况", publisher="海关总署", date="2024-03-07"), TRADE),
        (record("money", "2024年2月金融统计数据报告", publisher="中国人民银行", date="2024-03-13"), MONEY),
        (record("tour", "2023年前三季度国内旅游数据情况", publisher="文化和旅游部", date="2023-10-27"), TOURISM),
        (record("grain", "国家统计局关于2017年粮食产量的公告", date="2017-12-08"), GRAIN),
        (record("power", "2023年5月份全社会用电量", publisher="国家能源局", date="2023-06-14"), POWER),
        (record("house", "2018年7月份70个大中城市商品住宅销售价格变动情况", date="2018-08-15"), HOUSING),
        (record("wire", "China's Jan-Feb exports slump further", publisher="Reuters", date="2023-03-07"), WIRE),
        (record("cpi", "2025年9月份居民消费价格变动情况", date="2025-10-15"), CPI),
        (record("ppi", "2025年8月份工业生产者出厂价格变动情况", date="2025-09-10"), PPI),
        (record("act", "2025年10月份国民经济运行情况", date="2025-11-14"), ACT),
        (record("net", "2025年1—10月通信业经济运行情况", date="2025-11-20"), NET),
        (record("pmi", "2025年10月中国采购经理指数运行情况", date="2025-10-31"), PMI),
        (record("wire2", "China's November exports beat forecasts", publisher="Reuters", date="2025-12-09"), WIRE2),
    ])



@pytest.mark.parametrize("clause, cited, expected", [
    # 分别 lists: each figure is its own item's, in order
    ("家电出口增长24.3%", ["trade"], []),
    ("汽车出口增长24.3%", ["trade"], ["wrong_subject"]),
    ("汽车、家电、船舶出口分别增长24.3%、15.8%和180.6%", ["trade"], ["wrong_subject", "wrong_subject"]),
    # neighbours: one money aggregate's rate is not the next one's
    ("狭义货币(M1)余额66.59万亿元，同比增长12.5%", ["money"], ["wrong_subject"]),
    ("流通中货币(M0)余额12.1万亿元，同比增长12.5%", ["money"], []),
    # an indicator the cited source never names, though the value is there for another one
    ("外币存款余额12.1万亿元", ["money"], ["wrong_subject"]),
    ("充换电服务业用电量同比增长7.4%", ["power"], ["wrong_subject"]),
    ("M2余额同比增长8.7%", ["trade"], ["wrong_subject"]),
    # periods in words
    ("今年1—2月，货物贸易进出口总值6.61万亿元", ["trade"], []),
    ("前两个月，货物贸易进出口总值6.61万亿元", ["trade"], []),
    ("2月份，货物贸易进出口总值6.61万亿元", ["trade"], ["wrong_period"]),
    ("第三季度，国内旅游总人次12.90亿，同比增长101.9%", ["tour"], []),
    ("前三季度，国内旅游总人次12.90亿", ["tour"], ["wrong_period"]),
    ("2023年1—9月，国内旅游总人次36.74亿", ["tour"], []),
    ("今年1—2月，中国出口同比下降6.8%", ["wire"], []),
    ("今年1—2月，中国出口同比下降6.8%，进口下降10.2%", ["wire"], []),
    # a wrong year does not pass because that year appears in the source (as the base)
    ("2017年全国粮食总产量61791万吨", ["grain"], []),
    ("2016年全国粮食总产量61791万吨", ["grain"], ["wrong_period"]),
    # 从同比看 / 从环比看 set the basis of the paragraph's following sentences
    ("三线城市新建商品住宅销售价格同比上涨6.7%", ["house"], []),
    ("三线城市新建商品住宅销售价格环比上涨6.7%", ["house"], ["wrong_period"]),
    ("三线城市新建商品住宅销售价格同比上涨1.5%", ["house"], ["wrong_period"]),
    # a 其中 sentence takes the basis of the sentence it breaks down, when that states one
    ("9月份城市居民消费价格环比下降0.3%", ["cpi"], []),
    ("9月份农村居民消费价格环比下降0.8%", ["cpi"], []),
    ("9月份农村居民消费价格同比下降0.8%", ["cpi"], ["wrong_period"]),
    ("9月份城市居民消费价格同比上涨0.7%", ["cpi"], []),
    ("9月份城市居民消费价格环比上涨0.7%", ["cpi"], ["wrong_period"]),
    ("8月份生产资料价格环比下降3.5%", ["ppi"], []),  # its lead states two: not said which
    # a numbered heading states the basis of its section
    ("9月份鲜菜价格环比下降5.2%", ["cpi"], []),
    ("9月份鲜菜价格同比下降5.2%", ["cpi"], ["wrong_period"]),
    ("9月份猪肉价格同比上涨12.4%", ["cpi"], []),
    ("9月份猪肉价格环比上涨12.4%", ["cpi"], ["wrong_period"]),
    ("8月份采矿业增加值环比增长2.4%", ["ppi"], []),  # a numbered line with a figure is no heading
    # a numbered heading names what its section's figures are of, 非 included
    ("10月份，非制造业新订单指数为46.3%", ["pmi"], []),
    ("10月份，非制造业从业人员指数为45.1%", ["pmi"], []),
    ("10月份，制造业新订单指数为49.9%", ["pmi"], []),
    ("10月份，制造业新订单指数为46.3%", ["pmi"], ["wrong_subject"]),
    ("10月份，非制造业新订单指数为49.9%", ["pmi"], ["wrong_subject"]),
    # outbound shipments are exports; 高于…预测的2.7% is the forecast, not an outcome
    ("路透社报道，11月出口同比增长4.1%，高于路透调查预测的2.7%", ["wire2"], []),
    ("路透社报道，11月进口同比下降0.6%", ["wire2"], []),
    ("路透社报道，11月进口同比增长4.1%", ["wire2"], ["wrong_subject"]),
    # 比上年末 is the change since the end of last year, not on a year earlier
    ("截至10月末，5G基站比上年末净增73.2万个", ["net"], []),
    ("截至10月末，5G基站同比净增73.2万个", ["net"], ["wrong_period"]),
    # a period opening an earlier sentence of the paragraph is the period of those stating none
    ("前10个月，工业机器人产量增长22.8%", ["act"], []),
    ("10月份，工业机器人产量增长22.8%", ["act"], ["wrong_period"]),
    # 在食品烟酒价格中，…: a breakdown of the sentence before, whose basis it takes
    ("10月份牛肉价格同比下降6.4%", ["act"], []),
    ("10月份牛肉价格环比下降6.4%", ["act"], ["wrong_period"]),
    # English: a forecast is not the outcome; "eased to 4.1 percent" is a level (prices rose 4.1%)
    ("路透调查预计出口下降9.4%", ["wire"], []),
    ("中国出口同比下降9.4%", ["wire"], ["wrong_subject"]),
    ("12月居民消费价格同比上涨4.1%", ["wire"], []),
    ("12月居民消费价格同比下降4.1%", ["wire"], ["wrong_direction"]),
])
def test_binding(lib, clause, cited, expected):
    assert kinds(clause, cited, lib) == expected


@pytest.mark.parametrize("clause, cited", [
    ("出口比进口多0.89万亿元", ["trade"]),  # difference
    ("出口规模约为进口的1.3倍", ["trade"]),  # ratio
    ("住户存款增加5.73万亿元，占人民币存款增量的近九成", ["money"]),  # share in 成
    ("人民币存款增加6.44万亿元，其中住户存款增加5.73万亿元，超过八成", ["money"]),
    ("流通中货币(M0)余额同比增长12.5%，增速比M2高3.8个百分点", ["money"]),  # pp gap between subjects
    ("进出口总值同比增长8.7%，上年同期约为6.08万亿元", ["trade"]),  # back-computed from the growth
    ("国内旅游总人次36.74亿，上年同期为20.94亿", ["tour"]),  # back-computed from the increase
    ("汽车、家电出口分别增长15.8%和24.3%，船舶出口增长1.8倍", ["trade"]),  # a growth rate as 倍
    ("汽车、家电出口分别增长15.8%和24.3%，船舶出口翻了一番多", ["trade"]),
    ("出口比进口多0.89万亿元", ["wire", "trade"]),
])
def test_derived_figures_are_notes(lib, clause, cited):
    masked = mask(clause)
    ms = extract_numbers(masked)
    checks = check_mentions(ms, cited, lib, Labeler(lib), context=ms, sentence=masked)
    assert kinds(clause, cited, lib) == []
    derived = [c for c in checks if c.status == "derived"]
    assert derived and all(c.formula for c in derived)
    assert any(op in derived[0].formula for op in ("÷", "−", "+", "倍")), derived[0].formula


@pytest.mark.parametrize("clause, cited", [
    ("出口比进口多1.2万亿元", ["trade"]),  # is 0.89
    ("出口规模约为进口的2倍", ["trade"]),  # is 1.31
    ("住户存款增加5.73万亿元，占比超过九成", ["money"]),  # is 89.0 %
    ("流通中货币(M0)余额同比增长12.5%，增速比M2高4.2个百分点", ["money"]),  # is 3.8
    ("进出口总值同比增长8.7%，上年同期约为6.35万亿元", ["trade"]),  # is 6.08
    ("船舶出口增长2.8倍", ["trade"]),  # 180.6 % is 1.8倍 growth (2.8倍 of the base)
])
def test_wrong_derived_figures_are_findings(lib, clause, cited):
    assert kinds(clause, cited, lib)


def test_the_fix_offered_is_the_subjects_own_figure(lib):
    clause = "流通中货币(M0)余额同比增长13.5%"
    [f] = check_clause(clause, ["money"], lib)
    assert f.kind == "unsupported_number" and "12.5%" in (f.suggestion or "")
    ms = extract_numbers(clause)
    assert "12.5%" in correct_figure(ms[0], clause, ms, ["money"], lib)
    # no figure for the subject: say so, offer no other indicator's number
    clause = "外币贷款余额同比下降13.5%"
    [f] = check_clause(clause, ["money"], lib)
    assert f.kind == "unsupported_number" and f.suggestion is None and "no such figure" in f.detail
    ms = extract_numbers(clause)
    assert correct_figure(ms[0], clause, ms, ["money"], lib) is None


def test_wrong_source_names_only_a_source_stating_the_subject(lib):
    # 8.7% is in the central-bank release (M2) and in the customs one (trade): cited to the
    # tourism release, M2's growth is pointed to the central bank only
    fs = check_clause("M2余额同比增长8.7%", ["tour"], lib, citations_label={"tour": 1, "trade": 2, "money": 3})
    assert [f.kind for f in fs] == ["wrong_source"] and fs[0].suggestion == "[3]"


def test_true_text_is_not_misread():
    lib = SourceLibrary.from_pairs([(record("cq", "2026年“数据要素×”大赛重庆分赛启幕"),
                                     "本次分赛设置16个行业赛道和数据基础设施专业赛道，共17个赛道、131个赛题。"
                                     "2021—2025年，全市数字经济核心产业增加值年均增长12.1%。")])
    # a total is not the subject of its own part
    assert kinds("重庆分赛设置16个行业赛道，共17个赛道、131个赛题", ["cq"], lib) == []
    assert kinds("重庆分赛设置17个行业赛道", ["cq"], lib) != []
    # a year range is not a direction
    assert kinds("2021—2025年，全市数字经济核心产业增加值年均增长12.1%", ["cq"], lib) == []


def test_overview_figures_must_stand_in_a_section():
    from draftbot.verify.report import check_markdown

    lib = SourceLibrary.from_pairs([(record("trade", "2024年前2个月我国货物贸易进出口情况", publisher="海关总署",
                                            date="2024-03-07"), TRADE)])
    draft = ("# 每日动态\n\n2024 年 3 月 8 日\n\n## 摘要\n\n前2个月货物贸易进出口增长8.7%[1]。\n\n"
             "## 一、外贸\n\n前2个月，我国货物贸易进出口总值6.61万亿元，同比增长8.7%[1]。\n\n"
             "## 二、今日判断\n\n外贸开局良好，进出口总值6.61万亿元[1]。{extra}\n\n"
             "## 参考文献\n\n1. 海关总署，《2024年前2个月我国货物贸易进出口情况》，2024-03-07，用于核验外贸数据。\n")
    assert check_markdown(draft.format(extra=""), lib).findings == []
    # 出口 3.75万亿元 is in the cited release but in no section: 今日判断 adds no figure of its own
    fs = check_markdown(draft.format(extra="出口3.75万亿元[1]。"), lib).findings
    assert [(f.kind, f.number, f.section) for f in fs] == [("overview_number", "3.75万亿元", "二、今日判断")]
    from draftbot.verify.kinds import editor_text
    assert editor_text(fs[0]).startswith("今日判断中的数字 3.75万亿元 在正文各节中都找不到")
    # a 摘要 figure wrong against its own source is reported once, against the source
    fs = check_markdown(draft.format(extra="").replace("进出口增长8.7%[1]。\n\n## 一", "进出口增长9.7%[1]。\n\n## 一"), lib).findings
    assert [(f.kind, f.number) for f in fs] == [("unsupported_number", "9.7%")], [(f.kind, f.detail) for f in fs]


def test_overview_headings_are_the_briefs():
    """A brief that names its overview parts otherwise (内容提要, 综合研判) has them checked against
    the sections; under the shipped brief's names the same draft's 综合研判 is an ordinary section."""
    from draftbot.briefing.brief import load_brief
    from draftbot.verify.report import check_markdown

    lib = SourceLibrary.from_pairs([(record("trade", "2024年前2个月我国货物贸易进出口情况", publisher="海关总署",
                                            date="2024-03-07"), TRADE)])
    draft = ("# 每日动态\n\n2024 年 3 月 8 日\n\n## 内容提要\n\n前2个月货物贸易进出口增长8.7%[1]。\n\n"
             "## 一、外贸\n\n前2个月，我国货物贸易进出口总值6.61万亿元，同比增长8.7%[1]。\n\n"
             "## 综合研判\n\n外贸开局良好，出口3.75万亿元[1]。\n\n"
             "## 参考文献\n\n1. 海关总署，《2024年前2个月我国货物贸易进出口情况》，2024-03-07，用于核验外贸数据。\n")
    shipped = load_brief(None)
    other = shipped.model_copy(update={"summary": shipped.summary.model_copy(update={"heading": "内容提要"}),
                                       "synthesis": shipped.synthesis.model_copy(update={"heading": "综合研判"})})
    fs = check_markdown(draft, lib, other).findings
    assert [(f.kind, f.number, f.section) for f in fs] == [("overview_number", "3.75万亿元", "综合研判")]
    assert not [f for f in check_markdown(draft, lib, shipped).findings if f.kind == "overview_number"]


def test_wrong_source_outside_the_reference_list_is_subject_filtered_too():
    """A source the draft does not list that holds the number for another indicator is no fix (the
    finding says the cited source states no such figure); one that holds it for the draft's
    subject is offered, to be added to 参考文献."""
    from draftbot.verify.report import check_markdown

    other_indicator = "5月份，全国规模以上工业增加值同比增长10.3%。"
    same_indicator = "据海关统计，前2个月家电出口增长10.3%（修订数）。"
    ref = "1. 海关总署，《2024年前2个月我国货物贸易进出口情况》，2024-03-07，用于核验外贸数据。\n"
    draft = ("# 每日动态\n\n2024 年 3 月 8 日\n\n## 一、外贸\n\n前2个月，{what}出口增长10.3%[1]。\n\n"
             "## 参考文献\n\n" + ref)
    trade = (record("trade", "2024年前2个月我国货物贸易进出口情况", publisher="海关总署", date="2024-03-07"),
             "前2个月，我国货物贸易出口3.75万亿元。")
    lib = SourceLibrary.from_pairs([trade, (record("ind", "2024年5月份规模以上工业生产情况"), other_indicator)])
    [f] = check_markdown(draft.format(what="船舶"), lib).findings
    assert f.kind == "unsupported_number" and "no such figure for" in f.detail and f.suggestion is None, f
    lib = SourceLibrary.from_pairs([trade, (record("ind", "2024年5月份规模以上工业生产情况"), other_indicator),
                                    (record("rev", "前2个月家电出口数据修订", publisher="海关总署"), same_indicator)])
    [f] = check_markdown(draft.format(what="家电"), lib).findings
    assert f.kind == "wrong_source" and "前2个月家电出口数据修订" in (f.suggestion or ""), f
    # the editor's Chinese line names the holder and what to do in Chinese, no English inside it
    from draftbot.verify.kinds import fill, fields, kind_of

    line = fill(kind_of("wrong_source").editor, fields(f))
    assert "它出自《前2个月家电出口数据修订》" in line and "参考文献未列出" in line, line
    assert not re.search(r"[A-Za-z]{3,}", line), line
