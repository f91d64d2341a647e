"""PDF: the text layer via pypdf; title, author and creation date from the document info."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from .decode import normalize_newlines
from .errors import SourceError
from .extracted import Extracted
from .frontmatter import strip_blank_lines
from .limits import extract_pdf_pages
from .meta import clean_fields

_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")


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
    text = strip_blank_lines(normalize_newlines("\n\n".join(p.strip() for p in pages if p.strip())))
    if not text:
        raise SourceError("not a readable PDF: no text layer (scanned images need OCR first)")
    return Extracted(fields=_info_fields(info), text=text)


def _info_fields(info: Any) -> dict[str, Any]:
    if not info:
        return {}
    raw: dict[str, Any] = {}
    for key, field in (("/Title", "title"), ("/Author", "publisher"), ("/Subject", "summary"), ("/Keywords", "keywords")):
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
