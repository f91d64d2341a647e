"""Budgets, not only sizes (issue 27): PDF form XObjects count in the content budget, extraction
has a time budget per file, `--urls` from a FIFO is refused; each refusal is one line naming the
limit, fast and small."""

from __future__ import annotations

import io
import os
import time
import zlib

import pytest
from test_hostile_inputs import run_cli

from draftbot.sources.errors import SourceError


def pdf_form_bomb(pages: int = 20, fan: int = 1000, levels: int = 2) -> bytes:
    """A few KB: every page paints form 1 once, each form paints the next `fan` times, the last one
    shows a short line of text. Extraction walks pages x fan**levels forms."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                 3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    first_form = 10
    for k in range(levels + 1):
        n = first_form + k
        if k < levels:
            body = b"/X Do\n" * fan
            res = b"<< /XObject << /X %d 0 R >> >>" % (n + 1)
        else:
            body, res = b"BT /F1 10 Tf 72 700 Td (Output rose 4.2 percent) Tj ET\n", b"<< /Font << /F1 3 0 R >> >>"
        data = zlib.compress(body, 9)
        objects[n] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Filter /FlateDecode "
                      b"/Length %d >>\nstream\n" % (res, len(data)) + data + b"\nendstream")
    kids = []
    for i in range(pages):
        page, content = 100 + 2 * i, 101 + 2 * i
        body = b"/X Do\n"
        objects[content] = b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                         b"/Resources << /XObject << /X %d 0 R >> >> >>" % (content, first_form))
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = out.tell()
        out.write(b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n")
    xref = out.tell()
    top = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % top)
    for n in range(1, top):
        out.write(b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (top, xref))
    return out.getvalue()


def test_a_pdf_of_nested_forms_is_refused_by_its_arithmetic_in_seconds():
    from draftbot.sources.pdf_files import read_pdf_source

    data = pdf_form_bomb()
    assert len(data) < 20_000
    t0 = time.perf_counter()
    with pytest.raises(SourceError) as e:
        read_pdf_source(data)
    assert time.perf_counter() - t0 < 5
    assert "forms" in str(e.value) and "DRAFTBOT_MAX_PDF_" in str(e.value)


def test_a_small_form_painted_a_few_times_still_reads():
    from draftbot.sources.pdf_files import read_pdf_source

    got = read_pdf_source(pdf_form_bomb(pages=2, fan=3, levels=1))
    assert "4.2 percent" in got.text


def test_extraction_past_its_time_budget_is_refused_naming_the_setting(monkeypatch):
    from draftbot.sources import limits as lim_mod
    from draftbot.sources.pdf_files import read_pdf_source

    monkeypatch.setenv("DRAFTBOT_SOURCE_SECONDS", "0.000001")
    with pytest.raises(SourceError) as e:
        read_pdf_source(pdf_form_bomb(pages=3, fan=2, levels=1))
    assert "DRAFTBOT_SOURCE_SECONDS" in str(e.value) and "page 1 of 3" in str(e.value)
    assert lim_mod  # the limit lives in sources.limits


def test_ingest_urls_from_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "urls.txt"
    os.mkfifo(fifo)
    rc, out, err, seconds, rss = run_cli(["ingest", "--urls", str(fifo), "--store", str(tmp_path / "st")],
                                         tmp_path, timeout=30)
    assert rc == 2 and "Traceback" not in err, err
    assert f"--urls {fifo}: a FIFO (named pipe), not a regular file" in err
    assert seconds < 10


def _many_paragraphs(tmp_path, n: int = 1200):
    import docx

    doc = docx.Document()
    for i in range(n):
        doc.add_paragraph(f"第{i}段：新能源汽车产量为{1000 + i}万辆，同比增长{i % 50}.5%。")
    path = tmp_path / "many.docx"
    doc.save(str(path))
    return path


def test_a_docx_source_stops_at_its_time_budget_and_its_character_limit(tmp_path, monkeypatch):
    from draftbot.sources import load_file

    path = _many_paragraphs(tmp_path)
    monkeypatch.setenv("DRAFTBOT_SOURCE_SECONDS", "0.000001")
    with pytest.raises(SourceError) as e:
        load_file(path)
    assert "DRAFTBOT_SOURCE_SECONDS" in str(e.value) and "paragraph 256" in str(e.value)
    monkeypatch.setenv("DRAFTBOT_SOURCE_SECONDS", "30")
    monkeypatch.setenv("DRAFTBOT_MAX_SOURCE_CHARS", "5000")
    with pytest.raises(SourceError) as e:
        load_file(path)
    assert "DRAFTBOT_MAX_SOURCE_CHARS" in str(e.value) and "by paragraph" in str(e.value)


def test_a_docx_draft_is_read_within_the_same_budget(tmp_path, monkeypatch):
    from draftbot.briefing.formats import read_draft_text
    from draftbot.errors import UserError

    path = _many_paragraphs(tmp_path)
    monkeypatch.setenv("DRAFTBOT_SOURCE_SECONDS", "0.000001")
    with pytest.raises(UserError) as e:
        read_draft_text(path)
    assert str(e.value).startswith(str(path)) and "DRAFTBOT_SOURCE_SECONDS" in str(e.value)


def test_one_page_holding_the_whole_content_budget_is_refused_before_parsing():
    """pypdf parses a page's whole stream before its first operator: a 19 MB page ran minutes."""
    from hostile_fixtures import pdf_content_bomb

    from draftbot.sources.pdf_files import read_pdf_source

    t0 = time.perf_counter()
    with pytest.raises(SourceError) as e:
        read_pdf_source(pdf_content_bomb(6))
    assert time.perf_counter() - t0 < 10
    assert "DRAFTBOT_MAX_PDF_PAGE_MB" in str(e.value) and "page 1 of 1" in str(e.value)


