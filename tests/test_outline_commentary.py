"""Reports on the day's releases (commentaries, wires, reprints) support the releases' sections:
they never lead one, a commentary never names one, and a commentary never glues two releases'
topics into one section (a wire on one event may still hold that event's releases together).

The day below is made up for these tests (its figures agree across its files): a statistics
bureau's retail release, a finance ministry's fiscal release, a wire retelling the retail release,
a newspaper commentary quoting both releases, and a city notice on another topic."""

from __future__ import annotations

import datetime as dt

from draftbot.outline import PlanSource, PlanSpec, SectionRange, plan_outline
from draftbot.outline.source_types import is_commentary, is_report

DAY = dt.date(2026, 11, 16)

RETAIL = PlanSource(
    id="r1", title="2026年10月份社会消费品零售总额增长3.1%", publisher="国家统计局", date=DAY, chunks=4,
    lead="10月份，社会消费品零售总额41206亿元，同比增长3.1%。其中，除汽车以外的消费品零售额37105亿元，增长3.6%。"
         "1—10月份，社会消费品零售总额402618亿元，同比增长4.0%。按消费类型分，10月份餐饮收入5021亿元，增长4.4%；"
         "商品零售36185亿元，增长2.9%。全国网上零售额累计增长6.2%。",
)
FISCAL = PlanSource(
    id="f1", title="2026年1—10月财政收支情况", publisher="财政部", date=DAY, chunks=3,
    lead="1—10月，全国一般公共预算收入176432亿元，同比增长1.2%。其中，全国税收收入143518亿元，同比增长0.9%；"
         "非税收入32914亿元，同比增长2.5%。全国一般公共预算支出221807亿元，同比增长2.9%。主要支出科目中，"
         "社会保障和就业支出增长7.1%，教育支出增长3.4%。",
)
WIRE = PlanSource(
    id="w1", title="10月份我国社会消费品零售总额同比增长3.1%", publisher="新华社", date=DAY, chunks=1,
    lead="新华社北京11月16日电（记者 周明远）国家统计局16日发布数据显示，10月份，社会消费品零售总额41206亿元，"
         "同比增长3.1%，其中餐饮收入5021亿元，增长4.4%。1—10月份，社会消费品零售总额402618亿元，同比增长4.0%。",
)
COMMENTARY = PlanSource(
    id="c1", title="消费温和回暖，财政还需更积极地托底", publisher="东海财经报", date=DAY, chunks=2,
    lead="《东海财经报》评论员 林望舒 国家统计局今天发布的数据显示，10月份社会消费品零售总额41206亿元，同比增长3.1%，"
         "1—10月份累计402618亿元，增长4.0%。财政部同日披露，1—10月全国一般公共预算收入176432亿元，同比增长1.2%，"
         "一般公共预算支出221807亿元，增长2.9%。我们认为，消费回暖的基础仍不牢固，财政支出宜向民生倾斜。",
)
NOTICE = PlanSource(
    id="n1", title="临川市人民政府关于印发临川市促进民营经济发展若干措施的通知", publisher="临川市人民政府", date=DAY,
    kind="notice", chunks=2,
    lead="各县（区）人民政府，市政府各部门：现将《临川市促进民营经济发展若干措施》印发给你们，请认真贯彻执行。"
         "一、优化市场准入环境。二、加大融资支持力度，每年安排专项资金3亿元。三、保障民营企业用地需求。",
)
DAY_SOURCES = [COMMENTARY, FISCAL, NOTICE, RETAIL, WIRE]


def _plan(sources, spec: PlanSpec | None = None):
    outline, _ = plan_outline(sources, DAY, spec or PlanSpec())
    return outline


def test_a_commentary_quoting_two_releases_does_not_glue_their_sections():
    outline = _plan(DAY_SOURCES)
    retail, fiscal = outline.section_of("r1"), outline.section_of("f1")
    assert retail is not None and fiscal is not None
    assert retail.id != fiscal.id, [s.source_ids for s in outline.sections]
    # the commentary supports one of them, the wire the release it retells
    assert outline.section_of("c1").id in (retail.id, fiscal.id)
    assert outline.section_of("w1").id == retail.id


