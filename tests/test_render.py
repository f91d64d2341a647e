"""Markdown rendering on hand-built drafts: layout, citation groups, reference numbering."""

from __future__ import annotations

import datetime as dt

from draftbot.briefing.brief import load_brief
from draftbot.briefing.document import CitedSpan, Draft, DraftClause, DraftParagraph, DraftSection
from draftbot.briefing.markdown import render_markdown
from draftbot.briefing.prose import date_line, number_references
from draftbot.briefing.provenance import provenance
from draftbot.models import SourceRecord


def _rec(i: int, **kw) -> SourceRecord:
    base = dict(id=f"s{i}", path=f"/c/s{i}.md", title=f"标题{i}", publisher=f"发布者{i}",
                date=dt.date(2026, 6, 4), usage=f"用途{i}")
    base.update(kw)
    return SourceRecord(**base)


def _c(text: str, *sids: str, pending: list[str] | None = None) -> DraftClause:
    return DraftClause(text=text, cites=[CitedSpan(source_id=s, chunk_id=f"{s}:0000", start=0, end=10) for s in sids],
                       pending=pending or [])


def _sec(kind: str, sid: str, heading: str, *paras: list[DraftClause]) -> DraftSection:
    return DraftSection(id=sid, heading=heading, kind=kind, paragraphs=[DraftParagraph(clauses=p) for p in paras])


def _draft(sections, summary, synthesis, records) -> Draft:
    return Draft(brief=load_brief(), date=dt.date(2026, 6, 4), summary=summary, sections=sections,
                 synthesis=synthesis, sources={r.id: r for r in records})


def test_layout_and_reference_order():
    recs = [_rec(1), _rec(2), _rec(3), _rec(4, usage="用途4。"), _rec(5)]  # s5 never cited
    sections = [
        _sec("section", "a", "甲节", [_c("甲事实一。", "s2"), _c("甲事实二，", "s1", "s3"), _c("并且更多；", "s3")]),
        _sec("section", "b", "乙节", [_c("乙事实。", "s4")], [_c("评论句子没有数字。")]),
    ]
    summary = _sec("summary", "summary", "摘要", [_c("摘要事实。", "s3")])
    synthesis = _sec("synthesis", "synthesis", "今日判断：标题", [_c("综合来看。"), _c("第一，甲事实一。", "s2")])
    d = _draft(sections, summary, synthesis, recs)
    md = render_markdown(d)
    lines = md.splitlines()
    assert lines[:8] == ["# 新质生产力每日动态", "", "中国高技术产业发展促进会新质生产力工作委员会", "",
                         "博雅云创 & 中科创新驱动", "", "2026 年 6 月 5 日", ""]
    heads = [ln for ln in lines if ln.startswith("## ")]
    assert heads == ["## 摘要", "## 一、甲节", "## 二、乙节", "## 三、今日判断：标题", "## 参考文献"]
    # numbered by first citation in document order, 摘要 first: s3, s2, s1, s4; s5 not listed
    assert [r.source_id for r in number_references(d)] == ["s3", "s2", "s1", "s4"]
    assert "摘要事实[1]。" in md
    # a clause citing two sources: [3][1]; citations stand before the closing punctuation;
    # a paragraph never ends on "；"
    assert "甲事实一[2]。甲事实二[3][1]，并且更多[1]。" in md
    assert "\n评论句子没有数字。\n" in md
    refs = md.split("## 参考文献\n\n", 1)[1].splitlines()
    assert refs == [
        "1. 发布者3，《标题3》，2026-06-04，用途3。",
        "2. 发布者2，《标题2》，2026-06-04，用途2。",
        "3. 发布者1，《标题1》，2026-06-04，用途1。",
        "4. 发布者4，《标题4》，2026-06-04，用途4。",  # no doubled 。
    ]
    assert md.endswith("用途4。\n")


def test_pending_marks_and_english_sentences():
    recs = [_rec(1, title="GLOBAL MARKETS-Stocks", publisher="Reuters", lang="en")]
    sections = [_sec("section", "a", "甲节", [_c("Brent fell 1.8%.", "s1"), _c("Gold rose.", "s1"),
                                             _c("产量为4843万块。", "s1", pending=["数字 4843万块 在所引证据中找不到"])])]
    empty = _sec("synthesis", "synthesis", "今日判断", )
    d = _draft(sections, _sec("summary", "summary", "摘要"), empty, recs)
    md = render_markdown(d)
    assert "Brent fell 1.8%[1]. Gold rose[1]." in md
    assert "产量为4843万块[1]【待核实：数字 4843万块 在所引证据中找不到】。" in md
    # an empty section is visibly marked, never silently blank
    assert md.count("【待核实：本节没有可引用的当日资料】") == 2
    assert "1. Reuters，《GLOBAL MARKETS-Stocks》，2026-06-04，用途1。" in md


