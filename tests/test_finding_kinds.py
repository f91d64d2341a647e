"""Issue 24 step 1: finding kinds live in one table (verify/kinds.py). Every kind the checker
produces is in KINDS (found by running the checker, not by reading its code) and every KINDS row
is produced by one of these cases; every output names a kind by the table's label and wording."""

from __future__ import annotations

import datetime as dt

import pytest

from draftbot.briefing.formats import DraftText
from draftbot.models import Finding, SourceRecord
from draftbot.verify import SourceLibrary, check_markdown
from draftbot.verify.kinds import KINDS, NOTES, editor_text, fill, label, repair_text
from draftbot.verify.mutations import claim_suites, load_claim_suite, apply
from draftbot.verify.report import check_text

BUREAU = ("上半年，全省规模以上工业增加值同比增长4.8%。从产品产量看，上半年全省新能源汽车产量168.5万辆，同比增长23.6%；"
          "工业机器人产量12.4万套，增长19.8%。集成电路产量是上年同期的2.1倍。")
PAPER = "记者从浙江省工业和信息化厅获悉，今年上半年，浙江工业机器人产量达到12.6万套，同比增长21.5%，增速超过两成。"
REFS = ("浙江省统计局，《2026年上半年浙江经济运行情况》，2026-08-20", "新华社，《浙江上半年工业机器人产量增长超两成》，2026-08-20")
CLEAN = "上半年，浙江工业机器人产量12.4万套，增长19.8%[1]。浙江省工信厅的数据为12.6万套，同比增长21.5%[2]。"


def _rec(sid, title, publisher):
    return SourceRecord(id=sid, title=title, publisher=publisher, date=dt.date(2026, 8, 20), path=f"{sid}.md")


@pytest.fixture(scope="module")
def lib() -> SourceLibrary:
    return SourceLibrary.from_pairs([(_rec("a", "2026年上半年浙江经济运行情况", "浙江省统计局"), BUREAU),
                                     (_rec("b", "浙江上半年工业机器人产量增长超两成", "新华社"), PAPER)])


def draft(body: str, refs: bool = True) -> str:
    head = "# 每日简报\n\n2026 年 8 月 21 日\n\n## 一、工业\n\n" + CLEAN + body + "\n\n"
    return head + ("## 参考文献\n\n" + "".join(f"{n}. {r}\n" for n, r in enumerate(REFS, 1)) if refs else "")


# one clause per kind (added to a clean paragraph whose two sources differ: differing_sources)
CASES = {
    "unsupported_number": "全省新能源汽车产量186.5万辆[1]。",
    "wrong_source": "据浙江省工信厅，工业机器人产量同比增长21.5%[1]。",
    "uncited_number": "全省新能源汽车产量168.5万辆。",
    "unknown_citation": "全省新能源汽车产量168.5万辆[5]。",
    "pending": "全省新能源汽车产量168.5万辆【待核实】[1]。",
    "wrong_direction": "全省新能源汽车产量同比下降23.6%[1]。",
    "wrong_period": "一季度，全省新能源汽车产量168.5万辆[1]。",
    "wrong_subject": "全省工业机器人产量同比增长23.6%[1]。",
    "loose_approximation": "全省新能源汽车产量接近200万辆[1]。",
    "wrong_multiple": "集成电路产量比上年同期增长2.1倍[1]。",
    "derived": "工业机器人产量12.4万套，增长19.8%，上年同期约为10.35万套[1]。",
    "weak_support": "数字经济的发展环境持续优化[1]。",
}


def produced(md: str, lib: SourceLibrary, notes: list[str] | None = None) -> set[str]:
    res = check_text(DraftText(md, notes=notes or []), lib)
    return {f.kind for f in res.findings + res.notes}


def test_every_kinds_row_is_produced_by_a_case(lib):
    seen: set[str] = set()
    for kind, clause in CASES.items():
        got = produced(draft(clause), lib)
        assert kind in got, (kind, got)
        seen |= got
    seen |= produced(draft("", refs=False), lib)  # no reference list: structure
    # a 摘要 figure no section states: overview_number
    seen |= produced(draft("").replace("## 一、工业", "## 摘要\n\n全省新能源汽车产量168.5万辆[1]。\n\n## 一、工业"), lib)
    seen |= produced(draft(""), lib, notes=["2 unaccepted tracked change(s): 新增 …"])  # a DOCX's revisions
    assert seen == set(KINDS), (seen ^ set(KINDS))


def test_every_kind_the_checker_produces_on_the_claim_suites_is_in_kinds():
    # the checker run over every claim suite's mutated drafts (errors and faithful rewrites)
    from draftbot.sources import load_paths

    seen: set[str] = set()
    for folder in claim_suites():
        text, errors, rewrites = load_claim_suite(folder)
        lib = SourceLibrary.from_sources(load_paths([folder / "corpus"]).sources)
        for m in errors + rewrites:
            res = check_markdown(apply(text, m), lib)
            seen |= {f.kind for f in res.findings + res.notes}
    assert seen and seen <= set(KINDS), seen - set(KINDS)


def test_notes_are_the_non_blocking_rows(lib):
    res = check_markdown(draft(CASES["derived"] + CASES["weak_support"]), lib)
    assert {n.kind for n in res.notes} <= NOTES and not {f.kind for f in res.findings} & NOTES


def test_wordings_fill_from_the_finding():
    f = Finding(kind="wrong_direction", sentence="s", detail="d", number="30.9%", suggestion="年均增长30.9%")
    assert editor_text(f) == "数字 30.9% 的涨跌方向与来源不符，来源原文为「年均增长30.9%」"
    assert repair_text(f) == "数字 30.9% 的涨跌方向与证据不符：证据原文为「年均增长30.9%」"
    bare = f.model_copy(update={"suggestion": None})
    assert editor_text(bare) == "数字 30.9% 的涨跌方向与来源不符"  # the optional part left out
    assert label("wrong_direction") == "方向不符" and label("wrong_direction", "en") == "wrong direction"
    # a source's braces are text, not fields
    assert fill("{number}⟦：{quote}⟧", {"number": "1", "quote": "{x}"}) == "1：{x}"
    assert repair_text(Finding(kind="weak_support", sentence="s", detail="d")) == ""  # nothing to repair
