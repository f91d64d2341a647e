"""Draft parsing: title block, headings, citation groups, 参考文献 lines, pending marks."""

from __future__ import annotations

from draftbot.briefing.markdown import parse_markdown, split_groups
from draftbot.briefing.references import parse_reference

DRAFT = """# 新质生产力每日动态

2026 年 6 月 5 日

## 摘要

全部工业增加值增长到 41.7 万亿元[1]；制造业比重保持在 28% 以上[1][3]，首次突破 50 万亿元。[2]
没有引用的一句话 16 年。

## 一、工业

集成电路产量 4843 亿块[1]，工业机器人 77.3 万套。
- 列表项 3.5 万多家[1]

## 参考文献

1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于核验工业数据。
2. 国家统计局,《消费市场扩容提质新发展格局加快构建》, 2026-06-04
3. Reuters, 全球市场波动报道, 2026-06-04, 用于全球金融市场背景。

# 联系我们

1. 扫描二维码 2026 年
"""


def test_title_block_headings_and_back_matter_are_not_checked():
    d = parse_markdown(DRAFT)
    texts = [s.text for s in d.sentences]
    assert not any("2026 年 6 月 5 日" in t for t in texts)
    assert not any("扫描二维码" in t for t in texts)
    assert {s.section for s in d.sentences} == {"摘要", "一、工业"}
    assert sorted(d.references) == [1, 2, 3]


def test_groups_cover_text_back_to_previous_group():
    d = parse_markdown(DRAFT)
    first = d.sentences[0]
    groups = [(g.text, g.marks) for g in first.segments]
    assert groups[0] == ("全部工业增加值增长到 41.7 万亿元", [1])
    # the split at "；" makes the next clause start a new sentence
    second = d.sentences[1]
    assert [(g.text, g.marks) for g in second.segments][:2] == [
        ("制造业比重保持在 28% 以上", [1, 3]),
        ("，首次突破 50 万亿元。", [2]),  # a marker after the full stop belongs to the sentence
    ]


def test_text_after_last_group_is_uncited():
    d = parse_markdown(DRAFT)
    s = next(s for s in d.sentences if s.text.startswith("集成电路"))
    assert [(g.text, g.marks) for g in s.segments] == [("集成电路产量 4843 亿块", [1]), ("，工业机器人 77.3 万套。", [])]
    uncited = next(s for s in d.sentences if s.text.startswith("没有引用"))
    assert [g.marks for g in uncited.segments] == [[]]


def test_list_items_are_checked_without_their_marker():
    d = parse_markdown(DRAFT)
    assert any(s.text == "列表项 3.5 万多家[1]" for s in d.sentences)


def test_full_width_and_comma_markers():
    segs = split_groups("数字消费规模达到 25.3 万亿元［２］，另一个数字 3 倍[1, 3]。")
    assert [g.marks for g in segs] == [[2], [1, 3], []]


def test_reference_lines_tolerate_commas_missing_usage_and_urls():
    d = parse_markdown(DRAFT)
    r1, r2, r3 = d.references[1], d.references[2], d.references[3]
    assert (r1.publisher, r1.title, r1.date, r1.usage) == ("国家统计局", "新型工业化迈出坚实步伐新质生产力积蓄强劲动力", "2026-06-04", "用于核验工业数据")
    assert (r2.title, r2.date, r2.usage) == ("消费市场扩容提质新发展格局加快构建", "2026-06-04", "")
    assert (r3.publisher, r3.title, r3.bracketed) == ("Reuters", "全球市场波动报道", False)
    r = parse_reference(4, "Reuters，《GLOBAL MARKETS-Stocks, oil》，2026年6月4日，<https://www.reuters.com/x>", "4. …")
    assert (r.title, r.date, r.url) == ("GLOBAL MARKETS-Stocks, oil", "2026-06-04", "https://www.reuters.com/x")


def test_pending_marks_are_found():
    d = parse_markdown("## 一\n\n产量 10 万辆【待核实：口径】[1]。\n")
    s = d.sentences[0]
    assert [s.text[a:b] for a, b in s.pending] == ["【待核实：口径】"]


def test_toc_heading_named_references_does_not_swallow_the_body():
    md = "# T\n\n## 参考文献 4\n\n# 一、工业\n\n产量 10 万辆[1]。\n\n## 参考文献\n\n1. 甲，《乙》，2026-06-04\n"
    d = parse_markdown(md)
    assert [s.text for s in d.sentences] == ["产量 10 万辆[1]。"]
    assert d.references[1].title == "乙"


def test_a_citation_quoted_inside_a_pending_note_is_not_a_citation():
    from draftbot.briefing.markdown import split_groups

    segs = split_groups("营收达到 5 亿元【待核实：引用了不存在的证据编号 [99]】。")
    assert all(99 not in s.marks for s in segs)
    segs = split_groups("营收达到 5 亿元[2]【待核实：x】。")
    assert any(s.marks == [2] for s in segs)


def test_reference_lines_are_read_with_the_briefs_template():
    from draftbot.briefing.brief import Brief
    from draftbot.briefing.references import parse_line

    line = "[{n}] {publisher}：{title}（{date}）"
    r = parse_line("[3] 工业和信息化部：关于印发某某办法（试行）的通知（2026-06-04）", line)
    assert (r.n, r.publisher, r.title, r.date) == (3, "工业和信息化部", "关于印发某某办法（试行）的通知", "2026-06-04")
    # width and spacing do not matter; an unknown date is no date
    r = parse_line("［12］ 新华社 : 某地发布算力规划 (日期不详)", line)
    assert (r.n, r.publisher, r.title, r.date) == (12, "新华社", "某地发布算力规划", "")
    # the default template, without its final 。, and a line no template fits (tolerant reading)
    default = Brief.model_fields["references"].default_factory().line
    r = parse_line("2. 国家统计局，《5月份国民经济运行情况》，2026年6月4日，用于数据", default)
    assert (r.n, r.title, r.date, r.usage) == (2, "5月份国民经济运行情况", "2026-06-04", "用于数据")
    r = parse_line("5、Reuters, Global markets wrap, 2026-06-04", default)
    assert (r.n, r.publisher, r.title, r.bracketed) == (5, "Reuters", "Global markets wrap", False)
    # under the brief's own heading, one reference per line even without blank lines
    md = "# 产业经济要情\n\n## 一、节\n\n正文[1]。\n\n## 资料来源\n\n[1] 甲：标题一（2026-06-04）\n[2] 乙：标题二（2026-06-03）\n"
    brief = Brief(id="x", title="产业经济要情", sections=[{"id": "a", "heading": "节", "queries": ["q"]}],
                  references={"heading": "资料来源", "line": line})
    parsed = parse_markdown(md, brief)
    assert [(r.n, r.title) for r in parsed.references.values()] == [(1, "标题一"), (2, "标题二")]
    assert parse_markdown(md).references == {}  # the default grammar does not know 资料来源