def test_an_html_page_of_too_many_elements_is_refused_before_extraction(tmp_path, monkeypatch):
    """Main-text extraction walks a page's elements several times: a 19 MB page of 200,000
    paragraphs ran past 5 minutes at 2.2 GB."""
    from draftbot.sources import load_file

    def page(n: int) -> str:
        rows = "".join(f"<p>第{i}段：新能源汽车产量为{1000 + i}万辆。</p>" for i in range(n))
        return f"<html><head><meta charset='utf-8'><title>产量统计</title></head><body>{rows}</body></html>"

    big = tmp_path / "big.html"
    big.write_text(page(5000), encoding="utf-8")
    monkeypatch.setenv("DRAFTBOT_MAX_HTML_ELEMENTS", "3000")
    t0 = time.perf_counter()
    with pytest.raises(SourceError) as e:
        load_file(big)
    assert time.perf_counter() - t0 < 5 and "DRAFTBOT_MAX_HTML_ELEMENTS" in str(e.value)
    monkeypatch.setenv("DRAFTBOT_MAX_HTML_ELEMENTS", "40000")
    assert "1652万辆" in load_file(big).text


def test_a_text_over_the_character_limit_is_refused_before_it_is_read_further(tmp_path, monkeypatch):
    from draftbot.sources.loader import load_file

    monkeypatch.setenv("DRAFTBOT_MAX_SOURCE_CHARS", "200000")
    path = tmp_path / "report.txt"
    line = "一季度，全国规模以上工业增加值同比增长6.1%，比上年全年加快0.3个百分点。\n"
    path.write_text("---\ntitle: 报告\ndate: 2026-04-16\n---\n" + line * 6000, encoding="utf-8")
    t0 = time.process_time()
    with pytest.raises(SourceError) as e:
        load_file(path)
    assert "DRAFTBOT_MAX_SOURCE_CHARS" in str(e.value) and "200,000" in str(e.value)
    assert time.process_time() - t0 < 1.0
    path.write_text("---\ntitle: 报告\ndate: 2026-04-16\n---\n" + line * 100, encoding="utf-8")
    assert "6.1%" in load_file(path).text

