"""PDF: the text layer via pypdf, laid out as running text (`pdf_layout`); metadata from the
document's own title lines and signature (`doc_head`), then the document info.

The info dictionary is machine-written: its /Title is used only when it is a real title (not
"Microsoft Word - 文档1.docx"), its /Author never (it is whoever typed the file), and its dates only
when the text carries no signature date (a communiqué is dated by its signature, not its export).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from .decode import normalize_newlines
from .errors import SourceError
from .extracted import Extracted
from .frontmatter import strip_blank_lines
from .doc_head import head_fields
from .limits import extract_pdf_pages
from .meta import clean_fields
from .page_chrome import strip_chrome
from .pdf_layout import clean_pages, join_lines, tables_as_rows
from .site_names import site_from_footer
from .titles import strip_site_suffix

_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|无标题|文档\d*$|document\d*$)|\.(?:docx?|pdf|wps|xlsx?)$", re.I)


def plausible_title(title: str) -> bool:
    """A document property that is really a title, not an exporter's placeholder or a file name."""
    from .doc_head import is_doc_number

    t = title.strip()
    return len(t) >= 2 and not _JUNK_TITLE.search(t) and not is_doc_number(t)


def read_pdf_source(data: bytes) -> Extracted:
    if b"%PDF" not in data[:1024]:
        raise SourceError("not a readable PDF: no %PDF header")
    # pypdf logs warnings for every sloppy object; they are noise for the user.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")  # many PDFs only carry an owner password
            except Exception as e:
                raise SourceError(f"not a readable PDF: encrypted ({_short(e)})") from None
            if not ok:
                raise SourceError("not a readable PDF: encrypted (password required)")
        pages = extract_pdf_pages(reader)  # page, content-stream and text limits
        info = reader.metadata
    except SourceError:
        raise
    except Exception as e:  # pypdf raises PdfReadError, ValueError, KeyError, ... on damaged files
        raise SourceError(f"not a readable PDF: {_short(e)}") from None
    lines = clean_pages([normalize_newlines(p) for p in pages])
    if not lines:
        raise SourceError("not a readable PDF: no text layer (scanned images need OCR first)")
    page = strip_chrome(lines)  # a page printed from a browser: its menus, footer and captions go
    lines = page.kept or lines
    found, origin = head_fields(lines)
    info = _info_fields(info)
    for key, value in info.items():
        if key not in found:
            found[key], origin[key] = value, "PDF info"
    if page.print_url and "url" not in found:
        found["url"], origin["url"] = page.print_url, "print footer"
    text = strip_blank_lines("\n".join(join_lines(tables_as_rows(lines), measured=lines)))
    fields = clean_fields(found, "PDF", errors={})
    site = site_from_footer(page.dropped)
    return Extracted(
        fields=fields, origin={k: v for k, v in origin.items() if k in fields}, text=text,
        site=site, site_origin="copyright footer" if site else "",
    )


def _info_fields(info: Any) -> dict[str, Any]:
    if not info:
        return {}
    raw: dict[str, Any] = {}
    for key, field in (("/Title", "title"), ("/Subject", "summary"), ("/Keywords", "keywords")):
        try:
            value = info.get(key)
        except Exception:
            continue
        if isinstance(value, str) and value.strip():
            raw[field] = value.strip()
    for key in ("/CreationDate", "/ModDate"):
        try:
            value = info.get(key)
        except Exception:
            continue
        m = _PDF_DATE.match(str(value or "").strip())
        if m:
            raw["date"] = f"{m[1]}-{m[2]}-{m[3]}"
            break
    if "title" in raw and not plausible_title(raw["title"]):
        del raw["title"]
    elif "title" in raw:
        raw["title"] = strip_site_suffix(raw["title"])  # a printed page's /Title is its <title>
    try:
        return clean_fields(raw, "PDF info")
    except SourceError:
        # Info dictionaries are machine-written; bad values are dropped rather than failing the file.
        raw.pop("date", None)
        return clean_fields(raw, "PDF info")


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    msg = msg[:120]
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__
