"""A draft revised in Word/WPS, read back as the Markdown the checker parses.

Headings come from paragraph style names: "Title" (or a first Heading 1 before any other
heading) becomes ``# `` (title block), every other heading ``## ``. List paragraphs are kept;
in 参考文献 a "List Number" paragraph without a written number gets the next number, since Word
stores auto-numbering outside the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from draftbot.errors import UserError

_NUMBERED = re.compile(r"^\s*(?:\[\d+\]|\d+\s*[.．、)）])")
_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)", re.I)


def docx_to_markdown(path: Path) -> str:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UserError("reading .docx needs python-docx") from None
    try:
        doc = docx.Document(str(path))
    except PackageNotFoundError:
        raise UserError(f"{path}: not a Word .docx file") from None
    except Exception as exc:  # zip/xml errors from a damaged file
        raise UserError(f"{path}: cannot be read as .docx ({exc})") from None
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
        if low == "title" or (not seen_heading and _LEVEL.match(low) and _LEVEL.match(low).group(1) == "1"):
            lines += [f"# {text}", ""]
            seen_heading = True
            continue
        if _LEVEL.match(low) or low.startswith("heading"):
            lines += [f"## {text}", ""]
            seen_heading = True
            in_refs = text.startswith("参考文献") or text.lower().startswith("references")
            ref_no = 0
            continue
        if in_refs and "list" in low and not _NUMBERED.match(text):
            ref_no += 1
            text = f"{ref_no}. {text}"
        elif in_refs and (m := re.match(r"^\s*\[?(\d+)", text)):
            ref_no = int(m.group(1))
        elif "list" in low and "number" not in low and not _NUMBERED.match(text):
            text = f"- {text}"
        lines += [text, ""]
    return "\n".join(lines)
