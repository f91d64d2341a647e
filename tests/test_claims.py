"""The claim check: frames read from the words around a figure, the new finding kinds (each
quoting the source), faithful rewrites that stay clean, and the claim suite's gates."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftbot.models import SourceRecord
from draftbot.text.frames import frame_at
from draftbot.text.numbers import extract_numbers
from draftbot.verify import SourceLibrary, check_clause
from draftbot.verify.mutations import CLAIMS_DIR, claim_suites, load_claim_suite, run_claim_suite
from verify_fixtures import record


def frame_of(sentence: str, figure: str, ref_month: int | None = None):
    ms = extract_numbers(sentence)
    m = next(x for x in ms if x.text == figure)
    others = [(x.start, x.end) for x in ms if x is not m]
    return frame_at(sentence, m.start, m.end, m.kind, m.value, others, ref_month)


# (sentence, figure, field, expected)
FRAMES = [
    ("5月份，出口同比增长8.2%，进口增长2.0%。", "8.2%", "subject", "出口"),
    ("5月份，出口同比增长8.2%，进口增长2.0%。", "2.0%", "subject", "进口"),
    ("男性占52%，女性占48%。", "48%", "subject", "女性"),
    ("8200多家先进级智能工厂和15家领航级智能工厂。", "15家", "subject", "领航级智能工厂"),
    ("汽车产销分别完成264.9万辆和268.6万辆。", "268.6万辆", "subject", "汽车销量完成"),
    ("1—5月，汽车产销分别完成1282.6万辆和1274.8万辆，同比分别增长9.4%和8.1%。", "9.4%", "subject", "汽车产量完成"),
    ("城镇和农村居民人均收入分别为3.2万元和1.1万元。", "1.1万元", "subject", "农村居民人均收入"),
    ("5月份，全国居民消费价格同比下降0.1%。", "0.1%", "direction", -1),
    ("全国CPI比上年同月下跌0.1%。", "0.1%", "direction", -1),
    ("涨幅比上月回落0.2个百分点。", "0.2个百分点", "direction", -1),
    ("降幅较4月的2.5%扩大。", "2.5%", "direction", -1),
    ("13种产品价格上涨，36种下降。", "36种", "direction", -1),
    ("Exports fell 3.1% from a year earlier in May.", "3.1%", "direction", -1),
    ("增速为-2.7%。", "-2.7%", "direction", -1),
    ("5月份，全国居民消费价格环比上涨0.4%。", "0.4%", "basis", "mom"),
    ("全国居民消费价格比上年同月下降0.1%。", "0.1%", "basis", "yoy"),
    ("Exports fell 3.1% from a year earlier in May.", "3.1%", "basis", "yoy"),
    ("On a month-on-month basis, consumer prices rose 0.4%.", "0.4%", "basis", "mom"),
    ("信息技术服务业增加值年均增长13.1%。", "13.1%", "basis", "avg"),
    ("1—5月份，规模以上工业增加值同比增长6.1%。", "6.1%", "period", ("cum", 5)),
    ("前5个月，对东盟进出口3.12万亿元。", "3.12万亿元", "period", ("cum", 5)),
    ("截至5月底，机架总规模达到1280万标准机架。", "1280万", "period", ("asof", 5)),
    ("2026年6月上旬与5月下旬相比，21种产品价格上涨。", "21种", "period", ("xun", 6, 1)),
    ("Exports fell 3.1% from a year earlier in May.", "3.1%", "period", ("m", 5)),
    ("China's consumer prices fell 0.1% in May, after a 0.1% rise in April.", "0.1%", "period", ("m", 5)),
    ("5月份，规模以上工业增加值同比增长5.8%，比上月加快0.3个百分点。", "0.3个百分点", "ref", 4),
    ("规模以上工业增加值比上月加快0.3个百分点。", "0.3个百分点", "ref", 4),  # resolved from the release's month (5)
    ("5G基站487.6万个，是2020年的6.2倍。", "6.2倍", "sense", "ratio"),
    ("5G基站487.6万个，比2020年增长6.2倍。", "6.2倍", "sense", "growth"),
    ("NEV exports reached 286,000 vehicles, 2.9 times the level a year earlier.", "2.9 times", "sense", "ratio"),
]


@pytest.mark.parametrize("sentence,figure,field,expected", FRAMES)
def test_frame(sentence, figure, field, expected):
    assert getattr(frame_of(sentence, figure, ref_month=5), field) == expected


def test_how_a_figure_was_computed_is_not_its_subject():
    # 按不变价格计算 / 比上年 / 经季节调整 qualify the figure; the indicator is named before them
    assert "国内生产总值" in frame_of("初步核算，全年国内生产总值1349084亿元，按不变价格计算，比上年增长5.0%。", "5.0%").subject
    assert "地区生产总值" in frame_of("前三季度，全省地区生产总值48126.3亿元，按可比价格计算，同比增长5.6%。", "5.6%").subject
    assert "工业" in frame_of("全年全部工业增加值385652亿元，比上年增长5.7%。", "5.7%").subject
    assert "工业" in frame_of("经季节调整，9月份规模以上工业增加值比上月增长0.6%。", "0.6%").subject


BULLETIN = ("初步核算，全年国内生产总值1349084亿元，按不变价格计算，比上年增长5.0%。"
            "全年全部工业增加值385652亿元，比上年增长5.7%。")


def test_an_annual_bulletins_figures_keep_their_indicators():
    lib = SourceLibrary.from_pairs([(record("bul", "2024年国民经济和社会发展统计公报", date="2025-02-28"), BULLETIN)])
    assert check_clause("2024年国内生产总值按不变价格计算比上年增长5.0%", ["bul"], lib) == []
    fs = check_clause("2024年国内生产总值按不变价格计算比上年增长5.7%", ["bul"], lib, citations_label={"bul": 1})
    assert [f.kind for f in fs] == ["wrong_subject"] and "全部工业增加值" in fs[0].detail, [(f.kind, f.detail) for f in fs]


def test_an_english_wire_holding_the_value_for_another_indicator_is_no_fix():
    # the English glossary reads "industrial output" as 工业增加值: not the GDP the draft names
    lib = SourceLibrary.from_pairs([
        (record("prov", "前三季度全省经济运行稳中有进", date="2026-10-20", publisher="河南省统计局"),
         "前三季度，全省地区生产总值48126.3亿元，按不变价格计算，同比增长5.6%。"),
        (record("wire", "China's September industrial output beats forecasts", date="2026-10-20", publisher="Reuters", lang="en"),
         "BEIJING, Oct 20 (Reuters) - China's industrial output grew 6.5% in September from a year earlier."),
    ])
    [f] = check_clause("前三季度，全省地区生产总值48126.3亿元，按不变价格计算，同比增长6.5%", ["prov"], lib,
                       citations_label={"prov": 1, "wire": 2})
    assert f.kind == "unsupported_number" and "5.6%" in f.detail, f.detail
    # a wire's figure for the draft's own indicator is still offered as the fix
    fs = check_clause("9月份，全国规模以上工业增加值同比增长6.5%", ["prov"], lib, citations_label={"prov": 1, "wire": 2})
    [g] = [f for f in fs if f.number == "6.5%"]
    assert g.kind == "wrong_source" and g.suggestion == "[2]", (g.kind, g.detail)


TRADE = ("11月份，我国进出口4.02万亿元，同比增长3.6%。其中，出口2.47万亿元，增长5.6%。"
         "以美元计价，11月份进出口5749亿美元，增长4.7%。其中，出口3528亿美元，增长6.8%。")


def test_a_trade_rate_in_one_currency_is_not_the_others():
    # customs state each rate twice, in 人民币 and in 美元 terms: the two are different 口径
    assert frame_of("以美元计价，11月份进出口5749亿美元，增长4.7%。", "4.7%").currency == "usd"
    assert frame_of("其中，出口3528亿美元，增长6.8%。", "6.8%").currency == "usd"
    assert frame_of("11月份，我国进出口4.02万亿元，同比增长3.6%。", "3.6%").currency == "cny"
    assert frame_of("以人民币计价，11月出口增长5.6%。", "5.6%").currency == "cny"
    assert frame_of("11月出口增长5.6%。", "5.6%").currency == ""
    lib = SourceLibrary.from_pairs([(record("cus", "11月我国货物贸易进出口情况", date="2026-12-07", publisher="海关总署"), TRADE)])
    for clause in ("以美元计价，11月份进出口增长3.6%", "以人民币计价，11月出口增长6.8%"):
        fs = check_clause(clause, ["cus"], lib, citations_label={"cus": 1})
        assert [f.kind for f in fs] == ["wrong_period"], (clause, [(f.kind, f.detail) for f in fs])
    for clause in ("以美元计价，11月份进出口增长4.7%", "11月出口增长6.8%", "以人民币计价，11月出口增长5.6%",
                   "11月份，我国出口2.47万亿元，增长5.6%"):
        assert check_clause(clause, ["cus"], lib) == [], clause


def test_synonyms_map_subjects():
    assert frame_of("全国CPI同比下降0.1%。", "0.1%").subject == frame_of("全国居民消费价格同比下降0.1%。", "0.1%").subject
    assert frame_of("PPI同比下降2.7%。", "2.7%").subject == "工业生产者出厂价格"


# ------------------------------------------------------------------------------- the claim check

SOURCE = ("2026年5月份，全国居民消费价格同比下降0.1%，环比上涨0.4%，涨幅比上月回落0.2个百分点。"
          "据海关统计，5月出口2.25万亿元，增长8.2%；进口1.57万亿元，增长2.0%。"
          "1—5月，出口10.36万亿元，增长6.1%。"
          "截至5月底，全国在用数据中心机架总规模达到1280万标准机架。"
          "5G基站487.6万个，是2020年的3.5倍。"
          "食品中，猪肉价格下降6.4%，鲜菜价格上涨4.2%。")


@pytest.fixture(scope="module")
def claims_lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([
        (record("may", "2026年5月份经济数据", date="2026-06-10"), SOURCE),
        (record("other", "另一份材料", date="2026-06-10"), "全国在用数据中心机架总规模达到1280万标准机架。核心通胀为0.6%。"),
    ])


ERRORS = [
    ("出口同比下降8.2%", "wrong_direction", "[1] says 5月出口2.25万亿元，增长8.2%"),
    ("全国居民消费价格同比上涨0.1%", "wrong_direction", "[1] says 全国居民消费价格同比下降0.1%"),
    ("涨幅比上月扩大0.2个百分点", "wrong_direction", "回落0.2个百分点"),
    ("全国居民消费价格同比上涨0.4%", "wrong_period", "环比, not 同比"),
    ("5月份，出口增长6.1%", "wrong_period", "1—5月, not 5月"),
    ("截至4月底，机架总规模达到1280万标准机架", "wrong_period", "截至5月底, not 截至4月底"),
    ("涨幅比3月回落0.2个百分点", "wrong_period", "compared with 4月, not 3月"),
    ("进口增长8.2%", "wrong_subject", "[1] says 进口1.57万亿元，增长2.0%"),
    ("鲜菜价格下降6.4%", "wrong_subject", "鲜菜价格上涨4.2%"),
    ("机架总规模接近1800万标准机架", "loose_approximation", "1280万"),
    ("机架总规模突破1300万标准机架", "loose_approximation", "1280万"),
    ("5G基站比2020年增长3.5倍", "wrong_multiple", "是2020年的3.5倍"),
]

FAITHFUL = [
    "全国居民消费价格比上年同月下降0.1%",
    "全国CPI同比下跌0.1%",
    "全国居民消费价格环比上涨0.4%，涨幅较上月收窄0.2个百分点",
    "涨幅比4月回落0.2个百分点",
    "5月出口2.25万亿元，同比增长8.2%",
    "前5个月，出口增长6.1%",
    "机架总规模突破1200万标准机架",
    "机架总规模约1280万标准机架",
    "5G基站487.6万个，相当于2020年的3.5倍",
    "5G基站比2020年增长2.5倍",
    "猪肉价格下跌6.4%",
]


@pytest.mark.parametrize("clause,kind,quote", ERRORS)
def test_claim_errors_are_named_with_the_source_words(claims_lib, clause, kind, quote):
    fs = check_clause(clause, ["may"], claims_lib, citations_label={"may": 1, "other": 2})
    # a wrong month is also a month the source does not hold (unsupported_number beside it)
    mine = [f for f in fs if f.kind == kind]
    assert mine and {f.kind for f in fs} <= {kind, "unsupported_number"}, [(f.kind, f.detail) for f in fs]
    assert quote in mine[0].detail


@pytest.mark.parametrize("clause", FAITHFUL)
def test_faithful_rewrites_stay_clean(claims_lib, clause):
    assert check_clause(clause, ["may"], claims_lib) == []


def test_value_only_contract_is_kept():
    """`supports` still judges value and unit only: frames belong to the claim check."""
    from draftbot.text.numbers import supports

    up, down = extract_numbers("增长8.2%")[0], extract_numbers("下降8.2%")[0]
    assert supports(up, down)


def test_an_added_citation_is_rechecked_as_a_claim(claims_lib):
    """The repair loop re-checks a clause through `check_clause`: a citation added to a wrong
    claim does not launder it, and the right citation of a faithful one passes."""
    uncited = check_clause("进口增长8.2%", [], claims_lib)
    assert [f.kind for f in uncited] == ["uncited_number"]
    assert [f.kind for f in check_clause("进口增长8.2%", ["may"], claims_lib)] == ["wrong_subject"]
    assert check_clause("进口增长2.0%", ["may"], claims_lib) == []


def test_value_held_only_for_another_subject_names_the_right_source(claims_lib):
    lib = SourceLibrary.from_pairs([
        (record("a", "物价", date="2026-06-10"), "核心通胀为0.6%。"),
        (record("b", "股市", date="2026-06-10"), "亚太股指上涨0.6%。"),
    ])
    fs = check_clause("核心通胀保持在0.6%", ["b"], lib, citations_label={"a": 1, "b": 2})
    assert [f.kind for f in fs] == ["wrong_source"] and "[1]" in fs[0].detail


@pytest.mark.parametrize("clause, kinds", [
    ("北方玉米主产区收获进度过半", []),
    ("超过一半的合作社使用北斗导航", []),
    ("北方玉米主产区收获进度已过七成", ["unsupported_number"]),  # more than half is not 70%
    ("收获进度达到一半", ["unsupported_number"]),  # "more than half" does not support exactly half
    ("近一半的合作社使用北斗导航", ["loose_approximation"]),  # nearly half: the source says more
])
def test_shares_in_words_are_figures(clause, kinds):
    lib = SourceLibrary.from_pairs([(record("a", "北方玉米主产区收获过半", date="2026-10-20", publisher="新华社"),
                                     "北方玉米主产区秋收进入高峰，收获进度已经过半。超过一半的合作社使用北斗导航。")])
    assert [f.kind for f in check_clause(clause, ["a"], lib)] == kinds


# ------------------------------------------------------------------------------- the claim suite


def test_claim_suites_exist_and_are_big_enough():
    suites = claim_suites()
    assert {p.name for p in suites} >= {"zh-releases", "en-wires"}
    errors = rewrites = 0
    kinds = set()
    for s in suites:
        text, errs, rws = load_claim_suite(s)
        errors += len(errs)
        rewrites += len(rws)
        kinds |= {e.category for e in errs}
        assert (s / "corpus").is_dir() and text.count("## 参考文献") == 1
    assert errors >= 110 and rewrites >= 45  # with the sample day's 46 / 15: ≥ 120 and ≥ 40
    assert kinds >= {"direction", "period", "subject", "approximation", "multiple", "value", "unit", "source"}


@pytest.mark.parametrize("suite", sorted(p.name for p in claim_suites() if not p.name.startswith("heldout-")))
def test_claim_suite_gates(suite):
    """Each suite on its own (the pooled gates, ≥95% and ≥90% per kind, are in
    test_verify_mutations.py): no finding on its correct draft, at most one rewrite flagged, and
    nine in ten seeded errors caught (zh-energy-autos was written as a held-out set). A
    `heldout-*` suite is measured, not gated on its own (docs/VERIFIER.md gives its figures); it
    counts in the pooled gates."""
    rep = run_claim_suite(CLAIMS_DIR / suite)
    print(f"\n{suite}: {rep.line()}")
    assert rep.clean_findings == 0
    assert rep.catch_rate >= 0.9, rep.missed
    assert rep.false_alarms <= 1, rep.flagged_rewrites


def test_claims_dir_is_in_the_repo():
    assert CLAIMS_DIR == Path(__file__).resolve().parents[1] / "evals" / "claims"
