"""Shapes of a provincial harvest release, a national one and a provincial notice, sentences written
here (figures invented):

- a figure restated in brackets in another unit (比上年增加21.5万吨（4.30亿斤）) is the figure before
  it: the same direction, the same subject;
- an amount of change (比上年增加4.30亿斤) has no level (总产量1288.60亿斤) for a rival subject;
- a provincial release's figure said of the whole country (全国夏粮总产量…) is the wrong subject;
- a figure that bounds a category (1.6升及以下排量) is the category's, named as the notice names it.
"""

from __future__ import annotations

import pytest

from draftbot.text.frames import frame_at
from draftbot.text.numbers import extract_numbers
from draftbot.verify.library import SourceLibrary
from verify_fixtures import finding_kinds as kinds, record

PROVINCE = ("经国家统计局核定，2026年全省粮食总产量6443.0万吨（1288.60亿斤），比上年增加21.5万吨（4.30亿斤），增长0.3%，"
            "占全国粮食总产量的9.1%。其中，夏粮总产量3612.4万吨（722.48亿斤），比上年增加8.0万吨（1.60亿斤），增长0.2%。")
NATION = "2026年全国粮食总产量70810万吨，比上年增加540万吨，增长0.8%。其中，夏粮产量14980万吨，比上年增加110万吨。"
NOTICE = ("对个人消费者报废旧车并在省内购买新能源乘用车、1.6升及以下排量燃油乘用车的，分别给予每辆18000元、12000元补贴。"
          "对购买新车的，按销售价格15万元（含）以上给予每辆5000元补贴。")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("prov", "2026年青川粮食总产量1288.60亿斤", publisher="湖北省统计局", date="2026-12-12"), PROVINCE),
        (record("nat", "国家统计局关于2026年粮食产量数据的公告", publisher="国家统计局", date="2026-12-12"), NATION),
        (record("notice", "湖北省人民政府办公厅关于促进汽车消费的通知", publisher="湖北省人民政府办公厅", date="2026-12-12"), NOTICE),
    ])



def test_a_bracketed_restatement_has_the_frame_of_the_figure_it_restates():
    ms = extract_numbers(PROVINCE)
    spans = [(m.start, m.end) for m in ms]
    m = next(x for x in ms if x.text == "4.30亿斤")
    f = frame_at(PROVINCE, m.start, m.end, m.kind, m.value, [s for s in spans if s != (m.start, m.end)])
    assert f.direction == 1 and "粮食总产量" in f.subject


@pytest.mark.parametrize("clause, want", [
    ("湖北2026年粮食总产量1288.60亿斤，比上年增加4.30亿斤", []),
    ("湖北2026年粮食总产量比上年减少4.30亿斤", ["wrong_direction"]),
    ("湖北2026年夏粮总产量比上年增加4.30亿斤", ["wrong_subject"]),
    ("湖北2026年夏粮总产量722.48亿斤，比上年增加1.60亿斤", []),
])
def test_a_change_in_brackets_is_judged_as_the_change(lib, clause, want):
    assert kinds(clause, "prov", lib) == want


@pytest.mark.parametrize("clause, cited, want", [
    ("今年全国夏粮总产量722.48亿斤", "prov", ["wrong_subject"]),
    ("今年湖北夏粮总产量722.48亿斤", "prov", []),
    ("2026年全省粮食总产量占全国的9.1%", "prov", []),  # the source says 全国 of it
    ("今年全国夏粮产量14980万吨", "nat", []),  # a national release's own figure
])
def test_a_provinces_figure_said_of_the_whole_country_is_the_wrong_subject(lib, clause, cited, want):
    assert kinds(clause, cited, lib) == want


@pytest.mark.parametrize("clause, want", [
    ("湖北对报废旧车后在省内购买1.6升及以下排量燃油乘用车的个人消费者，每辆补贴1.2万元", []),
    ("湖北对报废旧车后在省内购买1.6升以上排量燃油乘用车的个人消费者，每辆补贴1.2万元", ["wrong_subject"]),
])
def test_a_threshold_is_named_by_its_category(lib, clause, want):
    assert kinds(clause, "notice", lib) == want
