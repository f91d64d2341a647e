"""Render a `Draft` as DOCX (Word/WPS) with real heading styles, for editors who revise in Word."""

from __future__ import annotations

import io

from draftbot.draft.document import Draft
from draftbot.draft.render import date_line, headings, number_references, paragraph_texts, reference_line


def render_docx(draft: Draft) -> bytes:
    from docx import Document

    b = draft.brief
    refs = number_references(draft)
    ref_of = {r.source_id: r.n for r in refs}
    doc = Document()
    doc.core_properties.title = b.title
    doc.core_properties.subject = f"{b.id} {draft.date.isoformat()}"
    doc.add_heading(b.title, level=0)  # style "Title"
    for org in b.org_lines:
        doc.add_paragraph(org)
    doc.add_paragraph(date_line(draft.dated))
    for heading, sec in zip(headings(draft), draft.all_sections()):
        doc.add_heading(heading, level=1)
        paras = paragraph_texts(sec, ref_of)
        for p in paras:
            doc.add_paragraph(p)
        if not paras:
            doc.add_paragraph("【待核实：本节没有可引用的当日资料】")
    doc.add_heading(b.references.heading, level=1)
    for r in refs:
        doc.add_paragraph(reference_line(b.references.line, r))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
