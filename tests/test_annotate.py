"""`check --annotate`: each finding becomes a Word comment on its sentence; read back from the file."""

from __future__ import annotations

import docx
from docx_fixtures import build, content_control, hyperlink, table, textbox_paragraph, tracked_replacement

from draftbot.annotate import annotate_docx, read_comments
from draftbot.sources.ooxml import read_docx
from draftbot.models import Finding

TWO = "新能源汽车产量为1652万辆[1]。集成电路产量4834亿块[1]。"


def finding(sentence: str, kind: str = "unsupported_number", paragraph: int | None = None, **kw):
    """A checker Finding; with `paragraph`, its JSON form carrying the location the checker adds."""
    f = Finding(kind=kind, sentence=sentence, detail=kw.pop("detail", f"{kind} in: {sentence[:8]}"), **kw)
    return f if paragraph is None else {**f.model_dump(), "paragraph": paragraph}


def test_sentence_inside_one_run_is_anchored_exactly(tmp_path):
    src = build(tmp_path / "d.docx", [TWO])
    out = tmp_path / "out" / "annotated.docx"  # the folder does not exist yet
    res = annotate_docx(src, [finding("集成电路产量4834亿块[1]。", paragraph=3,
                                      detail="4834亿块 not in [1]; [1] has 4843亿块", suggestion="4843亿块",
                                      number="4834亿块")], out)
    assert res.comments == 1 and res.unplaced == []
    (c,) = read_comments(out)
    assert c.anchored == "集成电路产量4834亿块[1]。"
    # the kind's label and the editor's wording (verify/kinds.py), then the checker's own words
    assert c.text.startswith("数字不符：数字 4834亿块 在所引来源中未能核实，来源中最接近的是 4843亿块"), c.text
    assert "（unsupported_number）：4834亿块 not in [1]; [1] has 4843亿块" in c.text
    assert "unsupported_number（unsupported_number）" not in c.text
    assert "建议：4843亿块" in c.text and c.author == "draftbot check"
    # the text Word shows is unchanged, and the source file untouched
    assert [b.text for b in read_docx(out).blocks] == [b.text for b in read_docx(src).blocks]
    assert read_comments(src) == []


def test_split_runs_keep_their_formatting(tmp_path):
    doc = docx.Document()
    doc.add_heading("一、装备制造", 1)
    para = doc.add_paragraph()
    run = para.add_run(TWO)
    run.bold = True
    path = tmp_path / "bold.docx"
    doc.save(str(path))
    out = tmp_path / "a.docx"
    annotate_docx(path, [finding("产量为1652万辆")], out)
    (c,) = read_comments(out)
    assert c.anchored == "产量为1652万辆"
    runs = [r for r in docx.Document(str(out)).paragraphs[1].runs if r.text]
    assert [r.text for r in runs] == ["新能源汽车", "产量为1652万辆", "[1]。集成电路产量4834亿块[1]。"]
    assert all(r.bold for r in runs)


def test_one_comment_per_finding_across_structures(tmp_path):
    src = build(tmp_path / "d.docx", [
        tracked_replacement("工业机器人产能增加到", "12", "15", "万套[1]。"),
        table([["集成电路产量", "4834亿块[1]"]]),
        content_control("服务业生产指数增长6.2%[2]。"),
        textbox_paragraph("正文。", "出口额增长19%[2]。"),
        hyperlink("据", "国家统计局数据，产量增长28%", "[9]。"),
        TWO,
    ])
    fs = [
        finding("工业机器人产能增加到15万套[1]。", "wrong_source"),
        finding("4834亿块[1]", "unsupported_number"),
        finding("服务业生产指数增长6.2%[2]。", "unsupported_number"),
        finding("出口额增长19%[2]。", "uncited_number"),
        finding("产量增长28%[9]。", "unknown_citation"),
        finding("新能源汽车产量为1652万辆[1]。", "weak_support"),
        finding("集成电路产量4834亿块[1]。", "unsupported_number"),
        finding("集成电路产量4834亿块[1]。", "derived"),  # a second finding on the same sentence
    ]
    out = tmp_path / "a.docx"
    res = annotate_docx(src, fs, out)
    assert res.comments == len(fs) and res.unplaced == []
    back = read_comments(out)
    assert [c.anchored for c in back] == [
        "工业机器人产能增加到15万套[1]。", "4834亿块[1]", "服务业生产指数增长6.2%[2]。", "出口额增长19%[2]。",
        "产量增长28%[9]。", "新能源汽车产量为1652万辆[1]。", "集成电路产量4834亿块[1]。", "集成电路产量4834亿块[1]。"]
    assert [c.text.split("：")[0] for c in back] == ["引用错源", "数字不符", "数字不符", "数字缺引用", "引用无效",
                                                   "支撑较弱", "数字不符", "推算值"]
    assert [b.text for b in read_docx(out).blocks] == [b.text for b in read_docx(src).blocks]


