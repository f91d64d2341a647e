"""DOCX: paragraphs and tables in document order via python-docx.

Metadata: the core title when it is a real one, else the first Title/Heading paragraph, else the
document's own title lines (`doc_head`: letterhead, title, signature and its date). The author
property is never the publisher (it is whoever created the file); the creation date is used only
when the text carries no date of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from .decode import normalize_newlines
from .errors import SourceError
from .extracted import Extracted
from .frontmatter import strip_blank_lines
from .doc_head import collapse_spaced, head_fields
from .limits import check_zip
from .meta import clean_fields
from .pdf_files import plausible_title
from .tables import render_table


def read_docx_source(data: bytes) -> Extracted:
    if not data.startswith(b"PK"):
        raise SourceError("not a readable DOCX: not a ZIP package (an old .doc saved as .docx?)")
    check_zip(data)  # before python-docx inflates anything
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        first_heading = ""
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                para = Paragraph(block, document)
                text = collapse_spaced(para.text.strip())
                style = (para.style.name if para.style is not None else "") or ""
                if text and not first_heading and (style == "Title" or style.startswith("Heading")):
                    first_heading = text
                lines.append(text)
            elif tag == "tbl":
                rows = [_dedupe_merged([c.text.strip() for c in row.cells]) for row in Table(block, document).rows]
                context = next((ln for ln in reversed(lines) if ln.strip()), "")
                lines += render_table(rows, context)
                lines.append("")
        props = document.core_properties
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise SourceError(f"not a readable DOCX: {_short(e)}") from None
    except Exception as e:  # python-docx / lxml raise assorted errors on damaged packages
        raise SourceError(f"not a readable DOCX: {_short(e)}") from None
    text = strip_blank_lines(normalize_newlines(_collapse_blank("\n".join(lines))))
    fields, origin = _props_fields(props, first_heading)
    head, head_origin = head_fields([ln for ln in lines if ln.strip()])
    for key, value in head.items():
        if key == "date" or key not in fields:  # the text's own date beats the file's creation time
            fields[key], origin[key] = value, head_origin[key]
    fields = clean_fields(fields, "DOCX", errors={})
    return Extracted(fields=fields, origin={k: v for k, v in origin.items() if k in fields}, text=text)


def _dedupe_merged(cells: list[str]) -> list[str]:
    """python-docx repeats a merged cell's text once per grid column; keep one copy."""
    out: list[str] = []
    for c in cells:
        if not out or c != out[-1]:
            out.append(c)
    return out


def _collapse_blank(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out)


# python-docx's built-in template stamps this; it says nothing about the document.
_TEMPLATE_CREATED = dt.date(2013, 12, 23)


def _props_fields(props: Any, first_heading: str) -> tuple[dict[str, Any], dict[str, str]]:
    raw: dict[str, Any] = {}
    origin: dict[str, str] = {}
    try:
        if plausible_title(props.title or ""):
            raw["title"], origin["title"] = props.title, "DOCX properties"
        elif first_heading:
            raw["title"], origin["title"] = first_heading, "first heading"
        if props.created is not None and props.created.date() != _TEMPLATE_CREATED:
            raw["date"], origin["date"] = props.created, "DOCX created"
        if (props.subject or "").strip():
            raw["summary"], origin["summary"] = props.subject, "DOCX properties"
        if (props.keywords or "").strip():
            raw["keywords"], origin["keywords"] = props.keywords, "DOCX properties"
        if (props.language or "").strip():
            lang = props.language.strip().lower()
            raw["lang"], origin["lang"] = ("zh" if lang.startswith("zh") else lang.split("-")[0]), "DOCX properties"
    except Exception:
        pass  # damaged core.xml: metadata can still come from the text or the manifest
    return clean_fields(raw, "DOCX properties", errors={}), origin


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__
