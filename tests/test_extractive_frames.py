"""The extractive backend copies a release's sentence with the basis (同比/环比) and period its figures
take from around it: a numbered heading, a breakdown's lead sentence, a paragraph's opening period.
The sources here are made up for these tests (a fictional province's releases)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from draftbot.backends.extractive import ExtractiveDrafter
from draftbot.models import Evidence, Hit, SourceRecord
from draftbot.text.sentences import split_sentences

DAY = dt.date(2026, 12, 9)

PRICES = """青州省统计局

2026年11月份青州省居民消费价格变动情况

11月份，青州省居民消费价格同比上涨0.6%，环比下降0.2%。其中，城市上涨0.7%，农村上涨0.4%。

一、各类商品及服务价格同比变动情况

11月份，食品烟酒类价格同比上涨0.4%。其中，食品价格下降0.8%，影响居民消费价格指数下降约0.15个百分点。
鲜菜价格下降2.1%，鲜果价格上涨4.2%，畜肉类价格上涨1.3%。
教育文化娱乐类价格比上年同期上涨1.6%。

二、各类商品及服务价格环比变动情况

鲜菜价格下降3.4%，影响居民消费价格指数下降约0.07个百分点。
交通工具用燃料价格上涨1.8%，衣着类价格上涨0.5%。
"""

INVESTMENT = """青州省统计局

2026年1—11月份青州省固定资产投资情况