def test_each_release_leads_its_section_and_names_it():
    outline = _plan(DAY_SOURCES)
    for release in (RETAIL, FISCAL):
        section = outline.section_of(release.id)
        assert section.source_ids[0] == release.id, section.source_ids
    headings = " ".join(s.heading for s in outline.sections)
    assert "社会消费品零售总额" in outline.section_of("r1").heading
    assert "财政收支" in outline.section_of("f1").heading
    # neither the commentary's opinion nor the wire's title is a heading
    assert "托底" not in headings and "我国社会消费品" not in headings


def test_under_a_section_cap_a_report_folds_not_a_release():
    story = PlanSource(id="p1", title="港口集装箱吞吐量创新高 多家码头延长作业时间", publisher="东海财经报", date=DAY, chunks=1,
                       lead="本报记者 许航 近期多个沿海港口集装箱吞吐量创出新高，部分码头延长夜间作业时间，"
                            "船公司加开航线以应对年末出货高峰。")
    outline = _plan([COMMENTARY, RETAIL, FISCAL, WIRE, story], PlanSpec(sections=SectionRange(min=1, max=2)))
    assert len(outline.sections) == 2
    # the two releases lead the two sections; the press-only story folds into one of them
    assert {s.source_ids[0] for s in outline.sections} == {"r1", "f1"}
    assert {"p1", "c1", "w1"} <= set(outline.assigned_ids())


def test_a_topic_only_the_press_reports_keeps_its_own_section():
    # a guard: reports join releases' sections only when close to them; alone they still lead
    story = PlanSource(id="p1", title="港口集装箱吞吐量创新高 多家码头延长作业时间", publisher="东海财经报", date=DAY, chunks=1,
                       lead="本报记者 许航 近期多个沿海港口集装箱吞吐量创出新高，部分码头延长夜间作业时间，"
                            "船公司加开航线以应对年末出货高峰。")
    outline = _plan([RETAIL, FISCAL, NOTICE, story])
    section = outline.section_of("p1")
    assert section.source_ids == ["p1"] and "集装箱" in section.heading


def test_reports_are_known_by_byline_title_and_attribution_not_only_publisher():
    column = PlanSource(id="x1", title="宏观观察｜出口韧性仍在，内需有待提振", publisher="", date=DAY,
                        lead="作者：顾子衡（某证券研究所宏观组） 海关总署今日公布的数据显示，前10个月出口增长5.1%。")
    attributed = PlanSource(id="x2", title="前10个月服务贸易保持增长", publisher="", date=DAY,
                            lead="今天从商务部获悉，前10个月我国服务进出口总额6.38万亿元，同比增长7.5%。")
    english = PlanSource(id="x3", title="China's October exports grow faster than expected", publisher="", lang="en",
                         date=DAY, lead="Exports rose 5.1% in October from a year earlier, customs data showed on Friday.")
    bureau = PlanSource(id="x4", title="China's factory prices fall for a third month", publisher="", lang="en",
                        date=DAY, lead="Producer prices fell 1.9% in October, the statistics bureau said on Sunday.")
    for s in (column, attributed, english, bureau, WIRE, COMMENTARY):
        assert is_report(s), s.id


def test_releases_are_not_reports_even_when_they_say_data_show():
    own = PlanSource(id="y1", title="10月汽车产销情况", publisher="中国汽车工业协会", date=DAY,
                     lead="中国汽车工业协会数据显示，10月汽车产销分别完成312.5万辆和309.8万辆，同比分别增长6.2%和5.8%。")
    customs = PlanSource(id="y2", title="2026年前10个月我国货物贸易进出口情况", publisher="海关总署", date=DAY,
                         lead="据海关统计，前10个月我国货物贸易进出口总值37.92万亿元，同比增长3.4%。")
    plain = PlanSource(id="y3", title="全国秋冬种进度过半", publisher="", date=DAY,
                       lead="截至11月15日，全国已播种冬小麦1.86亿亩，进度过半，播种质量总体好于上年。")
    for s in (RETAIL, FISCAL, NOTICE, own, customs, plain):
        assert not is_report(s), s.id


