"""The DOCX reader reads what Word shows: each structure an editor may type a figure into, in
reading order, with tracked changes applied and comments left out."""

from __future__ import annotations

import docx
import pytest
from docx_fixtures import (
    WHEN,
    build,
    complex_field,
    content_control,
    custom_xml,
    hyperlink,
    p,
    r,
    simple_field,
    table,
    textbox_paragraph,
    tracked_replacement,
)

from draftbot.sources.ooxml import DocxReadError, read_docx, read_docx_text
from draftbot.errors import UserError


def texts(path) -> list[str]:
    return [b.text for b in read_docx(path).blocks]


def test_tracked_replacement_reads_the_inserted_figure(tmp_path):
    path = build(tmp_path / "d.docx", [tracked_replacement("工业机器人产能增加到", "12", "15", "万套[1]。")])
    got = read_docx(path)
    assert [b.text for b in got.blocks][-1] == "工业机器人产能增加到15万套[1]。"
    assert got.revisions == 2
    assert "2 unaccepted tracked change(s)" in got.note()


def test_untracked_document_has_no_note(tmp_path):
    got = read_docx(build(tmp_path / "d.docx", ["产量为1652万辆[1]。"]))
    assert got.revisions == 0 and got.note() is None


def test_moved_text_counts_once(tmp_path):
    moved = "出口增长8.2%[2]。"
    path = build(tmp_path / "d.docx", [
        p(r("第一段。"), f'<w:moveFrom w:id="11" {WHEN}>{r(moved)}</w:moveFrom>'),
        p(r("第二段。"), f'<w:moveTo w:id="12" {WHEN}>{r(moved)}</w:moveTo>'),
    ])
    got = texts(path)
    assert got[-2:] == ["第一段。", "第二段。" + moved]
    assert sum(t.count("8.2%") for t in got) == 1


def test_deleted_text_inside_an_insertion_and_deleted_table_row(tmp_path):
    row_del = ('<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>'
               f'<w:tr><w:tc>{p(r("保留行 1652万辆"))}</w:tc></w:tr>'
               f'<w:tr><w:trPr><w:del w:id="31" {WHEN}/></w:trPr><w:tc>'
               f'<w:p><w:del w:id="32" {WHEN}><w:r><w:delText>删除行 999万辆</w:delText></w:r></w:del></w:p></w:tc></w:tr>'
               '</w:tbl>')
    path = build(tmp_path / "d.docx", [row_del])
    assert texts(path)[-1] == "保留行 1652万辆"
    assert "999" not in read_docx_text(path)


def test_table_cells_in_reading_order(tmp_path):
    path = build(tmp_path / "d.docx", ["表前段落。", table([["指标", "数值"], ["集成电路产量", "4843亿块[1]"]]),
                                       "表后段落。"])
    got = read_docx(path)
    body = got.blocks[2:]
    assert [b.text for b in body] == ["表前段落。", "指标", "数值", "集成电路产量", "4843亿块[1]", "表后段落。"]
    cell = body[4]
    assert (cell.where, cell.table, cell.row, cell.cell) == ("table", 1, 2, 2)
    assert [b.paragraph for b in body] == [3, 4, 5, 6, 7, 8]
    assert read_docx_text(path).splitlines()[3:6] == ["指标 | 数值", "集成电路产量 | 4843亿块[1]", ""]


def test_nested_table_and_row_level_content_control(tmp_path):
    inner = table([["内表 28%"]])
    outer = ('<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>'
             f'<w:tc>{p(r("外表左"))}</w:tc><w:tc>{inner}{p()}</w:tc></w:tr>'
             f'<w:sdt><w:sdtPr><w:alias w:val="行控件"/></w:sdtPr><w:sdtContent><w:tr>'
             f'<w:tc>{p(r("控件行"))}</w:tc><w:tc>{p(r("11.3倍"))}</w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>')
    path = build(tmp_path / "d.docx", [outer])
    got = read_docx(path)
    assert [b.text for b in got.blocks[2:]] == ["外表左", "内表 28%", "控件行", "11.3倍"]
    assert got.blocks[3].table == 2 and got.blocks[5].table == 1 and got.blocks[5].row == 2
    assert "行控件" not in read_docx_text(path)


def test_content_controls_read_their_content_not_their_properties(tmp_path):
    inline = p(r("全国规上工业增加值同比增长"),
               '<w:sdt><w:sdtPr><w:alias w:val="增速"/><w:showingPlcHdr/></w:sdtPr>'
               f'<w:sdtContent>{r("6.1%")}</w:sdtContent></w:sdt>', r("[1]。"))
    path = build(tmp_path / "d.docx", [content_control("新能源汽车产量为1652万辆[1]。", "输入产量"), inline])
    got = texts(path)
    assert got[-2:] == ["新能源汽车产量为1652万辆[1]。", "全国规上工业增加值同比增长6.1%[1]。"]
    assert not any("输入产量" in t or "增速" in t for t in got)


