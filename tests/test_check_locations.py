"""`draftbot check` says where each finding is (line / paragraph and section), reads DOCX drafts as
Word shows them, refuses empty drafts, never overwrites an input and writes Word comments."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from typer.testing import CliRunner

from docx_fixtures import content_control, hyperlink, simple_field, table, textbox_paragraph, tracked_replacement
from draftbot.cli import app
from test_docxread import WRONG as _WRONG
from test_docxread import drafted_docx
from verify_fixtures import CORRECT_DRAFT, corpus_store, lib  # noqa: F401  (fixtures)

runner = CliRunner()
# the sample corpus (not the small library) judges here: its "28%以上" supports a claimed "29%以上"
WRONG = [(n, simple_field("制造业增加值所占份额保持在", "38%", "以上[1]。"), "38%") if n == "simple field" else (n, p, f)
         for n, p, f in _WRONG]


def check(*args: str):
    return runner.invoke(app, ["check", *args])


def check_json(store: Path, *drafts: Path) -> dict:
    r = check(*map(str, drafts), "--store", str(store), "--json")
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


# ----------------------------------------------------------------------------- DOCX drafts


def test_a_wrong_figure_in_every_word_structure_is_flagged_with_paragraph_and_section(tmp_path, corpus_store):
    path = drafted_docx(tmp_path / "draft.docx", [part for _, part, _ in WRONG])
    out = check_json(corpus_store, path)["files"][0]
    blocks = {b.paragraph: b.text for b in __import__("draftbot.sources.ooxml", fromlist=["x"]).read_docx(path).blocks}
    for name, _, figure in WRONG:
        hits = [f for f in out["findings"] if figure in (f.get("number") or "")]
        assert hits, f"{name}: {figure} not flagged"
        f = hits[0]
        assert f["section"] == "一、装备制造" and "line" not in f, f
        assert figure in blocks[f["paragraph"]], f"{name}: paragraph {f['paragraph']} is {blocks[f['paragraph']]!r}"
    # the two tracked changes are one informational note, not a finding
    notes = [n for n in out["notes"] if n["kind"] == "revisions"]
    assert len(notes) == 1 and notes[0]["detail"].startswith("2 unaccepted tracked change(s)")


def test_docx_text_output_names_the_paragraph(tmp_path, corpus_store):
    path = drafted_docx(tmp_path / "d.docx", [table([["指标", "数值"], ["新能源汽车产量", "1652万辆[1]"]]),
                                              "集成电路产量增加到4834亿块[1]。"])
    r = check(str(path), "--store", str(corpus_store))
    assert r.exit_code == 1, r.output
    line = next(ln for ln in r.stdout.splitlines() if "4834" in ln)
    # title ¶1, heading ¶2, table ¶3-6 (four cells), the sentence ¶7
    assert line.startswith(f"{path}:¶7 [一、装备制造]: unsupported_number:"), line


def test_an_empty_or_title_only_draft_is_not_ok(tmp_path, corpus_store):
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    title = tmp_path / "title.docx"
    d = docx.Document()
    d.add_heading("新质生产力每日动态", 0)
    d.save(str(title))
    data = check_json(corpus_store, empty, title)
    for f in data["files"]:
        kinds = [x["kind"] for x in f["findings"]]
        assert kinds == ["structure", "structure"], f
        assert ("line" in f["findings"][0]) == f["path"].endswith(".md")
    r = check(str(empty), "--store", str(corpus_store))
    assert r.exit_code == 1 and "OK" not in r.stdout and "no section" in r.stdout


def test_a_draft_without_reference_list_is_a_finding(tmp_path, corpus_store):
    p = tmp_path / "norefs.md"
    p.write_text("# 标题\n\n## 一、工业\n\n新能源汽车产量1652万辆。\n", encoding="utf-8")
    kinds = [f["kind"] for f in check_json(corpus_store, p)["files"][0]["findings"]]
    assert kinds.count("structure") == 1 and "uncited_number" in kinds


# ----------------------------------------------------------------------------- Markdown locations


def test_every_json_finding_has_line_and_section(tmp_path, corpus_store):
    md = CORRECT_DRAFT.read_text(encoding="utf-8")
    md = md.replace("1652 万辆", "1625 万辆").replace("4843 亿块", "4834 亿块").replace("金价上涨[8]", "金价上涨[1]")
    md = md.replace("## 参考文献", "99. 孤行[77]。\n\n## 参考文献")
    p = tmp_path / "bad.md"
    p.write_text(md, encoding="utf-8")
    data = check_json(corpus_store, p)["files"][0]
    assert len(data["findings"]) >= 4
    lines = md.splitlines()
    for f in data["findings"] + data["notes"]:
        assert isinstance(f["line"], int) and "section" in f, f
        assert "paragraph" not in f
        shown = f["sentence"].split("[")[0].strip()[:6]
        if shown and f["kind"] != "weak_support":
            assert shown in lines[f["line"] - 1], (f, lines[f["line"] - 1])
    sections = {f["section"] for f in data["findings"]}
    assert any(s.startswith("一、") for s in sections) and any(s.startswith("四、") for s in sections)


def test_hard_wrapped_paragraph_gives_the_line_of_the_sentence(lib):
    from draftbot.verify import check_markdown

    md = ("# 标题\n\n## 一、工业\n\n新能源汽车产量 1652 万辆[1]。\n集成电路 4834 亿块[1]。\n"
          "\n## 参考文献\n\n1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于工业数据。\n")
    (f,) = check_markdown(md, lib).findings
    assert (f.line, f.section, f.paragraph) == (6, "一、工业", None)


def test_markdown_comments_are_not_checked(lib):
    from draftbot.verify import check_markdown

    md = ("# 标题\n\n## 一、工业\n\n<!-- 编辑注：2026年再核对，别删 -->\n\n新能源汽车产量 1652 万辆[1]。<!-- 旧稿 1625 万辆 -->\n\n"
          "<!--\n多行注释 4834 亿块\n-->\n集成电路 4843 亿块[1]。\n"
          "\n## 参考文献\n\n1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于工业数据。\n")
    res = check_markdown(md, lib)
    assert res.findings == [], [(f.kind, f.sentence) for f in res.findings]
    assert res.stats.numbers_checked == 2


def test_one_uncited_clause_is_one_finding_listing_its_figures(lib):
    from draftbot.verify import check_markdown

    md = ("# 标题\n\n## 一、工业\n\n2025年和2026年新能源汽车产量持续增长。\n"
          "\n## 参考文献\n\n1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于工业数据。\n")
    res = check_markdown(md, lib)
    (f,) = [f for f in res.findings if f.kind == "uncited_number"]
    assert "2025年" in f.number and "2026年" in f.number and f.line == 5
    assert res.stats.numbers_uncited == 2  # the figures are still counted one by one


def test_a_5000_digit_citation_or_reference_number_is_a_finding_not_a_crash(lib):
    from draftbot.verify import check_markdown

    huge = "9" * 5000
    md = (f"# 标题\n\n## 一、工业\n\n新能源汽车产量 1652 万辆[{huge}]。\n"
          f"\n## 参考文献\n\n1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04。\n[{huge}] 某局，《某报告》\n"
          f"{huge}. 某局，《另一报告》\n")
    res = check_markdown(md, lib)
    details = [f.detail for f in res.findings]
    assert sum("longer than 9 digits" in d for d in details) == 3, details
    assert sorted({f.line for f in res.findings}) == [5, 10, 11]


# ----------------------------------------------------------------------------- outputs


def test_html_never_overwrites_a_draft(tmp_path, corpus_store):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    for p in (a, b):
        p.write_text(CORRECT_DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    before = a.read_bytes()
    r = check("--html", str(a), str(b), "--store", str(corpus_store))
    assert r.exit_code == 2 and "existing draft would be overwritten" in r.stderr, r.output
    assert a.read_bytes() == before
    r = check(str(a), str(b), "--html", str(a), "--store", str(corpus_store))
    assert r.exit_code == 2 and "one of the drafts" in r.stderr and a.read_bytes() == before
    r = check("--html", "--store", str(corpus_store))  # a value is required
    assert r.exit_code == 2
    doc = drafted_docx(tmp_path / "d.docx", ["新能源汽车产量为1652万辆[1]。"])
    before = doc.read_bytes()
    r = check(str(doc), "--annotate", str(doc), "--store", str(corpus_store))
    assert r.exit_code == 2 and "one of the drafts" in r.stderr and doc.read_bytes() == before


def test_html_and_annotate_create_their_folder(tmp_path, corpus_store):
    p = tmp_path / "bad.md"
    p.write_text(CORRECT_DRAFT.read_text(encoding="utf-8").replace("1652 万辆", "1625 万辆"), encoding="utf-8")
    page, doc = tmp_path / "new" / "deep" / "review.html", tmp_path / "other" / "c.docx"
    r = check(str(p), "--store", str(corpus_store), "--html", str(page), "--annotate", str(doc))
    assert r.exit_code == 1, r.output
    assert page.is_file() and doc.is_file()
    assert f"annotated copy: {doc} (1 comment(s))" in r.stderr


def test_annotate_a_docx_draft_puts_one_comment_per_finding_on_its_sentence(tmp_path, corpus_store):
    from draftbot.annotate import read_comments

    parts = [tracked_replacement("集成电路产量由2614亿块增加到", "4843", "4834", "亿块[1]。"),
             content_control("社会消费品零售总额为51.0万亿元[2]。"),
             textbox_paragraph("正文段落。", "数字消费规模为23.5万亿元[2]。"),
             simple_field("制造业增加值所占份额保持在", "38%", "以上[1]。"),
             hyperlink("据统计，", "新能源汽车产量相当于2020年的13.1倍", "[1]。"),
             "新能源汽车产量为1652万辆[1]。"]
    path = drafted_docx(tmp_path / "draft.docx", parts)
    out = tmp_path / "out" / "commented.docx"
    r = check(str(path), "--store", str(corpus_store), "--annotate", str(out), "--json")
    assert r.exit_code == 1, r.output
    findings = json.loads(r.stdout)["files"][0]["findings"]
    comments = read_comments(out)
    assert len(findings) == 5 and len(comments) == len(findings)  # one per finding (notes only with --notes)
    for f in findings:
        c = next(c for c in comments if f["detail"] in c.text)
        assert f["number"] in c.anchored, (f, c)
        assert c.anchored.rstrip("。").endswith("]"), c.anchored  # the whole sentence, its [n] included
    assert path.read_bytes() != out.read_bytes()


def test_annotate_a_markdown_draft_renders_it_first(tmp_path, corpus_store):
    from draftbot.annotate import read_comments

    p = tmp_path / "bad.md"
    p.write_text(CORRECT_DRAFT.read_text(encoding="utf-8").replace("4843 亿块", "4834 亿块"), encoding="utf-8")
    out = tmp_path / "bad.docx"
    r = check(str(p), "--store", str(corpus_store), "--annotate", str(out))
    assert r.exit_code == 1, r.output
    (c,) = read_comments(out)
    assert "4834" in c.anchored and "unsupported_number" in c.text
    r = check(str(p), str(p), "--store", str(corpus_store), "--annotate", str(tmp_path / "o.docx"))
    assert (tmp_path / "o-bad.docx").is_file()
