"""Two shapes of provincial and national releases, sentences written here:
- a list that states its basis on its first item (分三大门类看，采矿业…同比增长4.1%，制造业增长5.8%)
  keeps that basis for every item, even after a 从环比看 sentence just before it;
- a provincial release's 全省 is its province: an editor's 湖南省工业投资 names no other indicator,
  another province does."""

from __future__ import annotations

import pytest

from draftbot.verify.library import SourceLibrary
from verify_fixtures import finding_kinds as kinds, record

NATIONAL = ("一、工业生产平稳\n10月份，规模以上工业增加值同比增长4.6%，增速比上月回落0.2个百分点。"
            "从环比看，10月份规模以上工业增加值增长0.31%。分三大门类看，采矿业增加值同比增长3.2%，"
            "制造业增长4.9%，电力、热力、燃气及水生产和供应业增长1.8%。")
CONTEST = "“数据要素×”大赛湖南分赛今日启幕。按照安排，湖南分赛围绕制造、农业、物流等领域设置11个行业赛道，另设一个专业赛道，合计12个赛道，共96个赛题。"
PROVINCE = ("二、投资结构优化\n1—10月，全省固定资产投资同比增长2.7%，比1—9月加快0.1个百分点。"
            "其中，工业投资增长9.8%，民间投资下降1.2%。")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("nat", "10月份国民经济运行保持稳定", date="2026-11-14"), NATIONAL),
        (record("hn", "10月全省经济运行情况", publisher="湖南省统计局", date="2026-11-18"), PROVINCE),
        (record("contest", "数据大赛湖南分赛启幕", publisher="湖南省人民政府", date="2026-06-04"), CONTEST),
    ])



@pytest.mark.parametrize("clause", ["10月份，制造业增加值同比增长4.9%", "10月份，规模以上工业中制造业增加值同比增长4.9%",
                                    "10月份，电力、热力、燃气及水生产和供应业增加值同比增长1.8%"])
def test_a_list_item_keeps_its_lists_basis(lib, clause):
    assert kinds(clause, "nat", lib) == []


def test_the_other_basis_for_a_list_item_is_flagged(lib):
    assert kinds("10月份，制造业增加值环比增长4.9%", "nat", lib) == ["wrong_period"]


def test_the_environ_sentences_own_figure_keeps_its_basis(lib):
    assert kinds("10月份，规模以上工业增加值环比增长0.31%", "nat", lib) == []
    assert kinds("10月份，规模以上工业增加值同比增长0.31%", "nat", lib) == ["wrong_period"]


@pytest.mark.parametrize("clause", ["1—10月，湖南省工业投资同比增长9.8%", "1—10月，湖南工业投资增长9.8%",
                                    "1—10月，全省工业投资同比增长9.8%"])
def test_the_sources_own_province_is_no_indicator(lib, clause):
    assert kinds(clause, "hn", lib) == []


def test_another_province_is_a_wrong_subject(lib):
    assert kinds("1—10月，江西省工业投资同比增长9.8%", "hn", lib) == ["wrong_subject"]


def test_a_province_the_source_writes_out_still_counts_as_named(lib):
    """Its name is then among the source's own words: discounting it must not cost the match."""
    assert kinds("“数据要素×”大赛湖南分赛设12个赛道、96个赛题", "contest", lib) == []


ACTIVITY = ("一、工业生产平稳\n10月份，规模以上工业增加值同比增长4.6%，增速比上月回落0.2个百分点。"
            "从环比看，10月份规模以上工业增加值增长0.31%。分三大门类看，采矿业增加值同比增长3.2%，"
            "制造业增长4.9%。装备制造业增加值增长7.4%，高技术制造业增加值增长8.8%，增速分别比全部规模以上"
            "工业快2.8和4.2个百分点。\n"
            "从环比看，一线城市新建商品住宅销售价格下降0.3%。二线城市新建商品住宅销售价格下降0.4%。")


def test_a_mid_paragraph_scope_phrase_governs_its_own_sentence_only():
    from draftbot.text.frames import inherited_basis

    at = ACTIVITY.index("装备制造业")
    assert inherited_basis(ACTIVITY, at, ACTIVITY.index("。", at) + 1) == ""
    at = ACTIVITY.index("二线城市")  # a paragraph opening with it: every sentence after
    assert inherited_basis(ACTIVITY, at, ACTIVITY.index("。", at) + 1) == "环比"
    lib = SourceLibrary.from_pairs([(record("act", "10月份国民经济运行情况", date="2026-11-14"), ACTIVITY)])
    assert kinds("10月份，装备制造业增加值同比增长7.4%", "act", lib) == []
    assert kinds("二线城市新建商品住宅销售价格同比下降0.4%", "act", lib) == ["wrong_period"]


def test_a_rate_change_comparison_is_no_basis_of_the_figures():
    """降幅均比上月有所收窄 compares the rates' own size: the figures before it keep the paragraph's 从同比看."""
    from draftbot.text.frames import inherited_basis

    text = ("从同比看，一线城市新建商品住宅销售价格下降1.4%，降幅比上月收窄0.2个百分点。二线城市新建商品住宅和二手住宅"
            "销售价格分别下降2.6%和4.8%，降幅均比上月有所收窄。")
    at = text.index("二线")
    assert inherited_basis(text, at, len(text)) == "同比"
    other = "10月份，居民消费价格同比上涨0.5%，环比上涨0.1%。食品价格比上月下降0.3%。"
    assert inherited_basis(other, other.index("食品"), len(other)) == ""  # its own 比上月 is its basis