1—11月份，青州省固定资产投资（不含农户）8421.6亿元，同比增长4.3%。基础设施投资增长7.9%，制造业投资增长6.2%。
11月份，民间投资增长1.2%。房地产开发投资下降9.4%。
"""

WIRE = """Qingzhou's consumer prices rose 0.6% in November from a year earlier.
Fresh vegetable prices fell 3.4% from the previous month, data showed.
"""


def _evidence(text: str, sid: str = "prices", chunk: tuple[int, int] | None = None) -> list[Evidence]:
    a, b = chunk or (0, len(text))
    hit = Hit(chunk_id=f"{sid}:0", source_id=sid, title="release", publisher="青州省统计局", date=DAY,
              path=f"{sid}.txt", score=1.0, text=text[a:b], start=a, end=b)
    return [Evidence(n=1, hit=hit)]


def _copied(text: str, **kw) -> list[str]:
    return [c.text for c in ExtractiveDrafter()._candidates(_evidence(text, **kw), {})]


def _framed(text: str, sentence: str) -> str:
    from draftbot.backends.extractive import state_frame

    sp = next(s for s in split_sentences(text) if s.text.strip() == sentence)
    return state_frame(sentence, text, sp.start, sp.end)[0]


def test_a_sentence_under_a_basis_heading_states_the_basis():
    copied = _copied(PRICES)
    assert "鲜菜价格环比下降3.4%，影响居民消费价格指数下降约0.07个百分点。" in copied
    assert "交通工具用燃料价格环比上涨1.8%，衣着类价格上涨0.5%。" in copied
    assert "鲜菜价格同比下降2.1%，鲜果价格上涨4.2%，畜肉类价格上涨1.3%。" in copied


def test_a_breakdown_states_the_basis_of_its_lead():
    assert "其中，食品价格同比下降0.8%，影响居民消费价格指数下降约0.15个百分点。" in _copied(PRICES)


def test_a_sentence_stating_a_basis_or_a_comparison_is_copied_as_is():
    # under the same heading as sentences that are given it
    copied = _copied(PRICES)
    assert "11月份，食品烟酒类价格同比上涨0.4%。" in copied
    assert "教育文化娱乐类价格比上年同期上涨1.6%。" in copied
    assert "鲜菜价格同比下降2.1%，鲜果价格上涨4.2%，畜肉类价格上涨1.3%。" in copied
    assert not any("同比同比" in t or "环比同比" in t or "比同比" in t for t in copied)


def test_a_breakdown_of_a_lead_with_two_bases_is_left_alone():
    # 同比上涨0.6%，环比下降0.2%。其中，城市上涨0.7%: which one it breaks down is not said
    copied = _copied(PRICES)
    assert "其中，城市上涨0.7%，农村上涨0.4%。" in copied
    assert "其中，食品价格同比下降0.8%，影响居民消费价格指数下降约0.15个百分点。" in copied


def test_a_sentence_takes_its_paragraphs_opening_period_unless_it_states_one():
    assert _framed(INVESTMENT, "基础设施投资增长7.9%，制造业投资增长6.2%。") == \
        "1—11月份，基础设施投资增长7.9%，制造业投资增长6.2%。"
    # a paragraph's sentence with a period of its own keeps it; one after it takes that one
    assert _framed(INVESTMENT, "11月份，民间投资增长1.2%。") == "11月份，民间投资增长1.2%。"
    assert _framed(INVESTMENT, "房地产开发投资下降9.4%。") == "11月份，房地产开发投资下降9.4%。"


def test_the_period_is_not_repeated_after_the_sentence_stating_it():
    chosen = ExtractiveDrafter()._candidates(_evidence(INVESTMENT, sid="inv"), {})
    texts = [c.text for c in ExtractiveDrafter._arrange(chosen[:2]).paragraphs[0].clauses]
    assert texts == ["1—11月份，青州省固定资产投资（不含农户）8421.6亿元，同比增长4.3%。",
                     "基础设施投资增长7.9%，制造业投资增长6.2%。"]
    # told without its paragraph's opening sentence, it says the period itself
    (alone,) = ExtractiveDrafter._arrange(chosen[1:2]).paragraphs[0].clauses
    assert alone.text == "1—11月份，基础设施投资增长7.9%，制造业投资增长6.2%。"


def test_english_and_out_of_view_context_give_nothing():
    assert not any("同比" in t or "环比" in t or "11月" in t for t in _copied(WIRE, sid="wire"))
    # a chunk that starts below the heading: the basis is not in view, nothing is added (one that
    # starts above it sees it)
    at = PRICES.index("鲜菜价格下降3.4%")
    assert "鲜菜价格下降3.4%，影响居民消费价格指数下降约0.07个百分点。" in _copied(PRICES, chunk=(at, len(PRICES)))
    assert "鲜菜价格环比下降3.4%，影响居民消费价格指数下降约0.07个百分点。" in _copied(PRICES, chunk=(at - 40, len(PRICES)))


def _library():
    from draftbot.verify import SourceLibrary

    rec = SourceRecord(id="prices", path="prices.txt", title="2026年11月份青州省居民消费价格变动情况",
                       publisher="青州省统计局", date=DAY)
    return SourceLibrary.from_pairs([(rec, PRICES)])


def test_the_verifier_accepts_the_stated_basis_and_rejects_the_other():
    from draftbot.verify.numeric import check_clause

    lib = _library()
    assert check_clause("鲜菜价格环比下降3.4%，影响居民消费价格指数下降约0.07个百分点。", ["prices"], lib) == []
    assert check_clause("其中，食品价格同比下降0.8%。", ["prices"], lib) == []
    wrong = check_clause("鲜菜价格同比下降3.4%。", ["prices"], lib)
    assert [f.kind for f in wrong] == ["wrong_period"]


def test_a_framed_sentence_the_verifier_rejects_is_copied_as_is():
    said = []

    def accept(text, sids):
        said.append(text)
        return "环比" not in text

    drafter = ExtractiveDrafter(accept=accept)
    (c,) = [c for c in drafter._candidates(_evidence(PRICES), {}) if c.text.startswith("鲜菜价格环比")]
    assert drafter._ok(c) and c.text == "鲜菜价格下降3.4%，影响居民消费价格指数下降约0.07个百分点。"


def test_a_drafted_day_states_the_basis_and_checks_clean(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    head = "\n\n2026-12-09 09:30　来源：青州省统计局\n\n"
    (docs / "prices.txt").write_text(PRICES.replace("情况\n\n11月份", "情况" + head + "11月份", 1), encoding="utf-8")
    (docs / "investment.txt").write_text(INVESTMENT.replace("情况\n\n1—11", "情况" + head + "1—11", 1), encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "d.md"
    run = lambda *a: subprocess.run([sys.executable, "-m", "draftbot.cli", *a, "--store", str(store)],  # noqa: E731
                                    capture_output=True, text=True)
    assert run("ingest", str(docs), "-q").returncode == 0
    p = run("draft", "--date", "2026-12-09", "--backend", "extractive", "-o", str(out), "-q")
    assert p.returncode == 0, p.stderr
    md = out.read_text(encoding="utf-8")
    assert "鲜菜价格环比下降3.4%" in md and "鲜菜价格同比下降2.1%" in md, md
    assert "其中，食品价格同比下降0.8%" in md, md
    assert md.count("1—11月份，") == 2, md  # the section's first sentence and the 摘要, never repeated
    check = run("check", str(out))
    assert check.returncode == 0 and "0 finding(s)" in check.stdout + check.stderr, check.stdout + check.stderr


def test_a_sentence_is_read_in_its_whole_source_when_the_pipeline_gives_it():
    # the chunk below the heading, with the source's whole text at hand (the verifier's): the
    # heading is read; a whole text the chunk is no span of is not used
    at = PRICES.index("鲜菜价格下降3.4%")
    drafter = ExtractiveDrafter()
    drafter.source_text = lambda sid: PRICES
    copied = [c.text for c in drafter._candidates(_evidence(PRICES, chunk=(at, len(PRICES))), {})]
    assert "鲜菜价格环比下降3.4%，影响居民消费价格指数下降约0.07个百分点。" in copied
    drafter.source_text = lambda sid: PRICES.replace("环比变动", "环比的变动")
    copied = [c.text for c in drafter._candidates(_evidence(PRICES, chunk=(at, len(PRICES))), {})]
    assert "鲜菜价格下降3.4%，影响居民消费价格指数下降约0.07个百分点。" in copied
