"""The contents list of a Markdown briefing (the DOCX has a TOC field: briefing/docx_layout.py).

Written as a bold label and a list of links after the title block, not as a heading: a `## 目录`
would read back as a section of the briefing. Anchors follow GitHub's rule (lower case, spaces to
hyphens, punctuation dropped, CJK kept), which most Markdown viewers share.
"""

from __future__ import annotations

import re

_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def anchor(heading: str) -> str:
    return _DROP.sub("", heading.strip().lower()).replace(" ", "-")


def markdown_toc(label: str, headings: list[str]) -> list[str]:
    """Lines of the contents list (with the blank line after it)."""
    seen: dict[str, int] = {}
    lines = [f"**{label}**", ""]
    for h in headings:
        a = anchor(h)
        n = seen.get(a, 0)
        seen[a] = n + 1
        lines.append(f"- [{h}](#{a}{'-' + str(n) if n else ''})")
    return lines + [""]
