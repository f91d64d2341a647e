"""The DOCX briefing as editors know it (issue 25): A4, a Chinese serif body and sans headings, a
目录 TOC field listing the headings, page numbers, citation marks as the brief says — and it still
reads back and checks clean. LibreOffice opens it (headless PDF conversion) as A4 with the contents."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from draftbot.cli import app
from verify_fixtures import corpus_store  # noqa: F401  (fixture)

runner = CliRunner()
REPO = Path(__file__).resolve().parent.parent


def draft(out: Path, store: Path, *extra: str) -> Path:
    r = runner.invoke(app, ["draft", "--date", "2026-06-04", "-o", str(out), "--store", str(store), "-q", *extra])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory, corpus_store) -> Path:
    return draft(tmp_path_factory.mktemp("docx") / "briefing.docx", corpus_store)


def xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def test_a4_fonts_toc_and_page_numbers(docx_file):
    from docx import Document
    from docx.shared import Mm

    doc = Document(str(docx_file))
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(0.5) and abs(sec.page_height - Mm(297)) < Mm(0.5)
    styles = xml(docx_file, "word/styles.xml")
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
    body = xml(docx_file, "word/document.xml")
    assert "TOC \\o" in body and "目录" in body
    texts = [p.text for p in doc.paragraphs]
    toc = [p.text for p in doc.paragraphs if p.style.name == "TOC 1"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert toc == headings and toc[0] == "摘要" and toc[-1] == "参考文献"
    assert texts.index("目录") < texts.index(headings[0], texts.index("目录") + len(toc) + 1)
    footer = "".join(xml(docx_file, n) for n in zipfile.ZipFile(docx_file).namelist() if n.startswith("word/footer"))
    assert "PAGE" in footer
    assert "updateFields" in xml(docx_file, "word/settings.xml")  # Word fills the 目录's pages on opening


def test_the_contents_list_is_not_read_as_part_of_the_briefing(docx_file):
    from draftbot.briefing.docx import read_docx

    md = read_docx(docx_file)
    assert "目录" not in md and md.count("## 摘要") == 1


def test_superscript_citations_when_the_brief_asks(tmp_path, corpus_store):
    from docx import Document

    brief = yaml.safe_load((REPO / "briefs" / "xinzhi-daily.yaml").read_text(encoding="utf-8"))
    brief["document"] = {**brief.get("document", {}), "citations": "superscript", "paper": "Letter", "toc": False}
    bf = tmp_path / "brief.yaml"
    bf.write_text(yaml.safe_dump(brief, allow_unicode=True), encoding="utf-8")
    out = draft(tmp_path / "sup.docx", corpus_store, "--brief", str(bf))
    doc = Document(str(out))
    sup = [r.text for p in doc.paragraphs for r in p.runs if r.font.superscript]
    assert sup and all(t.startswith("[") and t.endswith("]") for t in sup)
    assert "TOC \\o" not in xml(out, "word/document.xml")
    assert abs(doc.sections[0].page_width.inches - 8.5) < 0.01
    r = runner.invoke(app, ["check", str(out), "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output  # superscript [n] read back as citations


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
def test_libreoffice_opens_it_as_a4_with_a_contents_list(tmp_path, docx_file):
    from pypdf import PdfReader

    src = tmp_path / "in.docx"
    shutil.copy(docx_file, src)
    r = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "in.pdf"
    assert pdf.is_file(), r.stdout + r.stderr
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    # what LibreOffice reads from it (as text: PDF text needs CJK fonts installed, this does not):
    # the 目录 with one line per heading, before the first heading's own text
    r = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=240)
    lines = [ln.strip() for ln in (tmp_path / "in.txt").read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
    at = lines.index("目录")
    assert lines[at + 1] == "摘要" and "参考文献" in lines[at + 1: at + 12]
    assert lines.index("摘要", at + 2) > at + 3  # the heading itself comes after the contents list


def test_a_markdown_contents_list_when_the_brief_asks(tmp_path, corpus_store):
    brief = yaml.safe_load((REPO / "briefs" / "xinzhi-daily.yaml").read_text(encoding="utf-8"))
    brief["document"] = {**brief.get("document", {}), "markdown_toc": True}
    bf = tmp_path / "brief.yaml"
    bf.write_text(yaml.safe_dump(brief, allow_unicode=True), encoding="utf-8")
    md = draft(tmp_path / "toc.md", corpus_store, "--brief", str(bf)).read_text(encoding="utf-8")
    headings = [ln[3:] for ln in md.splitlines() if ln.startswith("## ")]
    toc = [ln for ln in md.splitlines() if ln.startswith("- [")]
    assert "**目录**" in md and md.index("**目录**") < md.index("## 摘要")
    assert [t[3:t.index("](")] for t in toc] == headings
    assert toc[0] == "- [摘要](#摘要)"
    r = runner.invoke(app, ["check", str(tmp_path / "toc.md"), "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output  # the list is not read as part of the briefing
    plain = draft(tmp_path / "plain.md", corpus_store).read_text(encoding="utf-8")
    assert "**目录**" not in plain  # the shipped brief does not ask for one


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
def test_saved_again_by_libreoffice_it_keeps_its_evidence_and_checks_clean(tmp_path, docx_file):
    """An editor who opens and saves the DOCX in LibreOffice: the custom XML part survives, the
    contents list (now LibreOffice's own) is not read as text, and it checks clean with no store."""
    src = tmp_path / "in.docx"
    shutil.copy(docx_file, src)
    subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"), str(src)],
                   capture_output=True, text=True, timeout=240)
    saved = tmp_path / "saved" / "in.docx"
    assert saved.is_file()
    r = runner.invoke(app, ["check", str(saved), "--json", "--store", str(tmp_path / "no-store")])
    assert r.exit_code == 0, r.output
    import json

    got = json.loads(r.stdout)["files"][0]
    assert got["sources"] == "carried" and got["findings"] == []
