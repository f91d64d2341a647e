"""Headings are composed from the sources' own titles: framing removed, never over the limit,
never cut inside a figure, English stories named by their Chinese summaries."""

from __future__ import annotations

import datetime as dt

from draftbot.outline.headings import ranked, compose, fit, is_official, title_core
from draftbot.outline.model import Theme
from draftbot.outline.sources import PlanSource

DAY = dt.date(2026, 9, 10)


def src(title, publisher="国家统计局", lang="zh", summary="", kind="release", chunks=1, sid="a"):
    return PlanSource(id=sid, title=title, publisher=publisher, date=DAY, lang=lang, summary=summary, kind=kind, chunks=chunks)


def test_title_core_drops_framing_but_keeps_the_subject():
    assert title_core(src("工业和信息化部办公厅关于开展2026年度智能制造系统解决方案揭榜挂帅工作的通知",
                          publisher="工业和信息化部")) == "开展2026年度智能制造系统解决方案揭榜挂帅工作"
    assert title_core(src("国家能源局发布1—8月份全国电力工业统计数据", publisher="国家能源局")) == "1—8月份全国电力工业统计数据"
    assert title_core(src("2026年8月份居民消费价格同比上涨0.6%")) == "8月份居民消费价格同比上涨0.6%"
    assert title_core(src("杭州市推进低空经济高质量发展行动计划（2026—2028年）")) == "杭州市推进低空经济高质量发展行动计划"
    assert title_core(src("新型工业化迈出坚实步伐——“十四五”系列报告")) == "新型工业化迈出坚实步伐"
    # a notice that sends out a document is headed by that document
    assert title_core(src("青禾市人民政府办公厅关于印发《青禾市促进数字消费高质量发展若干措施》的通知")) == \
        "青禾市促进数字消费高质量发展若干措施"
    assert title_core(src("青禾省人民政府办公厅转发省发展改革委关于印发《青禾省节能降碳行动方案》的通知")) == \
        "青禾省节能降碳行动方案"
    assert title_core(src("国务院办公厅关于进一步扩大服务消费的若干措施")) == "进一步扩大服务消费的若干措施"
    assert title_core(src("青禾市人民政府办公厅关于印发青禾市支持低空经济高质量发展若干措施的通知")) == \
        "青禾市支持低空经济高质量发展若干措施"
    # several issuers, as a joint notice names them
    assert title_core(src("工业和信息化部 国家发展改革委 国家能源局关于开展2027年新能源汽车充换电基础设施补短板专项行动的通知",
                          publisher="中华人民共和国工业和信息化部")) == "开展2027年新能源汽车充换电基础设施补短板专项行动"


def test_what_a_body_does_with_a_document_its_title_shows():
    from draftbot.outline.headings import document_verb

    assert document_verb("国家发展改革委 国家能源局关于推动新型储能规模化高质量发展的通知") == "部署"
    assert document_verb("青禾市人民政府办公厅关于印发《青禾市促进数字消费高质量发展若干措施》的通知") == "印发"
    assert document_verb("国务院办公厅关于进一步扩大服务消费的若干措施") == "印发"
    assert document_verb("2026年12月汽车工业产销情况简析") is None


def test_english_story_is_named_by_its_chinese_summary():
    wire = src("GLOBAL MARKETS-Shares steady ahead of US inflation test", publisher="Reuters", lang="en", kind="news",
               summary="路透9月10日全球市场综述：美国通胀数据公布前全球股市持稳，MSCI全球股指涨0.2%；美元走强。")
    assert title_core(wire) == "全球市场：美国通胀数据公布前全球股市持稳"
    attributed = src("China's EV exports jump 38% in June", publisher="Reuters", lang="en", kind="news",
                     summary="路透7月15日报道：据中国汽车工业协会数据，6月中国新能源汽车出口31.2万辆，同比增长38%。")
    assert title_core(attributed) == "6月中国新能源汽车出口31.2万辆"
    bare = src("Copper climbs to three-month high", publisher="Reuters", lang="en", kind="news")
    assert title_core(bare) == "Copper climbs to three-month high"  # no summary: nothing to translate from
    # a saved page's English meta description is no Chinese summary
    described = src("Copper climbs to three-month high", publisher="Reuters", lang="en", kind="news",
                    summary="Copper rose to its highest in three months on supply worries in Chile.")
    assert title_core(described) == "Copper climbs to three-month high"


def test_fit_cuts_at_a_clause_and_never_inside_a_figure():
    long = "全国秋粮已收获9.32亿亩，进度达72.6%，同比快2.4个百分点，冬小麦播种进度31%"
    assert fit(long, 30) == "全国秋粮已收获9.32亿亩，进度达72.6%"
    text = "今年前八个月全国规模以上工业企业利润总额同比增长12.5%"
    assert fit(text, 26) == text  # whole: no clause boundary, so neither "…增长12" nor a figure-less "…增长"
    quoted = "关于开展“数据要素×，赋能千行百业”大赛和若干配套活动的安排，以及其他"
    assert fit(quoted, 24) == "关于开展“数据要素×，赋能千行百业”大赛和若干配套活动的安排"  # never inside “…”
    assert fit(text, 40) == text
    assert fit("国家统计局发布八月份规模以上工业增加值同比增长百分之五点九", 30) == "国家统计局发布八月份规模以上工业增加值同比增长百分之五点九"


