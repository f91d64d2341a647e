"""The repair loop reads a clause as `check` reads it: in its sentence, with the task's evidence
numbering as the reference list, and tells the writer about claim problems in Chinese. A repair
that only adds a citation to a wrong figure stays flagged and ends 【待核实】."""

from __future__ import annotations

import re

import pytest

from draftbot.backends.base import ClauseOut, ParagraphOut, SectionOut
from draftbot.draft.verifier import Verifier, check_in_sentence, clause_problems, sentences_of
from draftbot.models import Evidence, Hit

# Two invented releases of one province: the bureau gives the sown area's growth, a news story the
# solar modules' output growth, both 3.5%; the bureau also gives monthly output both ways.
BUREAU = """---
title: 2026年上半年岭南省农业和工业生产情况
publisher: 岭南省统计局
date: 2026-07-18
kind: release
lang: zh
---

# 2026年上半年岭南省农业和工业生产情况

上半年，全省粮食播种面积增长3.5%，夏粮喜获丰收。

6月份，全省规模以上工业增加值同比增长6.4%，比上月回落0.2个百分点；从环比看，比上月增长0.38%。

6月份，全省集成电路产量58.2亿块，同比增长12.7%；锂离子电池产量9.6亿只，增长21.3%。
"""

NEWS = """---
title: 岭南省光伏组件产量稳步增长
publisher: 岭南日报
date: 2026-07-18
kind: news
lang: zh
---

# 岭南省光伏组件产量稳步增长

记者从省工业和信息化厅获悉，上半年全省光伏组件产量同比增长3.5%，新增产能主要集中在沿海园区。
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from draftbot.config import load_settings
    from draftbot.index.ingest import ingest
    from draftbot.index.store import open_store

    root = tmp_path_factory.mktemp("repair-claims")
    (root / "corpus").mkdir()
    (root / "corpus" / "2026-07-18_bureau.md").write_text(BUREAU, encoding="utf-8")
    (root / "corpus" / "2026-07-18_news.md").write_text(NEWS, encoding="utf-8")
    with open_store(load_settings(store=root / "store"), write=True, quiet=True) as st:
        assert not ingest([root / "corpus"], st).failed
    st = open_store(load_settings(store=root / "store"))
    yield st
    st.close()


@pytest.fixture(scope="module")
def verifier(store):
    return Verifier(store)


@pytest.fixture(scope="module")
def evidence(store) -> dict[int, Evidence]:
    recs = sorted(store.sources(), key=lambda r: r.path)  # bureau, then news
    out = {}
    for n, r in enumerate(recs, 1):
        text = store.source_text(r.id) if hasattr(store, "source_text") else ""
        out[n] = Evidence(n=n, hit=Hit(chunk_id=f"{r.id}:0000", source_id=r.id, title=r.title, publisher=r.publisher,
                                       date=r.date, path=r.path, score=1.0, text=text or r.title, start=0,
                                       end=len(text or r.title), kind=r.kind))
    return out


def _clauses(*parts: tuple[str, list[int]]) -> ParagraphOut:
    return ParagraphOut(clauses=[ClauseOut(text=t, cites=c) for t, c in parts])


def _problems(p: ParagraphOut, evidence, verifier) -> list[list[str]]:
    return [clause_problems(c, evidence, verifier, sentence=s, start=at) for c, (s, at) in zip(p.clauses, sentences_of(p))]


def test_sentences_of_groups_clauses_up_to_a_full_stop():
    p = _clauses(("6月份，全省工业", []), ("增长6.4%；", [1]), ("比上月回落。", [1]), ("夏粮丰收。", [1]))
    assert sentences_of(p) == [("6月份，全省工业增长6.4%；比上月回落。", 0), ("6月份，全省工业增长6.4%；比上月回落。", 8),
                               ("6月份，全省工业增长6.4%；比上月回落。", 15), ("夏粮丰收。", 0)]


def test_a_basis_named_in_an_earlier_clause_is_read(evidence, verifier):
    # "从环比看" stands in the first clause; the figure's own clause alone reads as a plain rise
    p = _clauses(("从环比看，6月份全省规模以上工业增加值", [1]), ("增长6.4%。", [1]))
    alone = clause_problems(p.clauses[1], evidence, verifier)
    assert alone == []
    [[], [problem]] = _problems(p, evidence, verifier)
    assert problem.startswith("数字 6.4% 的时期或口径") and "同比增长6.4%" in problem


def test_a_subject_named_in_an_earlier_clause_is_read(evidence, verifier):
    p = _clauses(("6月份，锂离子电池产量9.6亿只，", [1]), ("增长12.7%。", [1]))
    assert clause_problems(p.clauses[1], evidence, verifier) == []  # alone: whose growth is not said
    [[], [problem]] = _problems(p, evidence, verifier)
    assert problem.startswith("数字 12.7% 在证据中说的是另一个指标") and "集成电路" in problem


def test_wrong_source_by_subject_runs_with_the_evidence_numbering(store, evidence, verifier):
    bureau, news = evidence[1].hit.source_id, evidence[2].hit.source_id
    text = "上半年，全省光伏组件产量同比增长3.5%。"
    # without a reference list the bureau's 3.5% is its sown area, an indicator the draft does not
    # name: the figure is pinned on 光伏组件产量, which the bureau never states (issue 22)
    assert [f.kind for f in check_in_sentence(text, [bureau], verifier.lib)] == ["wrong_subject"]
    found = check_in_sentence(text, [bureau], verifier.lib, citations_label={bureau: 1, news: 2})
    assert [(f.kind, f.suggestion) for f in found] == [("wrong_source", "[2]")]
    [problem] = clause_problems(ClauseOut(text=text, cites=[1]), evidence, verifier)
    assert problem == "数字 3.5% 不是所引证据的说法，写着这个说法的是证据[2]，请改引[2]或删去该分句"
    assert clause_problems(ClauseOut(text=text, cites=[2]), evidence, verifier) == []


def test_direction_is_worded_in_chinese_with_the_source_words(evidence, verifier):
    [problem] = clause_problems(ClauseOut(text="6月份，全省集成电路产量同比下降12.7%。", cites=[1]), evidence, verifier)
    assert problem == "数字 12.7% 的涨跌方向与证据不符：证据原文为「全省集成电路产量58.2亿块，同比增长12.7%」"
    assert not re.search(r"[A-Za-z]{3,}", problem)  # no English left for the writer


# ----------------------------------------------------------------------------- the loop, end to end

from tests.draft_fixtures import DAY, SEED_OUTLINE, sample_store, use_sample_store  # noqa: E402,F401


def test_a_repair_that_only_adds_a_citation_stays_flagged_and_ends_pending(tmp_path, use_sample_store):
    from draftbot.backends.scripted import ScriptedDrafter
    from draftbot.config import load_settings
    from draftbot.draft.pipeline import run_draft

    wrong = "3D打印设备产量达到521.1万台，年均下降30.9%。"  # the source: 年均增长30.9%

    def n_of(task):
        return next(e.n for e in task.evidence if "521.1万台" in e.hit.text)

    first = lambda task: SectionOut(paragraphs=[_clauses((wrong, []))])  # noqa: E731
    cite_only = lambda task, prev, problems: SectionOut(paragraphs=[_clauses((wrong, [n_of(task)]))])  # noqa: E731
    d = ScriptedDrafter({"section:industry": [first], "repair:industry": [cite_only, cite_only]})
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    asked = [arg for key, _, arg in d.calls if key == "repair:industry"]
    assert len(asked) == 2 and res.repairs == 2
    assert "数字 30.9% 没有引用" in "".join(asked[0])
    assert "数字 30.9% 的涨跌方向与证据不符" in "".join(asked[1]) and "年均增长30.9%" in "".join(asked[1])
    md = out.read_text(encoding="utf-8")
    m = re.search(r"年均下降30\.9%\[\d+\]【待核实：([^】]+)】。", md)
    assert m, md.split("## 二")[0]
    assert m.group(1).startswith("数字 30.9% 的涨跌方向与来源不符") and res.pending == 1
    # the editor's check reads the mark as one (its wording carries no sentence stop) and the claim
    from draftbot.index.store import open_store
    from draftbot.verify import SourceLibrary, check_markdown

    with open_store(load_settings()) as st:
        kinds = [f.kind for f in check_markdown(md, SourceLibrary.from_store(st)).findings]
    assert sorted(kinds) == ["pending", "wrong_direction"]
