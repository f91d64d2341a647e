"""One publisher's distinct releases of one day are distinct sections when the brief's cap allows.

A statistics bureau publishes its monthly economy release, its property market release and its
energy release on the same morning. They name the same bureau (their byline) and, among dozens of
rates each, share a few by chance (0.4个百分点, 5.1%); the monthly release also restates the
property totals. None of that makes them one story: merging is for one story (a release and its
reports, two releases of one event that share their words), not for one publisher's topics.

The day below is made up for these tests; its figures agree across its files."""

from __future__ import annotations

import datetime as dt

from draftbot.outline import PlanSource, PlanSpec, SectionRange, plan_outline
from draftbot.outline.similarity import TopicSpace

DAY = dt.date(2026, 11, 17)

ECONOMY = PlanSource(
    id="econ", title="10月份国民经济保持恢复态势 结构调整稳步推进", publisher="国家统计局", date=DAY, chunks=6,
    lead="10月份，生产需求总体平稳，就业形势基本稳定。一、工业生产平稳增长。10月份，全国规模以上工业增加值同比增长5.1%，"
         "增速比上月加快0.4个百分点；高技术制造业增加值增长8.7%。二、市场销售有所回升。10月份，社会消费品零售总额40912亿元，"
         "同比增长2.8%。三、固定资产投资降幅收窄。1—10月份，全国固定资产投资（不含农户）415530亿元，同比下降1.2%。"
         "四、房地产开发投资。1—10月份，全国房地产开发投资71230亿元，同比下降8.9%；新建商品房销售面积70150万平方米，下降6.3%。"
         "五、城镇调查失业率为5.1%。",
)
PROPERTY = PlanSource(
    id="prop", title="2026年1—10月份全国房地产市场基本情况", publisher="国家统计局", date=DAY, chunks=5,
    lead="一、房地产开发投资完成情况。1—10月份，全国房地产开发投资71230亿元，同比下降8.9%，降幅比1—9月份收窄0.4个百分点；"
         "其中住宅投资54880亿元，下降8.2%。房屋新开工面积49870万平方米，下降16.1%。二、新建商品房销售和待售情况。"
         "1—10月份，新建商品房销售面积70150万平方米，同比下降6.3%；新建商品房销售额68420亿元，下降7.5%。"
         "10月末，商品房待售面积75310万平方米。三、房地产开发企业到位资金81260亿元，同比下降9.4%。",
)
ENERGY = PlanSource(
    id="energy", title="2026年10月份能源生产情况", publisher="国家统计局", date=DAY, chunks=4,
    lead="10月份，规上工业原煤产量4.1亿吨，同比增长1.3%；原油产量1725万吨，增长1.2%；天然气产量214亿立方米，增长5.1%。"
         "规上工业发电量7310亿千瓦时，同比增长2.6%，增速比上月加快0.4个百分点。其中，火电增长0.8%，风电增长14.2%，"
         "太阳能发电增长21.6%。",
)
HOUSING_WIRE = PlanSource(
    id="homes", title="10月份70城商品住宅价格环比降幅继续收窄", publisher="新华社", date=DAY, chunks=1,
    lead="新华社北京11月17日电（记者 程远舟）国家统计局17日发布的数据显示，10月份，70个大中城市中商品住宅销售价格环比"
         "降幅继续收窄。一线城市新建商品住宅销售价格环比下降0.2%，降幅比上月收窄0.4个百分点；二手住宅价格环比下降0.5%。"
         "国家统计局城市司首席统计师表示，各线城市同比降幅均有所收窄，新建商品住宅价格同比下降5.1%。",
)
RETAIL_WIRE = PlanSource(
    id="retail", title="10月份我国社会消费品零售总额同比增长2.8%", publisher="新华社", date=DAY, chunks=1,
    lead="新华社北京11月17日电（记者 许清和）国家统计局17日发布数据，10月份社会消费品零售总额40912亿元，同比增长2.8%；"
         "全国规模以上工业增加值同比增长5.1%。",
)
NOTICE = PlanSource(
    id="notice", title="商务部办公厅关于做好冬季农产品市场保供稳价工作的通知", publisher="商务部", date=DAY, kind="notice",
    chunks=2,
    lead="各省、自治区、直辖市商务主管部门：为做好今冬明春农产品市场供应，现就有关工作通知如下。一、加强产销衔接，"
         "组织批发市场与主产区签订供货协议。二、做好蔬菜、猪肉等重要商品储备投放预案。三、加强市场监测和应急调运。",
)
DAY_SOURCES = [ECONOMY, PROPERTY, ENERGY, HOUSING_WIRE, RETAIL_WIRE, NOTICE]


def _plan(sources, spec: PlanSpec | None = None):
    outline, notices = plan_outline(sources, DAY, spec or PlanSpec(sections=SectionRange(min=3, max=6)))
    return outline


def _ids(outline) -> list[list[str]]:
    return [s.source_ids for s in outline.sections]


def test_one_bureaus_releases_on_different_topics_are_different_sections():
    outline = _plan(DAY_SOURCES)
    econ, prop, energy = (outline.section_of(i) for i in ("econ", "prop", "energy"))
    assert len({econ.id, prop.id, energy.id}) == 3, _ids(outline)
    # each release leads (and names) its own section
    assert prop.source_ids[0] == "prop" and "房地产" in prop.heading, _ids(outline)
    assert econ.source_ids[0] == "econ" and "国民经济" in econ.heading


