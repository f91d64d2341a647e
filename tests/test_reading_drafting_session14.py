"""Session 14's outsider days, reading and drafting: a printed PDF's drawn table whose text layer
gives each cell a line (and a bare figure inside a page is no page number), a figure a line break
cut, a two-page report's running header, an issuer and its date on one line, a byline that says
发布; a draft quotes no pointer to the publisher's apparatus (详见附注二, 见表2), no statement of
the figures' status (为快报数，最终以…为准), no title standing as a sentence; a ministry is one body
under its two names, an association's department is no ministry. Text written here."""

from __future__ import annotations

import datetime as dt

from draftbot.backends.extractive import _clean, lead_clause
from draftbot.outline import PlanSource, PlanSpec, SectionRange, plan_outline
from draftbot.outline.headings import official_publisher
from draftbot.sources.doc_head import head_fields
from draftbot.sources.pdf_layout import clean_pages, join_lines, tables_as_rows

PAGE1 = "\n".join([
    "某某协会｜债券市场月报　2027年第2期", "债券市场月报", "2027年第2期（总第86期）", "某某协会研究部 2027年3月3日",
    "一、总体情况", "1—2月累计，全国地方政府债券发行规模继续扩大，地方政府债券发行198",
    "60亿元，同比增长8.5%，发行节奏明显快于上年同期，各地发行进度总体",
    "符合要求，其中新增债券和再融资债券发行均较上年同期有所加快。", "表1 2027年1—2月地方政府债券发行情况（单位：亿元、%）",
    "债券类别", "2月发行额", "同比增长", "新增一般债券", "690", "2.1", "新增专项债券", "5870", "21.2",
    "合计", "10550", "11.8", "再融资债券发行保持平稳，主要用于偿还到期地方政府债券本金。", "1",
])
PAGE2 = "\n".join(["某某协会｜债券市场月报　2027年第2期", "二、资金投向",
                   "新增专项债券资金继续向基础设施领域集中，合计占比达50.0%。", "三、下阶段展望",
                   "3月为一季度发行收官月份，预计新增专项债券发行将继续提速。", "2"])


def test_a_drawn_table_given_cell_by_cell_is_read_as_rows_and_no_cell_is_a_page_number():
    lines = clean_pages([PAGE1, PAGE2])
    assert "某某协会｜债券市场月报　2027年第2期" not in lines  # the running header of both pages
    assert "1" not in lines and "2" not in lines  # page numbers at the pages' feet
    text = "\n".join(join_lines(tables_as_rows(lines), measured=lines))
    assert "新增一般债券：2月发行额 690亿元；同比增长 2.1%。" in text
    assert "合计：2月发行额 10550亿元；同比增长 11.8%。" in text
    # a figure the line broke is one figure again, and a wrapped sentence one line
    assert "地方政府债券发行19860亿元" in text
    assert "各地发行进度总体符合要求" in text


def test_an_issuer_and_its_date_on_one_line_under_the_title():
    fields, origin = head_fields(["债券市场月报", "2027年第2期（总第86期）", "某某协会研究部 2027年3月3日", "一、总体情况"])
    assert fields["title"] == "债券市场月报2027年第2期（总第86期）"
    assert fields["publisher"] == "某某协会研究部" and fields["date"] == dt.date(2027, 3, 3)
    fields, _ = head_fields(["2026年中国工业机器人市场统计报告（摘要）", "中国机器人产业联盟（CRIA）秘书处　发布", "2027年2月24日"])
    assert fields["publisher"] == "中国机器人产业联盟（CRIA）秘书处"
    fields, _ = head_fields(["2027年1—2月汽车工业产销情况简析", "某某汽车工业协会 统计信息部 发布日期：2027年3月31日", "一、总体情况"])
    assert fields["title"] == "2027年1—2月汽车工业产销情况简析"
    assert fields["publisher"] == "某某汽车工业协会" and fields["date"] == dt.date(2027, 3, 31)


def test_a_draft_quotes_no_pointer_no_status_of_the_figures_and_no_title():
    assert _clean("2026年，全国规模以上工业企业实现利润总额76851.4亿元，比上年增长4.3%（按可比口径计算，详见附注二）。") \
        == "2026年，全国规模以上工业企业实现利润总额76851.4亿元，比上年增长4.3%。"
    assert _clean("全年工业机器人、集成电路产量分别增长18.2%和15.9%，主要产品产量见表2。") \
        == "全年工业机器人、集成电路产量分别增长18.2%和15.9%。"
    for note in ["分地区额度详见附件。", "3．本文部分数据为快报数，最终以《某省统计年鉴2027》为准。",
                 "本通报数据为初步统计数，最终以年度核实数为准。", "本报告仅供参考，不构成投资建议。",
                 "制造业数字化转型和工业机器人规模化应用行动方案（2027—2028年）"]:
        assert _clean(note) is None, note
    # a sentence closed before its bracket still is one
    assert _clean("国家统计局今天发布数据显示，工业增加值同比增长5%。（完）")


