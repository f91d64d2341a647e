"""A source's own bound is quoted, not restated lower (outsider day 2027-01-13): a notice's target
"公共充电设施超过650万个" written "超过560万个" is logically implied (650 > 560) but misquotes the
target (约数过宽). A bound restated as a bound keeps the source's number to the claim's last digit; a bound
drawn from an exact figure keeps the 20 % slack (超过36亿 from 36.8亿). Sentences written here,
figures invented."""

from __future__ import annotations

import pytest

from draftbot.text.numbers import extract_numbers
from draftbot.verify.library import SourceLibrary, verifies
from verify_fixtures import finding_kinds as kinds, record

NOTICE = ("到2027年底，全国充电基础设施总数超过3000万个，公共充电设施超过650万个，"
          "高速公路服务区充电桩覆盖率不低于98%，城市核心区平均服务半径不到1公里。"
          "截至2026年底，全国公共充电设施达到512.7万个。")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("n", "关于开展充换电基础设施补短板专项行动的通知", publisher="工业和信息化部", date="2027-01-13"), NOTICE),
    ])


@pytest.mark.parametrize("clause, want", [
    ("通知提出，到2027年底全国公共充电设施超过650万个", []),
    ("通知提出，到2027年底全国公共充电设施650万个以上", []),
    ("截至2026年底公共充电设施超过500万个", []),  # from the exact 512.7万: the 20 % slack
    ("通知提出，到2027年底全国公共充电设施超过560万个", ["loose_approximation"]),
    ("到2027年底公共充电设施超过600万个", ["loose_approximation"]),  # 600万's last digit is 万
    ("高速公路服务区充电桩覆盖率不低于90%", ["loose_approximation"]),
    ("高速公路服务区充电桩覆盖率不低于98%", []),
    ("城市核心区平均服务半径不到1.2公里", ["loose_approximation"]),
])
def test_a_bound_is_quoted_with_its_number(lib, clause, want):
    assert kinds(clause, "n", lib) == want


@pytest.mark.parametrize("claim, source, ok", [
    ("超过560万个", "超过650万个", False),
    ("超过600万个", "超过650万个", False),  # 600万's last digit is 万, not 百万
    ("超过650万个", "超过650万个", True),
    ("超过36亿元", "约36.8亿元", True),  # a bound drawn from a figure: the figure's slack
    ("超过36亿元", "36.8亿元", True),
    ("不到1.2公里", "不到1公里", False),
    ("近三成", "近30%", True),
    ("超过三成", "超过35%", True),  # 成 is a step of 10 %
    ("超过四成", "超过35%", False),
])
def test_verifies_a_bound_against_a_bound(claim, source, ok):
    [c], [s] = extract_numbers(claim), extract_numbers(source)
    assert verifies(c, s) is ok


@pytest.mark.parametrize("claim, source, ok", [
    ("13.2%左右", "13.5%左右", False),  # a target's round figure is quoted, not moved
    ("13.5%左右", "13.5%左右", True),
    ("约1300万", "约1280万", True),  # rounded to the claim's last significant digit
    ("约13.2%", "13.4%", True),  # from an exact figure: 约's slack
])
def test_a_round_figure_is_quoted_with_its_number(claim, source, ok):
    [c], [s] = extract_numbers(claim), extract_numbers(source)
    assert verifies(c, s) is ok


def test_a_round_figure_is_not_rounded_past_its_own_slack():
    [c], [s] = extract_numbers("约40亿千瓦"), extract_numbers("约36.8亿千瓦")
    assert verifies(c, s) is False  # 40 would round 36.8 to its last significant digit, but is 9 % off