def test_date_line_and_offset():
    assert date_line(dt.date(2026, 6, 5)) == "2026 年 6 月 5 日"
    assert date_line(dt.date(2026, 12, 31)) == "2026 年 12 月 31 日"
    d = _draft([], _sec("summary", "summary", "摘要"), _sec("synthesis", "synthesis", "今日判断"), [])
    assert d.dated == dt.date(2026, 6, 5)


def test_provenance_resolves_citations():
    recs = [_rec(1), _rec(2)]
    sections = [_sec("section", "a", "甲节", [_c("甲。", "s2", "s1")])]
    d = _draft(sections, _sec("summary", "summary", "摘要", [_c("摘。", "s1")]), _sec("synthesis", "synthesis", "判断"), recs)
    prov = provenance(d, {"backend": "x", "allowed_source_ids": ["s1", "s2"]})
    clause = prov["sections"][1]["paragraphs"][0]["clauses"][0]
    assert clause["citations"] == [1, 2]
    assert [(s["source_id"], s["n"], s["chunk_id"], s["path"]) for s in clause["sources"]] == [
        ("s2", 2, "s2:0000", "/c/s2.md"), ("s1", 1, "s1:0000", "/c/s1.md")]
    assert prov["references"][0]["path"] == "/c/s1.md" and prov["backend"] == "x"
    assert prov["sections"][1]["heading"] == "一、甲节"


def test_a_clause_of_several_sentences_cites_each_one():
    """The verifier reads `[n]` as covering only its own sentence, so `；` inside a clause needs a cite."""
    from draftbot.briefing.markdown import parse_markdown
    from draftbot.briefing.prose import clause_text

    span = CitedSpan(source_id="s1", chunk_id="s1:0000", start=0, end=10)
    clause = DraftClause(text="服务业增加值占 GDP 比重提升至 57.7%；对经济增长贡献率达到 61.4%。", cites=[span])
    text = clause_text(clause, {"s1": 3}, last_in_paragraph=True)
    assert text == "服务业增加值占 GDP 比重提升至 57.7%[3]；对经济增长贡献率达到 61.4%[3]。"
    sentences = parse_markdown("# T\n\n## 一、节\n\n" + text + "\n").sentences
    assert len(sentences) == 2
    for sentence in sentences:  # no uncited text holding a number
        assert all(seg.marks == [3] for seg in sentence.segments if seg.text.strip("；。 "))


def test_unpunctuated_clauses_never_run_together():
    """A model may leave a clause without its punctuation: the renderer adds ，/。 (, / . in English)."""
    from draftbot.briefing.markdown import parse_markdown
    from draftbot.briefing.prose import paragraph_texts

    sec = _sec("section", "a", "甲节",
               [_c("产量增长 5.2%", "s1"), _c("出口下降 1.8%", "s2"), _c("市场预期平稳")],
               [_c("Exports rose 3.1%", "s1"), _c("imports fell 0.4%", "s2")])
    zh, en = paragraph_texts(sec, {"s1": 1, "s2": 2})
    assert zh == "产量增长 5.2%[1]，出口下降 1.8%[2]，市场预期平稳。"
    assert en == "Exports rose 3.1%[1], imports fell 0.4%[2]."
    # and the checker reads each figure as covered by its own group
    segs = [g for s in parse_markdown("# T\n\n## 一、节\n\n" + zh + "\n").sentences for g in s.segments]
    assert [g.marks for g in segs if "%" in g.text] == [[1], [2]]


def test_body_text_cannot_hide_as_a_heading():
    """A clause starting with "#" (a source's Markdown heading copied verbatim) stays checked prose."""
    from draftbot.briefing.markdown import parse_markdown

    recs = [_rec(1)]
    sec = _sec("section", "a", "甲节", [_c("# 产量增长到 41.7 万亿元", "s1")])
    d = _draft([sec], _sec("summary", "summary", "摘要", [_c("摘要。", "s1")]),
               _sec("synthesis", "synthesis", "今日判断", [_c("综合。")]), recs)
    parsed = parse_markdown(render_markdown(d))
    assert "一、甲节" in parsed.headings and not any("41.7" in h for h in parsed.headings)
    assert any("41.7 万亿元" in s.text and s.segments[0].marks == [1] for s in parsed.sentences)
