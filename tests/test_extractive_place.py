"""A local release's 全省/全市 copied into a briefing says no place: the extractive backend names
it from the publisher (四川省统计局 -> 四川省), and the verifier takes the named place as the
source's own (and a province it is not as a wrong subject). Releases written here."""

from __future__ import annotations

import pytest

from draftbot.backends.extractive import named_place
from draftbot.text.regions import home_place
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import INFORMATIONAL, check_clause
from verify_fixtures import record


@pytest.mark.parametrize("publisher,place", [
    ("四川省统计局", ("四川", "省")), ("嘉兴市人民政府", ("嘉兴", "市")), ("国家统计局浙江调查总队", ("浙江", "省")),
    ("广西壮族自治区统计局", ("广西壮族", "自治区")), ("北京市商务局", ("北京", "市")),
    ("国家统计局", None), ("中华人民共和国商务部", None), ("上海证券报", None), ("经济日报", None), (None, None),
])
def test_a_local_bodys_place(publisher, place):
    assert home_place(publisher) == place


def test_the_first_whole_province_is_named_once():
    s = "11月，全省规模以上工业增加值同比增长6.2%，全省41个行业大类中有28个增长。"
    assert named_place(s, "云南省统计局") == "11月，云南省规模以上工业增加值同比增长6.2%，全省41个行业大类中有28个增长。"
    assert named_place("全市社会消费品零售总额812亿元。", "温州市统计局") == "温州市社会消费品零售总额812亿元。"
    assert named_place("全省上下奋力拼搏，全省经济增长5.1%。", "云南省人民政府") == "全省上下奋力拼搏，云南省经济增长5.1%。"
    assert named_place("面向全市企业征集方案。", "温州市人民政府") == "面向全市企业征集方案。"  # no figure: as written
    assert named_place("全省规模以上工业增加值增长6.2%。", "国家统计局") == "全省规模以上工业增加值增长6.2%。"
    assert named_place("全市社会消费品零售总额812亿元。", "云南省统计局") == "全市社会消费品零售总额812亿元。"  # a level not its own


CITY = "1—10月，全市社会消费品零售总额812亿元，同比增长4.3%。"


def test_the_named_place_passes_the_check_and_another_does_not():
    lib = SourceLibrary.from_pairs([(record("wz", "1—10月全市经济运行情况", publisher="温州市统计局", date="2026-11-20"), CITY)])
    kinds = lambda c: [f.kind for f in check_clause(c, ["wz"], lib) if f.kind not in INFORMATIONAL]  # noqa: E731
    assert kinds(named_place(CITY, "温州市统计局")) == []
    assert set(kinds("1—10月，浙江省社会消费品零售总额812亿元，同比增长4.3%")) == {"wrong_subject"}


def test_a_source_that_names_no_place_does_not_make_a_province_foreign():
    """Its publisher an office (工业统计处) and its text 全省…: the draft's 安徽省 cannot be called another's."""
    text = "1—10月份，全省规模以上工业增加值同比增长7.2%。重点行业中，汽车制造业增长18.4%。"
    lib = SourceLibrary.from_pairs([(record("x", "1—10月份全省规模以上工业生产情况", publisher="工业统计处", date="2026-11-20"), text)])
    kinds = [f.kind for f in check_clause("1—10月份，安徽省规模以上工业中汽车制造业增加值同比增长18.4%", ["x"], lib)
             if f.kind not in INFORMATIONAL]
    assert kinds == []