def test_an_all_english_group_is_headed_by_its_theme_and_publishers_never_its_english_title():
    from draftbot.outline.model import Theme

    wire = src("Exports Beat Forecasts As Shipments Rerouted", publisher="Reuters", lang="en", kind="news", sid="r")
    bloom = src("China Cuts Key Rate", publisher="Bloomberg", lang="en", kind="news", sid="b")
    assert compose([wire], 20, Theme(name="全球市场")) == "全球市场｜路透社报道"
    assert compose([wire, bloom], 20) == "外电｜路透社、彭博社报道"


def test_compose_names_both_topics_when_they_fit_else_the_official_publisher():
    power = src("国家能源局发布1—8月份全国电力工业统计数据", publisher="国家能源局", chunks=2, sid="p")
    air = src("2026年8月份民航运输生产主要数据", publisher="中国民用航空局", sid="q")
    # the planner hands a group lead first (here: the usual rank, official and substantial first)
    assert compose(ranked([air, power]), 30) == "1—8月份全国电力工业统计数据，8月份民航运输生产主要数据"
    cpi = src("2026年8月份居民消费价格同比上涨0.6%")
    assert compose([cpi], 30) == "国家统计局：8月份居民消费价格同比上涨0.6%"
    themed = compose([cpi], 30, Theme(name="统计数据"))
    assert themed.startswith("统计数据｜") and len(themed) <= 30 and "居民消费价格" in themed


def test_official_publishers():
    for p in ["国家统计局", "工业和信息化部", "杭州市人民政府办公厅", "国家数据局等十七部门", "中国民用航空局", "国务院"]:
        assert is_official(src("t", publisher=p)), p
    for p in ["新华社", "Reuters", "中国汽车工业协会", "美国半导体行业协会", ""]:
        assert not is_official(src("t", publisher=p)), p


def test_a_second_title_drops_the_period_the_first_opens_with():
    from draftbot.outline.headings import _without_shared_period

    assert _without_shared_period("6月汽车工业产销情况", "6月中国新能源汽车出口31.2万辆") == "中国新能源汽车出口31.2万辆"
    assert _without_shared_period("上半年广东经济运行情况", "上半年广东工业机器人产量增长超两成") == "广东工业机器人产量增长超两成"
    # another period, or nothing left to name, stays as it is
    assert _without_shared_period("6月汽车工业产销情况", "5月中国新能源汽车出口") == "5月中国新能源汽车出口"
    assert _without_shared_period("6月份工业生产", "6月份出口") == "6月份出口"


def test_wire_names_are_written_the_chinese_way():
    from draftbot.outline.headings import wire_name

    assert wire_name("Reuters") == "路透社" and wire_name("Bloomberg News") == "彭博社"
    assert wire_name("China Daily") == "中国日报" and wire_name("South China Morning Post") == "南华早报"
    assert wire_name("Dow Jones Newswires") == "Dow Jones Newswires"  # unknown: as given
    assert wire_name("") == "外电"


def test_a_second_title_that_would_lose_its_subject_is_left_out():
    lead = src("一揽子金融政策出台 支持稳市场稳预期", publisher="新华社", kind="news", sid="x")
    pbc = src("中国人民银行决定下调存款准备金率", publisher="中国人民银行", sid="p")
    heading = compose([lead, pbc], 30)
    # the bank's name does not fit beside the lead title: the lead alone, never "…，决定下调…"
    assert heading == "一揽子金融政策出台 支持稳市场稳预期"
    assert compose([lead, pbc], 40) == "一揽子金融政策出台 支持稳市场稳预期，中国人民银行决定下调存款准备金率"


def test_no_theme_label_when_the_publisher_named_is_the_themes_keyword():
    stats = Theme(name="统计数据", keywords=["国家统计局"])
    assert compose([src("2025年5月份居民消费价格同比下降0.1%")], 30, stats) == "国家统计局：5月份居民消费价格同比下降0.1%"
    prices = Theme(name="统计数据", keywords=["居民消费价格"])
    assert compose([src("2025年5月份居民消费价格同比下降0.1%")], 30, prices).startswith("统计数据｜")


def test_a_qa_page_never_leads_its_story():
    qa = src("商务部新闻发言人就中美日内瓦经贸会谈联合声明答记者问", publisher="商务部", sid="q")
    news = src("中美发布日内瓦经贸会谈联合声明", publisher="新华社", kind="news", sid="n")
    assert [s.id for s in ranked([qa, news])] == ["n", "q"]
