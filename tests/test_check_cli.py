"""`draftbot check` end to end: exit codes, JSON shape, DOCX input, missing file, empty store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from draftbot.cli import app
from verify_fixtures import CORRECT_DRAFT, corpus_store  # noqa: F401  (fixture)

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", *args])


def bad_draft(tmp_path: Path) -> Path:
    p = tmp_path / "bad.md"
    p.write_text(CORRECT_DRAFT.read_text(encoding="utf-8").replace("1652 万辆", "1625 万辆"), encoding="utf-8")
    return p


def test_clean_draft_exits_0(corpus_store):
    r = run(str(CORRECT_DRAFT), "--store", str(corpus_store))
    assert r.exit_code == 0, r.output
    assert "OK" in r.stdout and "numbers supported 50/50" in r.stdout


def test_findings_exit_1_and_name_the_fix(tmp_path, corpus_store):
    r = run(str(bad_draft(tmp_path)), "--store", str(corpus_store))
    assert r.exit_code == 1
    # a Chinese brief: the kind's id, then its Chinese label and the editor's wording; the April
    # release's 1625万辆 is a rolling 12-month total, no fix for 2025's output (issue 22)
    assert "unsupported_number: 数字不符：数字 1625 万辆 在所引来源[1]中未能核实" in r.stdout, r.stdout
    en = run(str(bad_draft(tmp_path)), "--store", str(corpus_store), "--lang", "en")  # for maintainers
    assert "unsupported_number: unsupported：1625 万辆 not in [1]" in en.stdout, en.stdout


def test_json_shape_for_several_drafts(tmp_path, corpus_store):
    bad = bad_draft(tmp_path)
    r = run(str(CORRECT_DRAFT), str(bad), "--json", "--store", str(corpus_store))
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert list(out) == ["files"]
    assert [f["path"] for f in out["files"]] == [str(CORRECT_DRAFT), str(bad)]
    assert out["files"][0]["findings"] == []
    [f] = out["files"][1]["findings"]
    assert {"kind", "sentence", "detail"} <= set(f)
    assert f["kind"] == "unsupported_number" and "1625 万辆" in f["sentence"]
    assert f["label"] == "数字不符" and f["wording"].startswith("数字 1625 万辆 在所引来源")
    assert all(n["kind"] in ("weak_support", "derived") for n in out["files"][1]["notes"])


def test_docx_draft(tmp_path, corpus_store):
    import docx

    d = docx.Document()
    d.add_heading("新质生产力每日动态", level=0)
    d.add_heading("一、工业", level=1)
    d.add_paragraph("2025 年新能源汽车产量达到 1652 万辆，是 2020 年的 11.3 倍[1]。")
    refs = d.add_heading("参考文献", level=1)
    d.add_paragraph("1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于核验。")
    p = tmp_path / "draft.docx"
    d.save(p)
    r = run(str(p), "--store", str(corpus_store), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["files"][0]["findings"] == []
    refs.insert_paragraph_before("补充：集成电路产量 4834 亿块[1]。")  # an editor's typo
    d.save(p)
    r = run(str(p), "--store", str(corpus_store), "--json")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["files"][0]["findings"][0]["kind"] == "unsupported_number"


def test_missing_draft_is_one_line_exit_2(tmp_path, corpus_store):
    missing = tmp_path / "nope.md"
    r = run(str(missing), "--store", str(corpus_store))
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(missing) in lines[0] and "Traceback" not in r.output


def test_missing_draft_among_good_ones_still_checks_the_rest(tmp_path, corpus_store):
    r = run(str(CORRECT_DRAFT), str(tmp_path / "nope.md"), "--json", "--store", str(corpus_store))
    assert r.exit_code == 2
    assert [f["path"] for f in json.loads(r.stdout)["files"]] == [str(CORRECT_DRAFT)]


def test_unreadable_docx_is_named(tmp_path, corpus_store):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"not a zip file")
    r = run(str(p), "--store", str(corpus_store))
    assert r.exit_code == 2 and "broken.docx" in r.stderr and "Traceback" not in r.output


def test_empty_store_is_a_clear_error(tmp_path):
    store = tmp_path / "empty"
    r = run(str(CORRECT_DRAFT), "--store", str(store))
    assert r.exit_code == 2
    assert f"no sources ingested in {store}; run draftbot ingest first" in r.stderr


def test_html_page_is_written(tmp_path, corpus_store):
    page = tmp_path / "review.html"
    r = run(str(bad_draft(tmp_path)), "--store", str(corpus_store), "--html", str(page))
    assert r.exit_code == 1
    text = page.read_text(encoding="utf-8")
    assert 'id="evidence"' in text and "1625 万辆" in text
    assert "http://" not in text.replace("http://www.w3.org", "") and "<link" not in text
