"""Eighteen places Word shows a figure in a DOCX draft (issue 27): a wrong figure in each is
caught by `check`, and the same draft with the right figure is clean. Footnotes and endnotes are
read with the paragraph that references them, imported chunks (altChunk) where they stand, ruby by
its base text, w:sym by its character; an embedded object is a note naming its paragraph."""

from __future__ import annotations

import docx
import pytest
from docx_fixtures import (
    add,
    alt_chunk,
    complex_field,
    content_control,
    custom_xml,
    hyperlink,
    note_ref,
    notes_part,
    p,
    r,
    ruby,
    simple_field,
    sym,
    table,
    textbox_paragraph,
    tracked_replacement,
)
from verify_fixtures import small_library

from draftbot.briefing.formats import read_draft_text
from draftbot.verify.report import check_text

REFS = ["国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于工业数据。",
        "国家统计局，《消费市场扩容提质新发展格局加快构建》，2026-06-04，用于消费数据。"]


def _doc(title="新质生产力每日动态", heading="一、装备制造", body=(), setup=None):
    doc = docx.Document()
    doc.add_heading(title, 0)
    doc.add_heading(heading, 1)
    parts = setup(doc) if setup else list(body)
    add(doc, parts)
    doc.add_heading("参考文献", 1)
    for ref in REFS:
        doc.add_paragraph(ref, style="List Number")
    return doc


# (construct, builder(figure) -> _doc kwargs, right figure, wrong figure)
def _body(make):
    return lambda fig: {"body": [make(fig)]}


def _notes(kind):
    def build(fig):
        def setup(doc):
            notes_part(doc, kind, {1: f"注：相当于2020年的{fig}倍"})
            return [p(r("新能源汽车产量为1652万辆"), note_ref(kind, 1), r("[1]。"))]
        return {"setup": setup}
    return build


def _chunk(fig):
    def setup(doc):
        return [p(r("正文段落。")), alt_chunk(doc, f"<html><body><p>数字消费规模为{fig}万亿元[2]。</p></body></html>")]
    return {"setup": setup}


CASES = [
    ("tracked replacement", _body(lambda f: tracked_replacement("集成电路产量由2614亿块增加到", "1", f, "亿块[1]。")), "4843", "4834"),
    ("table cell", _body(lambda f: table([["指标", "数值"], ["新能源汽车产量", f"{f}万辆[1]"]])), "1652", "1625"),
    ("nested table", _body(lambda f: table([["外表"]]).replace(
        "<w:p><w:r><w:t xml:space=\"preserve\">外表</w:t></w:r></w:p>",
        table([[f"新能源汽车产量{f}万辆[1]"]]) + "<w:p/>")), "1652", "1625"),
    ("content control", _body(lambda f: content_control(f"社会消费品零售总额为{f}万亿元[2]。")), "50.1", "51.0"),
    ("text box", _body(lambda f: textbox_paragraph("正文段落。", f"数字消费规模为{f}万亿元[2]。")), "25.3", "23.5"),
    ("simple field", _body(lambda f: simple_field("制造业增加值所占份额保持在", f"{f}%", "以上[1]。")), "28", "29"),
    ("complex field", _body(lambda f: complex_field("各地累计培育先进级智能工厂", f"{f}多家", "[1]。")), "8200", "8300"),
    ("hyperlink", _body(lambda f: hyperlink("据统计，", f"新能源汽车产量相当于2020年的{f}倍", "[1]。")), "11.3", "13.1"),
    ("customXml", _body(lambda f: custom_xml(f"集成电路产量增加到{f}亿块[1]。")), "4843", "4483"),
    ("smartTag", _body(lambda f: p(r("新能源汽车产量为"), f'<w:smartTag w:uri="urn:x" w:element="num">{r(f)}</w:smartTag>',
                                   r("万辆[1]。"))), "1652", "1562"),
    ("list item", lambda f: {"body": [("List Bullet", f"集成电路产量增加到{f}亿块[1]。")]}, "4843", "4843.5"),
    ("section heading", lambda f: {"heading": f"一、集成电路产量达{f}亿块", "body": ["集成电路产量由2614亿块增加[1]。"]},
     "4843", "4900"),
    ("title", lambda f: {"title": f"新能源汽车产量{f}万辆", "body": ["新能源汽车产量由上年增加[1]。"]}, "1652", "1700"),
    ("footnote", _notes("footnotes"), "11.3", "12.3"),
    ("endnote", _notes("endnotes"), "11.3", "12.3"),
    ("altChunk", _chunk, "25.3", "25.9"),
    ("ruby base", _body(lambda f: p(r("新能源汽车产量为"), ruby(f, "yi liu wu er"), r("万辆[1]。"))), "1652", "1625"),
    ("symbol glyph", _body(lambda f: p(r("制造业增加值所占份额保持在2"), sym(f[-1]), r("%以上[1]。"))), "28", "29"),
]