def test_commentaries_are_opinions_and_roundups_not_news_of_one_event():
    roundup = PlanSource(id="z1", title="10月经济数据出炉", publisher="东海财经网", date=DAY,
                         lead="国家统计局今天发布的数据显示，10月份社会消费品零售总额增长3.1%；"
                              "财政部同日披露，1—10月全国一般公共预算收入增长1.2%。")
    assert is_commentary(COMMENTARY) and is_commentary(roundup)
    assert is_report(WIRE) and not is_commentary(WIRE)  # a wire retelling one release
    assert not is_commentary(RETAIL) and not is_commentary(FISCAL)


PBC = PlanSource(
    id="b1", title="中国人民银行决定下调金融机构存款准备金率", publisher="中国人民银行", date=DAY, chunks=2,
    lead="为保持流动性合理充裕，中国人民银行决定于2026年11月20日起下调金融机构存款准备金率0.5个百分点。"
         "本次下调后，金融机构加权平均存款准备金率约为5.7%，共计向市场提供长期流动性约8000亿元。",
)
REGULATOR = PlanSource(
    id="b2", title="金融监管总局推出六项措施支持小微企业融资", publisher="国家金融监督管理总局", date=DAY, chunks=2,
    lead="为加大对小微企业的金融支持，将普惠型小微企业贷款的风险权重下调至65%，并安排3000亿元专项额度"
         "支持商业银行发放首贷和信用贷，对符合条件的贷款给予续贷便利。",
)
PRESS = PlanSource(
    id="b3", title="国新办发布会推出一揽子金融支持举措", publisher="新华社", date=DAY, chunks=2,
    lead="新华社北京11月16日电（记者 秦安澜）国务院新闻办公室16日举行新闻发布会。中国人民银行负责人在会上宣布，"
         "将下调金融机构存款准备金率0.5个百分点，预计提供长期流动性约8000亿元；国家金融监督管理总局负责人介绍，"
         "普惠型小微企业贷款的风险权重将下调至65%，并安排3000亿元专项额度支持首贷和信用贷。",
)


def test_a_wire_on_one_event_holds_its_releases_together_and_a_release_leads():
    outline = _plan([PBC, REGULATOR, PRESS, NOTICE])
    section = outline.section_of("b1")
    assert set(section.source_ids) == {"b1", "b2", "b3"}, [s.source_ids for s in outline.sections]
    assert section.source_ids[0] in ("b1", "b2")


def test_a_release_leading_two_titles_keeps_its_subject():
    from draftbot.outline.headings import compose

    # the lead's title names its body before a verb: a heading never starts "决定下调…"
    assert compose([PBC, REGULATOR], 45) == "中国人民银行决定下调金融机构存款准备金率，金融监管总局推出六项措施支持小微企业融资"
    assert compose([PBC, REGULATOR], 30) == "中国人民银行：决定下调金融机构存款准备金率"  # no room for both


def test_a_report_on_the_nation_does_not_join_a_provinces_release():
    province = PlanSource(
        id="h1", title="前三季度全省经济运行稳中有进", publisher="河南省统计局", date=DAY, chunks=3,
        lead="前三季度，全省规模以上工业增加值同比增长6.4%，社会消费品零售总额增长5.2%，固定资产投资增长4.1%。")
    paper = PlanSource(
        id="h2", title="前三季度，全国规模以上工业增加值同比增长5.9%", publisher="北方经济报", date=DAY, chunks=1,
        lead="本报记者 顾远 前三季度，全国规模以上工业增加值同比增长5.9%，社会消费品零售总额增长4.6%，"
             "固定资产投资增长3.8%。")
    outline = _plan([province, paper, NOTICE])
    assert outline.section_of("h1").id != outline.section_of("h2").id
    assert outline.section_of("h2").source_ids == ["h2"]
