"""The briefing as DOCX (Word/WPS), written with real heading styles and read back as the Markdown
the checker parses.

Reading: what Word shows (`draftbot.sources.ooxml`: body paragraphs, table cells, content controls,
text boxes, field results, hyperlinks; tracked changes applied as if accepted), in reading order.
Headings come from paragraph styles (and their outline level): "Title" (or a first Heading 1 before
any other heading, or a first paragraph that is the brief's title) becomes ``# `` (title block),
every other heading ``## ``. List paragraphs are kept; under the reference heading a "List Number" paragraph
without a written number gets the next number, since Word stores auto-numbering outside the text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from draftbot.briefing.brief import Brief
from draftbot.briefing.docx_layout import is_toc_style
from draftbot.briefing.document import Draft
from draftbot.briefing.marks import PENDING_EMPTY_SECTION, pending_note, ref_number
from draftbot.briefing.prose import date_line, headings, number_references, paragraph_texts
from draftbot.briefing.references import is_reference_heading, render_line
from draftbot.sources.ooxml import MarkdownView
from draftbot.sources.ooxml import read_docx as read_docx_blocks

# XML 1.0 refuses C0 controls (but tab, LF, CR), U+FFFE/FFFF and lone surrogates: python-docx raises
# ValueError on them. A draft an editor pasted an ESC into still renders, without the character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_docx(draft: Draft) -> bytes:
    from docx import Document

    from draftbot.briefing import docx_layout as layout

    b = draft.brief
    spec = b.document
    refs = number_references(draft)
    ref_of = {r.source_id: r.n for r in refs}
    doc = Document()
    layout.apply_page(doc, spec)
    layout.apply_styles(doc, spec)
    doc.core_properties.title = xml_text(b.title)
    doc.core_properties.subject = f"{b.id} {draft.date.isoformat()}"
    doc.add_heading(xml_text(b.title), level=0)  # style "Title"
    for org in b.org_lines:
        doc.add_paragraph(xml_text(org))
    doc.add_paragraph(xml_text(date_line(draft.dated)))
    titles = [*headings(draft), b.references.heading]
    if spec.toc:
        layout.add_toc(doc, spec, [xml_text(t) for t in titles])
    superscript = spec.citations == "superscript"
    for heading, sec in zip(headings(draft), draft.all_sections()):
        doc.add_heading(xml_text(heading), level=1)
        paras = paragraph_texts(sec, ref_of)
        for p in paras:
            layout.add_cited_paragraph(doc, xml_text(p), superscript)
        if not paras:
            doc.add_paragraph(xml_text(pending_note(PENDING_EMPTY_SECTION)))
    doc.add_heading(xml_text(b.references.heading), level=1)
    for r in refs:
        doc.add_paragraph(xml_text(render_line(b.references.line, r)))
    if spec.page_numbers:
        layout.add_page_numbers(doc)
    if draft.carried is not None:
        from draftbot.briefing.evidence import embed_in_docx

        embed_in_docx(doc, draft.carried)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def markdown_to_docx(markdown: str, brief: Brief | None = None) -> bytes:
    """A Markdown briefing (as an editor left it) as DOCX, block by block: `# ` the title, `## `
    headings, every other block a paragraph of its text (for `check --annotate` on a .md draft)."""
    from docx import Document

    from draftbot.briefing.markdown import parse_markdown

    doc = Document()
    for b in parse_markdown(markdown, brief).blocks:
        if b.kind == "heading":
            doc.add_heading(xml_text(b.text), level=0 if b.level == 1 else 1)
        else:
            doc.add_paragraph(xml_text(b.text))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def read_docx_view(path: Path, brief: Brief | None = None) -> MarkdownView:
    """A DOCX briefing as the Markdown the checker parses, read as Word shows it
    (`draftbot.sources.ooxml`: tables, content controls, text boxes, fields, hyperlinks, revisions
    applied), with each Markdown line's DOCX paragraph."""
    from draftbot.sources.ooxml import default_budget

    doc = read_docx_blocks(path, default_budget())  # a draft is read within the per-file budget too
    ref_heading = brief.references.heading if brief else None
    lines: list[str] = []
    where: dict[int, int] = {}
    seen_heading = in_refs = False
    ref_no = 0

    def emit(text: str, paragraph: int) -> None:
        where[len(lines) + 1] = paragraph
        lines.extend([text, ""])

    for b in doc.blocks:
        text = " ".join(b.text.split("\n")).strip()
        if not text or is_toc_style(b.style):  # the 目录 and its lines are not the briefing's text
            continue
        low = b.style.lower()
        as_title = brief is not None and not lines and text == brief.title.strip()
        if b.level == 0 or as_title or (not seen_heading and b.level == 1):
            emit(f"# {text}", b.paragraph)
            seen_heading = True
            continue
        if b.level is not None:
            emit(f"## {text}", b.paragraph)
            seen_heading = True
            in_refs = is_reference_heading(text, ref_heading)
            ref_no = 0
            continue
        numbered = ref_number(text)
        listed = b.numbered or "list" in low
        if in_refs and listed and numbered is None:
            ref_no += 1  # Word stores auto-numbering outside the text
            text = f"{ref_no}. {text}"
        elif in_refs and numbered is not None:
            ref_no = numbered[0]
        elif listed and "number" not in low and numbered is None:
            text = f"- {text}"
        emit(text, b.paragraph)
    return MarkdownView(markdown="\n".join(lines), paragraph_of_line=where, revisions=doc.revisions,
                        unread=doc.unread)


def read_docx(path: Path, brief: Brief | None = None) -> str:
    """A DOCX briefing as Markdown text (for `parse_markdown` and the review page)."""
    return read_docx_view(path, brief).markdown