def _check(tmp_path, kwargs, name="d.docx"):
    path = tmp_path / name
    _doc(**kwargs).save(str(path))
    return check_text(read_draft_text(path), small_library())


@pytest.mark.parametrize("construct,build,right,wrong", CASES, ids=[c[0] for c in CASES])
def test_a_wrong_figure_in_each_construct_is_caught_and_the_right_one_is_clean(tmp_path, construct, build, right, wrong):
    assert len(CASES) == 18
    ok = _check(tmp_path, build(right), "right.docx")
    assert ok.findings == [], [f.detail for f in ok.findings]
    bad = _check(tmp_path, build(wrong), "wrong.docx")
    assert any(wrong in (f.number or "") for f in bad.findings), [(f.kind, f.number) for f in bad.findings]


def test_ruby_guide_and_footnote_marks_are_not_text(tmp_path):
    from draftbot.sources.ooxml import read_docx

    def setup(doc):
        notes_part(doc, "footnotes", {1: "来源：国家统计局"})
        return [p(r("产量为"), ruby("1652", "9999"), r("万辆"), note_ref("footnotes", 1), r("[1]。"))]

    path = tmp_path / "r.docx"
    _doc(setup=setup).save(str(path))
    text = read_docx(path).blocks[2].text
    assert text == "产量为1652万辆（来源：国家统计局）[1]。"


def test_an_embedded_object_is_a_note_naming_its_paragraph(tmp_path):
    obj = p(r("见下表"), '<w:r><w:object w:dxaOrig="100" w:dyaOrig="100"><v:shape id="o1" style="width:1pt"/>'
                        '</w:object></w:r>', r("[1]。"))
    path = tmp_path / "o.docx"
    _doc(body=[obj]).save(str(path))
    res = check_text(read_draft_text(path), small_library())
    notes = [n for n in res.notes if n.kind == "structure"]
    assert notes and notes[0].paragraph == 3 and "embedded object" in notes[0].detail


def test_a_source_docx_is_read_by_the_same_reader(tmp_path):
    """A figure in a content control, a text box, a tracked insertion, a field or a footnote of a
    *source* can support a claim (the source reader used to see none of them)."""
    from draftbot.sources import load_file

    def setup(doc):
        notes_part(doc, "footnotes", {1: "其中出口123.4万辆"})
        return [content_control("产量为1652万辆。"), textbox_paragraph("正文。", "框内为4843亿块。"),
                tracked_replacement("份额为", "27", "28", "%。"), complex_field("工厂", "8200多家", "。"),
                p(r("出口增长"), note_ref("footnotes", 1), r("。"))]

    path = tmp_path / "source.docx"
    _doc(setup=setup).save(str(path))
    text = load_file(path).text
    for figure in ("1652万辆", "4843亿块", "28%", "8200多家", "123.4万辆"):
        assert figure in text, figure
    assert "27%" not in text and "MERGEFIELD" not in text
