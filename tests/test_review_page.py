"""The HTML review page in headless Chromium: numbers marked, [n] reveals the source sentence,
source text cannot inject script.

Chromium is the Debian package (`apt-get install chromium`); driven with the Python `playwright`
package against that binary (never `playwright install`). Skipped only when Chromium is absent
and CI is unset.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from draftbot.models import SourceRecord
from draftbot.verify import check_markdown
from draftbot.verify.library import SourceLibrary
from draftbot.verify.review import render_review
from verify_fixtures import CORRECT_DRAFT, corpus_lib  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI is set but the playwright package is not installed")
        pytest.skip("playwright not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, tmp_path: Path, html: str, **kw):
    path = tmp_path / "review.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(**kw)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, errors


def test_citation_reveals_the_supporting_source_sentence(browser, tmp_path, corpus_lib):
    md = CORRECT_DRAFT.read_text(encoding="utf-8").replace("4843 亿块", "4834 亿块")
    res = check_markdown(md, corpus_lib)
    page, errors = open_page(browser, tmp_path, render_review(md, res, corpus_lib, title="t"))
    assert page.locator("#findings li").first.inner_text().count("4834 亿块") >= 1
    assert page.locator("#evidence").is_hidden()

    bad = page.locator(".num.bad")
    assert bad.count() == 1 and bad.inner_text() == "4834 亿块"
    assert "[1] has 4843亿块" in bad.get_attribute("data-detail")  # the checker's wording, kept
    assert "4834 亿块 在所引来源中未能核实" in bad.get_attribute("title") and "4843亿块" in bad.get_attribute("title")
    assert page.locator(".num.ok").count() == res.stats.numbers_supported

    # the [1] after the new-energy-vehicle clause
    sentence = page.locator("p", has_text="新能源汽车产量达到").first
    sentence.locator("a.cite").first.click()
    assert page.locator("#evidence").is_visible()
    assert "新型工业化迈出坚实步伐新质生产力积蓄强劲动力" in page.locator("#evidence-source").inner_text()
    assert "新能源汽车产量为1652万辆，相当于2020年的11.3倍" in page.locator("#evidence-text").inner_text()

    # another citation replaces the passage: the Brent clause cites the Reuters wrap
    page.locator("p", has_text="布伦特原油").first.locator("a.cite").first.click()
    assert "Brent crude fell 1.8% to $71.40 a barrel" in page.locator("#evidence-text").inner_text()
    assert errors == []


def test_source_text_cannot_inject_script(browser, tmp_path):
    evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    lib = SourceLibrary.from_pairs([(SourceRecord(id="e", title=f"恶意{evil}", path="e.md"),
                                     f"产量为1652万辆{evil}。")])
    md = f"## 一\n\n产量 1652 万辆{evil}[1]。\n\n## 参考文献\n\n1. 某局，《恶意{evil}》\n"
    res = check_markdown(md, lib)
    page, errors = open_page(browser, tmp_path, render_review(md, res, lib))
    page.locator("a.cite").first.click()
    assert "<script>" in page.locator("#evidence-text").inner_text()  # shown as text
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("main img, main script").count() == 0
    assert errors == []


def in_viewport(page, locator) -> bool:
    return locator.evaluate("e => { const r = e.getBoundingClientRect(); "
                            "return r.bottom > 0 && r.top < window.innerHeight; }")


def wrong_source_markdown() -> str:
    # the gold price clause now cites [1] (an NBS release) for figures that only Reuters [8] has
    return CORRECT_DRAFT.read_text(encoding="utf-8").replace("金价上涨[8]", "金价上涨[1]")


def wrong_source_page(browser, tmp_path, corpus_lib):
    md = wrong_source_markdown()
    res = check_markdown(md, corpus_lib)
    assert [f.kind for f in res.findings] == ["wrong_source", "wrong_source"]
    return open_page(browser, tmp_path, render_review(md, res, corpus_lib, title="t"),
                     viewport={"width": 900, "height": 500})


def test_finding_scrolls_to_and_highlights_its_sentence(browser, tmp_path, corpus_lib):
    page, errors = wrong_source_page(browser, tmp_path, corpus_lib)
    sentence = page.locator(".sent", has_text="布伦特原油下跌").first
    assert not in_viewport(page, sentence)  # far down the page at first
    assert page.locator(".sent.target").count() == 0

    page.locator("#findings li a.goto").first.click()
    assert in_viewport(page, sentence)
    targets = page.locator(".sent.target")
    assert targets.count() == 1 and "71.40 美元" in targets.inner_text()
    # the finding opens the evidence of its clause: the cited source, then where the figure really is
    assert page.locator("#evidence").is_visible()
    assert page.locator("#evidence-source").inner_text().startswith("[1] 《新型工业化")
    assert errors == []


def test_wrong_source_shows_the_sentence_that_holds_the_figure(browser, tmp_path, corpus_lib):
    page, errors = wrong_source_page(browser, tmp_path, corpus_lib)
    page.locator(".sent", has_text="布伦特原油下跌").first.locator("a.cite").first.click()
    holder = page.locator("#evidence-holder")
    assert holder.is_visible()
    assert "[8] 《GLOBAL MARKETS" in page.locator("#evidence-holder-source").inner_text()
    assert "实际出自" in page.locator("#evidence-holder-source").inner_text()
    assert "Brent crude fell 1.8%" in page.locator("#evidence-holder-text").inner_text()
    # a citation without a wrong-source figure hides that block again
    page.locator(".sent", has_text="新能源汽车产量达到").first.locator("a.cite").first.click()
    assert holder.is_hidden()
    assert errors == []


def test_evidence_panel_closes_with_its_button_and_with_escape(browser, tmp_path, corpus_lib):
    md = CORRECT_DRAFT.read_text(encoding="utf-8")
    res = check_markdown(md, corpus_lib)
    page, errors = open_page(browser, tmp_path, render_review(md, res, corpus_lib))
    cite = page.locator(".sent", has_text="新能源汽车产量达到").first.locator("a.cite").first
    cite.click()
    assert page.locator("#evidence").is_visible() and "active" in cite.get_attribute("class")
    page.locator("#evidence-close").click()
    assert page.locator("#evidence").is_hidden() and "active" not in cite.get_attribute("class")
    cite.click()
    assert page.locator("#evidence").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#evidence").is_hidden()
    assert page.locator("#evidence-close").get_attribute("aria-label") == "关闭"
    assert errors == []


def test_findings_read_in_chinese_with_the_english_kind_in_a_tooltip(browser, tmp_path, corpus_lib):
    page, errors = wrong_source_page(browser, tmp_path, corpus_lib)
    first = page.locator("#findings li").first
    kind = first.locator(".kind")
    assert kind.inner_text() == "引用错源"
    assert kind.get_attribute("title").startswith("wrong_source: 1.8% not in [1]")
    text = first.inner_text()
    assert "1.8% 不是所引来源[1]的说法，它出自[8] 《GLOBAL MARKETS" in text
    # its line in the Markdown file, then the section it sits under
    line, section = first.locator(".where").inner_text().split(" · ", 1)
    n = int(line.removeprefix("第 ").removesuffix(" 行"))
    assert "1.8%" in wrong_source_markdown().splitlines()[n - 1] and section.startswith("四、生产资料价格")
    listing = page.locator("#findings").inner_text()
    assert " not in " not in listing and "shares little wording" not in listing
    notes = page.locator("#findings .kind", has_text="支撑较弱")
    weak = [f for f in check_markdown(wrong_source_markdown(), corpus_lib).notes if f.kind == "weak_support"]
    assert weak and notes.count() == len(weak) and notes.first.get_attribute("title").startswith("weak_support:")
    assert errors == []


def test_finding_location_fields_are_shown_when_the_checker_gives_them(browser, tmp_path, corpus_lib):
    from types import SimpleNamespace

    md = CORRECT_DRAFT.read_text(encoding="utf-8").replace("4843 亿块", "4834 亿块")
    res = check_markdown(md, corpus_lib)
    (f,) = res.findings
    line = next(i for i, text in enumerate(md.splitlines(), 1) if "4834 亿块" in text)
    # the checker attaches the location itself: line for Markdown, and section
    assert (f.line, f.paragraph) == (line, None) and f.section.startswith("一、")
    page, errors = open_page(browser, tmp_path, render_review(md, res, corpus_lib))
    assert page.locator("#findings li .where").first.inner_text() == f"第 {line} 行 · {f.section}"
    # a DOCX draft's finding names its paragraph instead
    res.findings = [SimpleNamespace(**f.model_dump(exclude={"line", "paragraph", "section"}),
                                    line=None, paragraph=7, section="一、国家统计局披露")]
    page, errors = open_page(browser, tmp_path, render_review(md, res, corpus_lib))
    assert page.locator("#findings li .where").first.inner_text() == "第 7 段 · 一、国家统计局披露"
    assert errors == []
