"""The DOCX page and type as the brief's `document` says: paper (A4), fonts (a Chinese serif body,
sans headings, with their Latin fonts), a 目录 TOC field, page numbers in the footer, superscript
citation marks when asked. python-docx has no API for East Asian fonts or fields, so those are
written as the WordprocessingML Word itself writes."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from draftbot.briefing.marks import GROUP

PAPER_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
TOC_STYLE = "TOC 1"  # Word's own name for first-level contents entries (its update keeps it)
TOC_PLACEHOLDER = "（目录在 Word/WPS 中打开时更新；也可右键 → 更新域）"


def set_fonts(run_or_style, latin: str, east_asian: str) -> None:
    font = run_or_style.font
    font.name = latin
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def apply_page(doc, spec) -> None:
    """Paper size and margins of every section (2.54 cm top/bottom, 3.17 cm left/right: Word's
    default for A4 in Chinese locales)."""
    w, h = PAPER_MM[spec.paper]
    for sec in doc.sections:
        sec.page_width, sec.page_height = Mm(w), Mm(h)
        sec.top_margin = sec.bottom_margin = Mm(25.4)
        sec.left_margin = sec.right_margin = Mm(31.7)


def apply_styles(doc, spec) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal, spec.latin_font, spec.body_font)
    normal.font.size = Pt(spec.body_size)
    for name in ("Title", "Heading 1", "Heading 2", "TOC Heading"):
        style = doc.styles[name]
        set_fonts(style, spec.latin_heading_font, spec.heading_font)
        style.font.color.rgb = RGBColor(0, 0, 0)  # the template's theme blue is not a briefing's
    doc.styles["Title"].font.size = Pt(spec.body_size * 2)
    doc.styles["Heading 1"].font.size = Pt(spec.body_size + 4)
    toc_style(doc)


def toc_style(doc):
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return doc.styles[TOC_STYLE]
    except KeyError:
        style = doc.styles.add_style(TOC_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        return style


def _field_char(run, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")  # Word recomputes the field (page numbers) when it opens
    run._r.append(el)


def _instr(run, code: str) -> None:
    el = OxmlElement("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = f" {code} "
    run._r.append(el)


def add_toc(doc, spec, entries: list[str]) -> None:
    """目录: its heading, then a TOC field over the level-1 headings whose current result lists
    the headings (no page numbers yet: Word and WPS fill them in on opening, as asked by
    updateFields; LibreOffice shows the list as written)."""
    head = doc.add_paragraph(spec.toc_heading, style="TOC Heading")
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = entries or [TOC_PLACEHOLDER]
    paras = [doc.add_paragraph(style=TOC_STYLE) for _ in lines]
    first = paras[0]
    _field_char(first.add_run(), "begin")
    _instr(first.add_run(), 'TOC \\o "1-1" \\h \\z \\u')
    _field_char(first.add_run(), "separate")
    for p, text in zip(paras, lines):
        p.add_run(text)
    _field_char(paras[-1].add_run(), "end")
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)


def add_page_numbers(doc) -> None:
    for sec in doc.sections:
        p = sec.footer.paragraphs[0] if sec.footer.paragraphs else sec.footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field_char(p.add_run(), "begin")
        _instr(p.add_run(), "PAGE")
        _field_char(p.add_run(), "separate")
        p.add_run("1")
        _field_char(p.add_run(), "end")


def add_cited_paragraph(doc, text: str, superscript: bool):
    """A body paragraph; with `superscript`, each citation group [n] is a superscript run."""
    if not superscript:
        return doc.add_paragraph(text)
    p = doc.add_paragraph()
    at = 0
    for m in GROUP.finditer(text):
        if m.start() > at:
            p.add_run(text[at:m.start()])
        p.add_run(m.group(0).strip()).font.superscript = True
        at = m.end()
    if at < len(text):
        p.add_run(text[at:])
    return p


def is_toc_style(style_name: str) -> bool:
    """Contents lines and their heading (Word: "TOC Heading", "toc 1"; LibreOffice: "Contents 1")
    are not the briefing's text: the reader skips them."""
    low = style_name.lower()
    return low.startswith(("toc", "contents"))