def test_a_summary_lead_drops_the_plans_target_formula_and_a_long_attribution():
    assert lead_clause("主要目标是：到2027年，规模以上工业企业数字化研发设计工具普及率达到88%左右，关键工序数控化率达到72%左右。") \
        .startswith("到2027年，规模以上工业企业")
    assert lead_clause("据联盟对会员企业及重点非会员企业的统计汇总，2026年中国市场工业机器人销量为33.8万台，同比增长9.7%，"
                       "销量规模连续第十四年居全球首位。").startswith("2026年中国市场工业机器人销量")


def test_an_associations_department_is_no_ministry():
    assert official_publisher("财政部") and official_publisher("中国人民银行")
    for p in ["中国国债协会研究部", "某证券研究所", "某银行研究部"]:
        assert not official_publisher(p), p


DAY = dt.date(2027, 3, 3)
REVENUE = PlanSource(id="rev", title="2026年财政收支情况", publisher="中华人民共和国财政部", date=DAY, chunks=4,
                     lead="2026年，全国一般公共预算收入223486亿元，比上年增长3.1%。全国一般公共预算支出289600亿元，增长4.8%。"
                          "全国政府性基金预算收入58460亿元，下降4.3%；专项债券发行使用规模扩大，相关支出增加。")
QUOTA = PlanSource(id="quota", title="财政部关于提前下达2027年部分新增地方政府专项债务限额的通知", publisher="财政部",
                   date=DAY, kind="notice", chunks=3,
                   lead="各省、自治区、直辖市财政厅（局）：本次提前下达2027年部分新增专项债务限额27600亿元。专项债券资金优先投向"
                        "在建项目，一季度发行规模不低于提前下达额度的40%。一般公共预算收入和政府性基金预算收入的管理要求不变。")
BONDS = PlanSource(id="bonds", title="地方政府债券市场运行月报2027年第2期", publisher="某某协会研究部", date=DAY, chunks=3,
                   lead="1—2月累计，地方政府债券发行19860亿元。新增专项债券10350亿元，占提前下达额度的37.5%。全国一般公共预算"
                        "收入增长带动财政收支平稳，政府性基金预算收入下降。")


def test_one_ministry_under_its_two_names_keeps_its_two_subjects_apart():
    spec = PlanSpec(sections=SectionRange(min=1, max=5))
    outline, _ = plan_outline([REVENUE, QUOTA, BONDS], DAY, spec)
    placed = [set(s.source_ids) for s in outline.sections]
    assert not any({"rev", "quota"} <= ids for ids in placed), placed
    # the ministry's notice leads the section it shares with an association's report
    lead = next(s.source_ids[0] for s in outline.sections if "quota" in s.source_ids)
    assert lead == "quota"


def test_a_table_sentence_drops_the_rows_item_number_and_english_gloss():
    from draftbot.backends.extractive import table_sentence

    assert table_sentence("4.黄金（Gold）", "2027年1月 2983.5亿美元；2027年2月 3052.7亿美元") \
        == "黄金：2027年1月为2983.5亿美元，2027年2月为3052.7亿美元。"


def test_a_table_sentence_says_a_repeated_column_period_once():
    from draftbot.backends.extractive import table_sentence

    assert table_sentence("液化天然气", "1—2月份 86.3万吨；1—2月份 同比增长 9.1%") == "液化天然气：1—2月份为86.3万吨，同比增长9.1%。"
    assert table_sentence("进出口总值", "4月 38392.5亿元；1至4月 141396.3亿元") == "进出口总值：4月为38392.5亿元，1至4月为141396.3亿元。"


def test_a_notices_forwarding_and_effect_formulas_and_a_computation_note_are_not_quoted():
    for s in ["为推动分布式光伏有序开发、就近消纳，现就做好2027年有关工作通知如下。", "本通知自印发之日起施行，有效期5年。",
              "占全国比重按国家统计局公布的全国规上工业数据计算。"]:
        assert _clean(s) is None, s
    assert _clean("2026年，全国房地产开发投资76835亿元，按可比口径计算，比上年下降8.4%。")


def test_a_notices_addressees_a_glossed_caption_and_a_research_teams_byline():
    from draftbot.backends.extractive import _ADDRESSEES

    for line in ["国家外汇管理局各省、自治区、直辖市、计划单列市分局；各全国性中资银行：",
                 "各省、自治区、直辖市及计划单列市、新疆生产建设兵团财政厅（局）："]:
        assert _ADDRESSEES.search(line), line
    for line in ["各省级交通运输主管部门、发展改革部门要建立工作协调机制：", "主要目标是："]:
        assert not _ADDRESSEES.search(line), line
    assert _clean("官方储备资产（Official reserve assets）") is None
    fields, _ = head_fields(["宏观经济月报（2027年第3期）", "节日效应推升物价 外汇储备总体稳定", "某某银行研究院 宏观经济研究团队",
                             "2027年3月10日", "一、核心观点"])
    assert fields["publisher"] == "某某银行研究院"
