"""DOCX sources, read as Word shows them through the one OOXML reader (`sources.ooxml`): body
paragraphs, tables (rendered row by row), content controls, text boxes, fields, tracked insertions,
footnotes and endnotes, imported chunks, ruby base text and symbol characters, so a figure in any
of them can support a claim. python-docx is used for the package and its properties only.

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

from draftbot.errors import UserError

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
        from .ooxml import BudgetError, _Styles, default_budget, open_docx, walk_paragraphs

        budget = default_budget()  # the file's clock starts before the package is parsed
        document = open_docx(data)
        styles = _Styles(document)
        lines: list[str] = []
        first_heading = ""
        rows: dict[tuple[int, int], list[str]] = {}
        table: int | None = None

        def close_table() -> None:
            nonlocal rows, table
            if rows:
                context = next((ln for ln in reversed(lines) if ln.strip()), "")
                lines.extend(render_table([_dedupe_merged(c) for _, c in sorted(rows.items())], context))
                lines.append("")
            rows, table = {}, None

        try:
            paras = walk_paragraphs(document, budget)  # stops at the time and character limits
        except BudgetError as exc:
            raise SourceError(str(exc)) from None
        for para in paras:
            text = collapse_spaced(para.text.strip())
            if para.where == "table" and para.table is not None:
                if table is not None and para.table < table:
                    close_table()  # cells of a table nested earlier than the open one: a new table
                table = table if table is not None else para.table
                cells = rows.setdefault((para.table, para.row or 0), [])
                cells.extend([""] * ((para.cell or 1) - len(cells)))
                cells[(para.cell or 1) - 1] = " ".join(x for x in (cells[(para.cell or 1) - 1], text) if x)
                continue
            close_table()
            style = styles.name(para.style_id)
            if text and not first_heading and (style == "Title" or style.startswith("Heading")):
                first_heading = text
            lines.append(text)
        close_table()
        props = document.core_properties
    except SourceError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise SourceError(f"not a readable DOCX: {_short(e)}") from None
    except UserError as e:  # the reader's own one-line reason
        raise SourceError(f"not a readable DOCX: {str(e).split(': ', 1)[-1]}") from None
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