def test_paragraph_number_picks_the_right_copy_of_a_repeated_sentence(tmp_path):
    src = build(tmp_path / "d.docx", ["产量增长5%[1]。", "其他内容。", "产量增长5%[1]。"])
    out = tmp_path / "a.docx"
    annotate_docx(src, [finding("产量增长5%[1]。", paragraph=5)], out)
    doc = docx.Document(str(out))
    body = doc.element.body
    starts = body.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}commentRangeStart")
    assert len(starts) == 1
    assert starts[0].getparent() is doc.paragraphs[4]._p  # the fifth paragraph, not the third


def test_whitespace_and_width_differences_still_match(tmp_path):
    src = build(tmp_path / "d.docx", ["布伦特原油下跌 1.8% [3]。"])
    out = tmp_path / "a.docx"
    res = annotate_docx(src, [{"kind": "unsupported_number", "sentence": "布伦特原油下跌１.８%［3］。",
                               "detail": "x"}], out)
    assert res.unplaced == [] and read_comments(out)[0].anchored == "布伦特原油下跌 1.8% [3]。"


def test_unplaced_sentence_still_gets_a_comment_saying_so(tmp_path):
    src = build(tmp_path / "d.docx", ["第一段。", "第二段。"])
    out = tmp_path / "a.docx"
    res = annotate_docx(src, [{"kind": "structure", "sentence": "参考文献", "detail": "no reference list",
                               "paragraph": 4}], out)
    assert res.comments == 1 and res.unplaced == ["参考文献"]
    (c,) = read_comments(out)
    assert c.anchored == "第二段。" and "未在文中找到原句：参考文献" in c.text and "结构缺失" in c.text


def markdown_as_docx(md: str, path):
    """A plain DOCX rendering of a Markdown draft (headings as Word headings, one paragraph per
    Markdown paragraph), standing in for the briefing renderer."""
    doc = docx.Document()
    for block in md.split("\n\n"):
        block = block.strip()
        if block.startswith("# "):
            doc.add_heading(block[2:], 0)
        elif block.startswith("## "):
            doc.add_heading(block[3:], 1)
        elif block:
            doc.add_paragraph(" ".join(block.split("\n")))
    doc.save(str(path))
    return path


def test_findings_of_a_markdown_draft_land_on_their_sentences_in_its_docx(tmp_path):
    from verify_fixtures import CORPUS, CORRECT_DRAFT

    from draftbot.sources import load_paths
    from draftbot.verify import check_markdown
    from draftbot.verify.library import SourceLibrary

    lib = SourceLibrary.from_sources(load_paths([CORPUS]).sources)
    md = (CORRECT_DRAFT.read_text(encoding="utf-8").replace("4843 亿块", "4834 亿块")
          .replace("金价上涨[8]", "金价上涨[1]"))
    res = check_markdown(md, lib)
    findings = res.findings + res.notes
    assert {f.kind for f in res.findings} == {"unsupported_number", "wrong_source"}
    out = tmp_path / "annotated.docx"
    done = annotate_docx(markdown_as_docx(md, tmp_path / "draft.docx"), findings, out)
    assert done.comments == len(findings) and done.unplaced == []
    back = read_comments(out)
    assert [c.anchored for c in back] == [f.sentence for f in findings]
    assert [c.text.split("（")[1].split("）")[0] for c in back] == [f.kind for f in findings]


def test_reference_line_finding_lands_on_its_word_numbered_paragraph(tmp_path):
    doc = docx.Document()
    doc.add_heading("参考文献", 1)
    doc.add_paragraph("国家统计局，《新型工业化迈出坚实步伐》，2026-06-04，用于工业数据。", style="List Number")
    doc.add_paragraph("某局，《不存在的报告》，2026-06-04。", style="List Number")
    src = tmp_path / "refs.docx"
    doc.save(str(src))
    out = tmp_path / "a.docx"
    res = annotate_docx(src, [{"kind": "unknown_citation", "sentence": "2. 某局，《不存在的报告》，2026-06-04。",
                               "detail": "reference [2] 《不存在的报告》 matches no ingested source"}], out)
    assert res.unplaced == [] and read_comments(out)[0].anchored == "某局，《不存在的报告》，2026-06-04。"
