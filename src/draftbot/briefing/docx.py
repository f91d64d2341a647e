"""The briefing as DOCX (Word/WPS), written with real heading styles and read back as the Markdown
the checker parses.

Reading: headings come from paragraph style names: "Title" (or a first Heading 1 before any other
heading, or a first paragraph that is the brief's title) becomes ``# `` (title block), every other
heading ``## ``. List paragraphs are kept; under the reference heading a "List Number" paragraph
without a written number gets the next number, since Word stores auto-numbering outside the text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from draftbot.briefing.brief import Brief
from draftbot.briefing.document import Draft
from draftbot.briefing.marks import PENDING_EMPTY_SECTION, pending_note, ref_number
from draftbot.briefing.prose import date_line, headings, number_references, paragraph_texts
from draftbot.briefing.references import is_reference_heading, render_line
from draftbot.errors import UserError

_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)", re.I)


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
            doc.add_paragraph(pending_note(PENDING_EMPTY_SECTION))
    doc.add_heading(b.references.heading, level=1)
    for r in refs:
        doc.add_paragraph(render_line(b.references.line, r))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _open(path: Path):
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UserError("reading .docx needs python-docx") from None
    try:
        return docx.Document(str(path))
    except PackageNotFoundError:
        raise UserError(f"{path}: not a Word .docx file") from None
    except Exception as exc:  # zip/xml errors from a damaged file
        raise UserError(f"{path}: cannot be read as .docx ({exc})") from None


def read_docx(path: Path, brief: Brief | None = None) -> str:
    """A DOCX briefing as Markdown text (for `parse_markdown` and the review page)."""
    doc = _open(path)
    ref_heading = brief.references.heading if brief else None
    lines: list[str] = []
    seen_heading = False
    in_refs = False
    ref_no = 0
    for p in doc.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        style = (p.style.name if p.style is not None else "") or ""
        low = style.lower()
        level = _LEVEL.match(low)
        as_title = brief is not None and not lines and text == brief.title.strip()
        if low == "title" or as_title or (not seen_heading and level and level.group(1) == "1"):
            lines += [f"# {text}", ""]
            seen_heading = True
            continue
        if level or low.startswith("heading"):
            lines += [f"## {text}", ""]
            seen_heading = True
            in_refs = is_reference_heading(text, ref_heading)
            ref_no = 0
            continue
        numbered = ref_number(text)
        if in_refs and "list" in low and numbered is None:
            ref_no += 1
            text = f"{ref_no}. {text}"
        elif in_refs and numbered is not None:
            ref_no = numbered[0]
        elif "list" in low and "number" not in low and numbered is None:
            text = f"- {text}"
        lines += [text, ""]
    return "\n".join(lines)