def test_releases_apart_even_when_the_monthly_release_words_the_other_s_totals():
    # no report on the day separates them: the monthly release's property paragraph alone makes
    # their bodies alike (0.3), but their titles name two series of the bureau
    outline = _plan([ECONOMY, PROPERTY, ENERGY, NOTICE])
    assert _ids(outline) == [["econ"], ["prop"], ["energy"], ["notice"]] or \
        len({outline.section_of(i).id for i in ("econ", "prop", "energy")}) == 3, _ids(outline)


def test_a_report_joins_the_release_on_its_subject_not_the_one_it_shares_rates_with():
    outline = _plan(DAY_SOURCES)
    # the house-price wire cites the bureau and shares 0.4个百分点 and 5.1% with the monthly release
    # by chance; its subject (商品住宅) is the property release's
    assert outline.section_of("homes").id == outline.section_of("prop").id, _ids(outline)
    # the retail wire retells the monthly release (its sums), and stays with it
    assert outline.section_of("retail").id == outline.section_of("econ").id, _ids(outline)


def test_shared_byline_and_cross_referenced_totals_are_no_story_link():
    space = TopicSpace(DAY_SOURCES)
    econ, prop, energy, homes, retail = 0, 1, 2, 3, 4
    # the monthly release restates the property totals (two sums): still no story link between them
    assert not space.story.linked(econ, prop) and space.sim(econ, prop) < 1.0
    assert space.sim(econ, energy) < 0.18
    assert space.sim(econ, homes) < 0.18  # coincident rates, no shared words
    assert space.sim(econ, retail) >= 1.0  # a report of the release: its sums
    assert space.sim(prop, homes) >= 1.0  # a report citing the bureau on the property release's subject


def test_a_cap_that_forces_merging_still_folds_the_least_important():
    outline = _plan(DAY_SOURCES, PlanSpec(sections=SectionRange(min=1, max=3)))
    assert len(outline.sections) == 3
    # the three releases of the day with most to say keep their own sections' leads
    leads = [s.source_ids[0] for s in outline.sections]
    assert "econ" in leads and "prop" in leads, _ids(outline)
    assert any("merged" in n for n in outline.notes)


PRICES = PlanSource(
    id="cpi", title="2026年10月份居民消费价格同比上涨0.3%", publisher="国家统计局", date=DAY, chunks=3,
    lead="10月份，全国居民消费价格同比上涨0.3%，环比持平。其中，城市上涨0.3%，农村上涨0.2%；食品价格下降1.8%，"
         "非食品价格上涨0.8%；消费品价格下降0.1%，服务价格上涨0.8%。扣除食品和能源价格的核心居民消费价格同比上涨0.9%。",
)
PRODUCER = PlanSource(
    id="ppi", title="2026年10月份工业生产者出厂价格同比下降2.1%", publisher="国家统计局", date=DAY, chunks=3,
    lead="10月份，全国工业生产者出厂价格同比下降2.1%，环比上涨0.1%；工业生产者购进价格同比下降2.6%，环比持平。"
         "生产资料价格下降2.4%，生活资料价格下降1.2%，其中食品价格下降1.5%，消费品价格同比下降0.9%。",
)


def test_two_releases_of_one_event_that_share_their_words_stay_together():
    # the monthly price releases (消费价格 and 出厂价格, read out together): one story by their words,
    # not by the bureau's byline
    outline = _plan([PRICES, PRODUCER, PROPERTY, NOTICE])
    assert outline.section_of("cpi").id == outline.section_of("ppi").id, _ids(outline)
    assert outline.section_of("prop").id != outline.section_of("cpi").id


NATIONAL_CPI = PlanSource(
    id="cpi", title="2026年10月份居民消费价格同比上涨0.5%", publisher="国家统计局", date=DAY, chunks=4,
    lead="10月份，全国居民消费价格同比上涨0.5%。其中，城市上涨0.6%，农村上涨0.2%；食品价格下降0.9%，非食品价格上涨0.8%；"
         "消费品价格上涨0.3%，服务价格上涨0.8%。1—10月平均，全国居民消费价格比上年同期上涨0.2%。10月份，全国居民消费价格"
         "环比上涨0.1%。",
)
PROVINCE_CPI = PlanSource(
    id="zj-cpi", title="2026年10月份浙江居民消费价格同比上涨0.3%", publisher="国家统计局浙江调查总队", date=DAY, chunks=3,
    lead="10月份，浙江居民消费价格同比上涨0.3%。其中，城市上涨0.4%，农村上涨0.1%；食品价格下降1.1%，非食品价格上涨0.6%；"
         "消费品价格上涨0.1%，服务价格上涨0.7%。1—10月平均，浙江居民消费价格比上年同期上涨0.1%。10月份，浙江居民消费价格"
         "环比上涨0.1%。",
)


def test_a_provinces_release_is_never_a_duplicate_of_the_nations():
    """The same template, the same words, other figures: another economy, not another outlet's copy."""
    outline = _plan([NATIONAL_CPI, PROVINCE_CPI, ENERGY, NOTICE])
    assert outline.section_of("zj-cpi") is not None and outline.section_of("cpi") is not None
    assert not [x for x in outline.left_out if x.source_id in ("cpi", "zj-cpi")]
