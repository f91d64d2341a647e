"""Eval building blocks without drafting: case loading, metrics on hand-edited drafts, the gate."""

from __future__ import annotations

import re

import json
from pathlib import Path

import pytest

from draftbot.errors import UserError
from draftbot.briefing.brief import load_brief
from draftbot.evals.baseline import Baseline, compare, load_baseline, save_baseline, threshold_failures
from draftbot.evals.cases import discover, load_case
from draftbot.evals.metrics import score_draft, states, structure_counts
from draftbot.sources import load_paths
from draftbot.verify import SourceLibrary, check_markdown

REPO = Path(__file__).resolve().parent.parent
EVALS = REPO / "evals"
CORRECT = (EVALS / "checker" / "correct_draft.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    res = load_paths([REPO / "corpus"])
    assert not res.failures
    return SourceLibrary.from_sources(res.sources)


@pytest.fixture(scope="module")
def sample_case():
    return load_case(EVALS / "sample-day")


def score(text, case, lib):
    return score_draft(check_markdown(text, lib), text, case, load_brief(case.brief_path()), lib)


# ----------------------------------------------------------------------------- cases


def test_discover_parent_folder_finds_every_case_sorted():
    cases = discover([EVALS])
    names = [c.name for c in cases]
    assert names == sorted(names)
    assert {"sample-day", "english-markets", "conflicting-figures"} <= set(names)
    sd = next(c for c in cases if c.name == "sample-day")
    assert sd.brief_path() is None  # "default"
    assert all(p.is_dir() for p in sd.corpus_paths())


@pytest.mark.parametrize("body, needle", [
    ("name: x\ncorpus: [c]\ndate: 2026-13-01\n", "field 'date'"),
    ("name: x\ncorpus: [c]\ndate: 2026-06-04\nrequired_facts: [{text: a}]\n", "required_facts.0.source"),
    ("name: x\ncorpus: [c]\ndate: 2026-06-04\ntypo_field: 1\n", "typo_field"),
    ("name: x\ncorpus: [nowhere]\ndate: 2026-06-04\n", "nowhere does not exist"),
    ("name: [unclosed\n", "invalid YAML at line"),
    ("- just a list\n", "expected a mapping"),
])
def test_bad_case_yaml_is_one_line_naming_the_file(tmp_path, body, needle):
    (tmp_path / "c").mkdir()
    (tmp_path / "case.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(UserError) as ei:
        load_case(tmp_path)
    msg = str(ei.value)
    assert str(tmp_path / "case.yaml") in msg and needle in msg and "\n" not in msg


def test_folder_without_cases_is_an_error(tmp_path):
    with pytest.raises(UserError, match="no case.yaml"):
        discover([tmp_path])


# ----------------------------------------------------------------------------- metrics


def test_correct_draft_scores_clean(lib, sample_case):
    sc = score(CORRECT, sample_case, lib)
    m = sc.metrics()
    assert m["numeric_fidelity"] == 1.0 and m["citation_coverage"] == 1.0 and m["structure"] == 1.0
    assert m["forbidden_hits"] == 0 and m["check_findings"] == 0
    assert sc.facts == len(sample_case.required_facts)
    assert m["fact_recall"] >= 0.9


def test_altered_number_lowers_fidelity_recall_and_hits_forbidden(lib, sample_case):
    good = score(CORRECT, sample_case, lib)
    bad_text = CORRECT.replace("1652 万辆", "1625 万辆")
    bad = score(bad_text, sample_case, lib)
    assert bad.numbers == good.numbers and bad.numbers_supported == good.numbers_supported - 1
    assert bad.metrics()["numeric_fidelity"] < 1.0
    assert bad.facts_recalled == good.facts_recalled - 1
    assert [f.status for f in bad.fact_results if f.text == "1652 万辆"] == ["missing"]
    assert bad.forbidden_found == ["1625 万辆"] and bad.check_findings >= 1
    # the harness's fidelity is the verifier's own figure (one way of checking numbers)
    assert bad.metrics()["numeric_fidelity"] == round(check_markdown(bad_text, lib).stats.numeric_fidelity, 4)


def test_equivalent_writing_still_recalls_the_fact(lib, sample_case):
    text = CORRECT.replace("1652 万辆", "1,652万辆")
    sc = score(text, sample_case, lib)
    assert [f.status for f in sc.fact_results if f.text == "1652 万辆"] == ["recalled"]
    assert states("产量 1,652万辆", "1652 万辆") and not states("产量 1625 万辆", "1652 万辆")
    assert not states("增长 11.3%", "1.3%")  # not inside a longer figure


def test_fact_cited_to_the_wrong_source_is_not_recalled(lib, sample_case):
    # 52% (consumption release, [2]) cited to the services release [3]
    text = CORRECT.replace("最终消费支出对经济增长贡献率为 52%，数字消费规模达到 25.3 万亿元[2]",
                           "最终消费支出对经济增长贡献率为 52%[3]，数字消费规模达到 25.3 万亿元[2]")
    assert text != CORRECT
    sc = score(text, sample_case, lib)
    assert [f.status for f in sc.fact_results if f.text == "52%"] == ["wrong_source"]


def test_dropped_citations_lower_coverage_and_uncited_clauses_are_listed(lib, sample_case):
    para = "2025 年社会消费品零售总额达到 50.1 万亿元，首次突破 50 万亿元[2]。最终消费支出对经济增长贡献率为 52%，数字消费规模达到 25.3 万亿元[2]。"
    assert para in CORRECT
    text = CORRECT.replace(para, para.replace("[2]", ""))
    good, bad = score(CORRECT, sample_case, lib), score(text, sample_case, lib)
    assert bad.factual_clauses == good.factual_clauses
    assert bad.cited_factual == good.cited_factual - 2
    assert any("50.1 万亿元" in u for u in bad.uncited_factual)
    assert bad.metrics()["citation_coverage"] < good.metrics()["citation_coverage"]


def test_judgement_without_figures_in_synthesis_is_not_a_factual_clause(lib, sample_case):
    syn = "## 五、今日判断：新质生产力正在从“技术概念”进入“系统能力”阶段\n\n"
    text = CORRECT.replace(syn, syn + "我们认为这一趋势仍将持续下去并值得持续关注。\n\n")
    assert text != CORRECT
    assert score(text, sample_case, lib).factual_clauses == score(CORRECT, sample_case, lib).factual_clauses
    # the same sentence in a topical section is a factual claim without a citation
    sec = "## 三、“数据要素 ×”地方分赛密集启动，数据市场进入场景化释放阶段\n\n"
    text2 = CORRECT.replace(sec, sec + "我们认为这一趋势仍将持续下去并值得持续关注。\n\n")
    assert score(text2, sample_case, lib).metrics()["citation_coverage"] < 1.0


def test_structure_counts_required_headings(sample_case):
    brief = load_brief(sample_case.brief_path())
    n = 4  # the outline's sections (CORRECT has four topical headings)
    assert structure_counts(CORRECT, brief, n) == (n + 3, n + 3)
    no_refs = CORRECT.replace("## 参考文献", "参考文献")
    assert structure_counts(no_refs, brief, n) == (n + 3, n + 2)
    one_topical_gone = CORRECT.replace("## 四、", "四、")
    assert structure_counts(one_topical_gone, brief, n) == (n + 3, n + 2)


# ----------------------------------------------------------------------------- gate


def _base(**cases) -> Baseline:
    return Baseline(cases=cases, overall={}, checker={"detection_rate": 0.97, "false_alarms": 0.0})


def test_gate_names_the_regressed_metric_and_case():
    base = _base(a={"numeric_fidelity": 1.0, "fact_recall": 0.8, "forbidden_hits": 0, "wall_seconds": 1.0})
    now = {"a": {"numeric_fidelity": 0.95, "fact_recall": 0.79, "forbidden_hits": 1, "wall_seconds": 9.0},
           "checker": {"detection_rate": 0.9, "false_alarms": 0.0}}
    rows, fails = compare(now, {}, base)
    got = {(f.scope, f.metric) for f in fails}
    # fact_recall is within its 0.02 tolerance; wall time is never gated
    assert got == {("a", "numeric_fidelity"), ("a", "forbidden_hits"), ("checker", "detection_rate")}
    assert any("a: numeric_fidelity regressed 1 → 0.95" in f.message for f in fails)
    arrows = {(r.scope, r.metric): r.arrow for r in rows}
    assert arrows[("a", "forbidden_hits")] == "▼" and arrows[("a", "numeric_fidelity")] == "▼"
    improved, _ = compare({"a": {"fact_recall": 0.9, "forbidden_hits": 0}}, {}, base)
    assert {r.metric: r.arrow for r in improved} == {"fact_recall": "▲", "forbidden_hits": "="}


def test_spread_widens_tolerance_and_overrides_apply():
    base = _base(a={"citation_precision": 0.9})
    assert compare({"a": {"citation_precision": 0.85}}, {}, base)[1]
    assert not compare({"a": {"citation_precision": 0.85}}, {"a": {"citation_precision": 0.04}}, base)[1]
    base.tolerances = {"citation_precision": 0.1}
    assert not compare({"a": {"citation_precision": 0.85}}, {}, base)[1]


def test_case_thresholds():
    fails = threshold_failures({"a": {"fact_recall": 0.4, "numeric_fidelity": 1.0, "forbidden_hits": 2}},
                               {"a": {"fact_recall": 0.5, "numeric_fidelity": 1.0, "forbidden_hits": 1}})
    assert [(f.scope, f.metric) for f in fails] == [("a", "fact_recall"), ("a", "forbidden_hits")]
    assert "case.yaml" in fails[0].message and "a: fact_recall 0.4" in fails[0].message


def test_baseline_round_trip_is_atomic(tmp_path):
    p = tmp_path / "b" / "baseline.json"
    b = _base(a={"fact_recall": 0.8})
    save_baseline(b, p)
    assert load_baseline(p) == b
    assert [x.name for x in p.parent.iterdir()] == ["baseline.json"]  # no temp file left
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="not JSON"):
        load_baseline(p)
    p.write_text(json.dumps({"cases": {"a": {"x": "high"}}}), encoding="utf-8")
    with pytest.raises(UserError, match=r"baseline .*field 'cases\.a\.x"):
        load_baseline(p)


def test_outline_metrics_off_the_draft(sample_case, lib):
    """heading_fit against the case's expected topics; a sentence stated in two sections counts."""
    sc = score(CORRECT, sample_case, lib)
    assert sc.headings_judged == 5 and sc.headings_fit == 4  # the seed's four headings; prices and markets share one
    assert sc.repeated_sentences == 0
    first = re.search(r"^## 一、.*\n\n(.+?(?:\[\d+\])+。)", CORRECT, re.M).group(1)
    sec = "## 三、“数据要素 ×”地方分赛密集启动，数据市场进入场景化释放阶段\n\n"
    twice = CORRECT.replace(sec, sec + first + "\n\n")
    assert score(twice, sample_case, lib).repeated_sentences == 1


# ----------------------------------------------------------------------------- grouping, english_share


@pytest.fixture(scope="module")
def package_lib() -> SourceLibrary:
    res = load_paths([EVALS / "pbc-package" / "corpus"])
    assert not res.failures
    return SourceLibrary.from_sources(res.sources)


def _outline_of(groups: list[list[str]], lib: SourceLibrary):
    from draftbot.outline import Outline, OutlineSection

    return Outline(date="2025-05-07", sections=[
        OutlineSection(id=f"s{k}", heading="h", source_ids=[lib.resolve(t).id for t in g], queries=["q"])
        for k, g in enumerate(groups, 1)])


def test_grouping_is_pairwise_f1_against_the_expected_groups(package_lib):
    from draftbot.evals.metrics import _f1, grouping_pairs

    case = load_case(EVALS / "pbc-package")
    right = _outline_of(case.expected_groups, package_lib)
    assert _f1(*_pairs(grouping_pairs(right, case, package_lib))) == 1.0
    # one source per section (the "no grouping"): no pair together
    apart = _outline_of([[t] for g in case.expected_groups for t in g], package_lib)
    together, expected, hits = grouping_pairs(apart, case, package_lib)
    assert (together, hits) == (0, 0) and expected == 10 + 1
    assert _f1(hits, together, expected) == 0.0
    # everything in one section: every expected pair found, 10 of 21 pairs wrong
    one = _outline_of([[t for g in case.expected_groups for t in g]], package_lib)
    together, expected, hits = grouping_pairs(one, case, package_lib)
    assert (together, expected, hits) == (21, 11, 11)
    assert _f1(hits, together, expected) == round(2 * (11 / 21) / (11 / 21 + 1), 4)


def _pairs(t):  # grouping_pairs gives (together, expected, right); _f1 takes (right, together, expected)
    together, expected, right = t
    return right, together, expected


def test_english_share_counts_letters_of_the_body_not_the_references():
    from draftbot.evals.metrics import english_counts

    brief = load_brief(None)
    md = ("# 标题\n\n## 摘要\n\n央行宣布降准[1]。\n\n## 一、降准\n\n路透社报道“Rates cut”【待译】[1]。\n\n"
          "## 参考文献\n\n1. Reuters，《China cuts rates and reserve ratio》，2025-05-07，用于背景参考。\n")
    letters, cjk = english_counts(md, brief)
    assert letters == len("Ratescut")
    assert cjk == len("标题摘要央行宣布降准一降准路透社报道待译")