def test_text_box_read_once_after_its_anchor(tmp_path):
    path = build(tmp_path / "d.docx", [textbox_paragraph("正文锚定段落。", "文本框：出口额增长19%[2]。"), "下一段。"])
    got = read_docx(path)
    body = [(b.paragraph, b.where, b.text) for b in got.blocks[2:]]
    assert body == [(3, "body", "正文锚定段落。"), (4, "textbox", "文本框：出口额增长19%[2]。"), (5, "body", "下一段。")]
    assert read_docx_text(path).count("19%") == 1


def test_simple_and_complex_fields_read_their_result_not_the_code(tmp_path):
    path = build(tmp_path / "d.docx", [simple_field("季度产量为", "1652", "万辆[1]。"),
                                       complex_field("集成电路产量", "4843亿块", "[1]。")])
    got = texts(path)
    assert got[-2:] == ["季度产量为1652万辆[1]。", "集成电路产量4843亿块[1]。"]
    text = read_docx_text(path)
    assert "MERGEFIELD" not in text and "DOCPROPERTY" not in text


def test_nested_field_in_an_instruction_is_not_read(tmp_path):
    # IF { MERGEFIELD x } = 1 "甲" "乙": the nested field sits in the outer instruction; Word shows
    # only the outer result.
    para = p(r("结果："), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>',
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             '<w:r><w:instrText> MERGEFIELD x </w:instrText></w:r>',
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("777"),
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
             '<w:r><w:instrText xml:space="preserve"> = 1 "甲" "乙" </w:instrText></w:r>',
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("甲"),
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>', r("。"))
    assert texts(build(tmp_path / "d.docx", [para]))[-1] == "结果：甲。"


def test_hyperlink_and_custom_xml_are_read(tmp_path):
    inline_custom = p(r("布伦特原油下跌"), f'<w:customXml w:element="pct">{r("1.8%")}</w:customXml>', r("[3]。"))
    path = build(tmp_path / "d.docx", [hyperlink("详见", "国家统计局发布的5月数据", "[1]。"),
                                       custom_xml("customXml 段落：增长28%[1]。"), inline_custom])
    assert texts(path)[-3:] == ["详见国家统计局发布的5月数据[1]。", "customXml 段落：增长28%[1]。", "布伦特原油下跌1.8%[3]。"]


def test_comments_are_never_read_as_text(tmp_path):
    doc = docx.Document()
    doc.add_heading("一、装备制造", 1)
    para = doc.add_paragraph("新能源汽车产量为1652万辆[1]。")
    doc.add_comment(para.runs, text="请核对：是否应为1625万辆？", author="审校", initials="SJ")
    path = tmp_path / "c.docx"
    doc.save(str(path))
    got = read_docx(path)
    assert [b.text for b in got.blocks] == ["一、装备制造", "新能源汽车产量为1652万辆[1]。"]
    assert "1625" not in read_docx_text(path)


def test_styles_give_heading_levels(tmp_path):
    doc = docx.Document()
    doc.add_heading("每日动态", 0)
    doc.add_heading("一、装备制造", 1)
    doc.add_paragraph("正文。")
    doc.add_heading("小节", 2)
    doc.add_paragraph("参考文献条目", style="List Number")
    path = tmp_path / "s.docx"
    doc.save(str(path))
    got = read_docx(path)
    assert [(b.style, b.level) for b in got.blocks] == [
        ("Title", 0), ("Heading 1", 1), ("Normal", None), ("Heading 2", 2), ("List Number", None)]
    assert got.blocks[-1].numbered and not got.blocks[2].numbered


def test_outline_level_marks_a_heading_without_a_heading_style(tmp_path):
    para = '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>' + r("二、算力") + "</w:p>"
    got = read_docx(build(tmp_path / "d.docx", [para]))
    assert (got.blocks[-1].text, got.blocks[-1].level) == ("二、算力", 2)


def test_empty_paragraphs_count_in_the_numbering(tmp_path):
    got = read_docx(build(tmp_path / "d.docx", ["第一段。", "", "", "第四段。"]))
    assert [(b.paragraph, b.text) for b in got.blocks[2:]] == [(3, "第一段。"), (6, "第四段。")]
    assert got.paragraphs == 6


def test_tabs_and_line_breaks(tmp_path):
    para = p(r("甲"), "<w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:br w:type=\"page\"/></w:r>")
    assert texts(build(tmp_path / "d.docx", [para]))[-1] == "甲\t乙\n丙"


def test_not_a_docx_names_the_file(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocxReadError) as ei:
        read_docx(bad)
    assert "bad.docx" in str(ei.value) and isinstance(ei.value, UserError)
    with pytest.raises(DocxReadError, match="no such file"):
        read_docx(tmp_path / "missing.docx")


def test_reads_bytes_for_sources(tmp_path):
    path = build(tmp_path / "d.docx", [tracked_replacement("产能增加到", "12", "15", "万套。")])
    assert read_docx_text(path.read_bytes()).splitlines()[-1] == "产能增加到15万套。"


# ----------------------------------------------------------------------------- the checker's view


def drafted_docx(path, body: list) -> str:
    """A drafted briefing in Word: title, one section with `body`, the reference list (Word-numbered)."""
    doc = docx.Document()
    doc.add_heading("新质生产力每日动态", 0)
    doc.add_heading("一、装备制造", 1)
    from docx_fixtures import add

    add(doc, body)
    doc.add_heading("参考文献", 1)
    doc.add_paragraph("国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于工业数据。",
                      style="List Number")
    doc.add_paragraph("国家统计局，《消费市场扩容提质新发展格局加快构建》，2026-06-04，用于消费数据。",
                      style="List Number")
    doc.save(str(path))
    return path


WRONG = [  # (structure, body part, the wrong figure in it)
    ("tracked replacement", tracked_replacement("集成电路产量由2614亿块增加到", "4843", "4834", "亿块[1]。"), "4834"),
    ("table cell", table([["指标", "数值"], ["新能源汽车产量", "1625万辆[1]"]]), "1625"),
    ("content control", content_control("社会消费品零售总额为51.0万亿元[2]。"), "51.0"),
    ("text box", textbox_paragraph("正文段落。", "数字消费规模为23.5万亿元[2]。"), "23.5"),
    ("simple field", simple_field("制造业增加值所占份额保持在", "29%", "以上[1]。"), "29%"),
    ("complex field", complex_field("各地累计培育先进级智能工厂", "8300多家", "[1]。"), "8300"),
    ("hyperlink", hyperlink("据统计，", "新能源汽车产量相当于2020年的13.1倍", "[1]。"), "13.1"),
]


def test_every_structure_holding_a_wrong_figure_is_flagged_at_its_paragraph(tmp_path):
    from verify_fixtures import small_library

    from draftbot.briefing.docx import read_docx_view
    from draftbot.verify import check_markdown

    path = drafted_docx(tmp_path / "draft.docx", [part for _, part, _ in WRONG])
    doc = read_docx(path)
    view = read_docx_view(path)
    assert view.revisions == 2
    res = check_markdown(view.markdown, small_library())
    lines = view.markdown.split("\n")
    flagged = {}
    for f in res.findings:
        line = next(i for i, text in enumerate(lines, 1) if f.sentence.strip() and f.sentence.strip()[:12] in text)
        flagged[f.number] = view.paragraph(line)
    by_text = {b.paragraph: b.text for b in doc.blocks}
    for name, _, figure in WRONG:
        hit = [(n, p) for n, p in flagged.items() if n and figure in n]
        assert hit, f"{name}: {figure} not flagged ({[f.detail for f in res.findings]})"
        assert figure in by_text[hit[0][1]], f"{name}: flagged at paragraph {hit[0][1]}: {by_text[hit[0][1]]}"
    assert len(res.findings) == len(WRONG)
    assert all(s.section == "一、装备制造" for s in res.sentences)


def test_the_same_draft_with_right_figures_is_clean(tmp_path):
    from verify_fixtures import small_library

    from draftbot.briefing.docx import read_docx_view
    from draftbot.verify import check_markdown

    right = [
        tracked_replacement("集成电路产量由2614亿块增加到", "4834", "4843", "亿块[1]。"),
        table([["指标", "数值"], ["新能源汽车产量", "1652万辆[1]"]]),
        content_control("社会消费品零售总额为50.1万亿元[2]。"),
        textbox_paragraph("正文段落。", "数字消费规模为25.3万亿元[2]。"),
        simple_field("制造业增加值所占份额保持在", "28%", "以上[1]。"),
        complex_field("各地累计培育先进级智能工厂", "8200多家", "[1]。"),
        hyperlink("据统计，", "新能源汽车产量相当于2020年的11.3倍", "[1]。"),
    ]
    view = read_docx_view(drafted_docx(tmp_path / "ok.docx", right))
    res = check_markdown(view.markdown, small_library())
    assert res.findings == [], [f.detail for f in res.findings]
    assert "1. 国家统计局，《新型工业化" in view.markdown and "2. 国家统计局，《消费市场" in view.markdown


def test_a_field_that_never_ends_does_not_hide_the_rest_of_the_document(tmp_path):
    broken = p(r("甲"), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
               '<w:r><w:instrText> PAGE </w:instrText></w:r>', r("乙"))
    got = texts(build(tmp_path / "d.docx", [broken, "产量为1652万辆[1]。"]))
    assert got[-2:] == ["甲", "产量为1652万辆[1]。"]
