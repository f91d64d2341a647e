"""DOCX: paragraphs and tables in document order via python-docx; core properties for metadata."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from .decode import normalize_newlines
from .errors import SourceError
from .extracted import Extracted
from .frontmatter import strip_blank_lines
from .limits import check_zip
from .meta import clean_fields


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
                text = para.text.strip()
                style = (para.style.name if para.style is not None else "") or ""
                if text and not first_heading and (style == "Title" or style.startswith("Heading")):
                    first_heading = text
                lines.append(text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    cells = [c.text.strip() for c in row.cells]
                    lines.append(" | ".join(_dedupe_merged(cells)))
                lines.append("")
        props = document.core_properties
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise SourceError(f"not a readable DOCX: {_short(e)}") from None
    except Exception as e:  # python-docx / lxml raise assorted errors on damaged packages
        raise SourceError(f"not a readable DOCX: {_short(e)}") from None
    text = strip_blank_lines(normalize_newlines(_collapse_blank("\n".join(lines))))
    return Extracted(fields=_props_fields(props, first_heading), text=text)


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


# python-docx's built-in template stamps these; they say nothing about the document.
_PLACEHOLDER_AUTHORS = {"python-docx"}
_TEMPLATE_CREATED = dt.date(2013, 12, 23)


def _props_fields(props: Any, first_heading: str) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    try:
        if (props.title or "").strip():
            raw["title"] = props.title
        elif first_heading:
            raw["title"] = first_heading
        if (props.author or "").strip() and props.author.strip() not in _PLACEHOLDER_AUTHORS:
            raw["publisher"] = props.author
        if props.created is not None and props.created.date() != _TEMPLATE_CREATED:
            raw["date"] = props.created
        if (props.subject or "").strip():
            raw["summary"] = props.subject
        if (props.keywords or "").strip():
            raw["keywords"] = props.keywords
        if (props.language or "").strip():
            lang = props.language.strip().lower()
            raw["lang"] = "zh" if lang.startswith("zh") else lang.split("-")[0]
    except Exception:
        pass  # damaged core.xml: metadata can still come from the manifest
    try:
        return clean_fields(raw, "DOCX properties")
    except SourceError:
        raw.pop("date", None)
        return clean_fields(raw, "DOCX properties")


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__
