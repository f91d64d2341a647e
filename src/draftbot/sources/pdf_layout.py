"""A PDF text layer as running text: page furniture out, wrapped lines joined, tables as rows.

- Page numbers (`- 1 -`, `第 1 页 共 3 页`, `1/3`, `Page 1 of 3`) and a header or footer line
  repeated on most pages are dropped.
- A line that fills the text width and does not end a sentence continues on the next line
  (`…同比增⏎长5.1%`); a number at a line's end is always joined to a unit starting the next
  (`473.94⏎万人`). Headings, list items and table rows are never joined.
- A run of lines `label n n …` under a header line with as many columns becomes table rows with
  units (`tables.render_table`).
"""

from __future__ import annotations

import re
from collections import Counter

from .doc_head import collapse_spaced
from .tables import is_number, render_table, table_unit

_PAGE_NO = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\d{1,4})$",
    re.I,
)
_END = re.compile(r"[。！？；：:!?;…”」』）)]$|[.]$")
_UNIT_START = re.compile(r"^(?:%|‰|[万亿千百]|元|人|户|辆|台|套|吨|个|件|次|家|项|块|倍|平方米|千瓦)")
_NUM_END = re.compile(r"\d$")
_STARTS_BLOCK = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]\s*\D|第[一二三四五六七八九十]+[章节条]|附[件表]|注[:：]|单位[:：]|[•·●\-*]\s)")


def clean_pages(pages: list[str]) -> list[str]:
    """Lines of the whole document without page numbers and running headers/footers."""
    page_lines = [[collapse_spaced(ln).strip() for ln in p.split("\n")] for p in pages]
    page_lines = [[ln for ln in lines if ln] for lines in page_lines]
    repeated = _running_lines(page_lines)
    out: list[str] = []
    for lines in page_lines:
        out += [ln for ln in lines if not _PAGE_NO.match(ln) and ln not in repeated]
    return out


def _running_lines(pages: list[list[str]]) -> set[str]:
    if len(pages) < 3:
        return set()
    edges = Counter(ln for lines in pages for ln in {*lines[:2], *lines[-2:]})
    return {ln for ln, n in edges.items() if n >= max(3, len(pages) * 0.6)}


def join_lines(lines: list[str]) -> list[str]:
    """Join wrapped lines back into paragraphs (see module docstring)."""
    if not lines:
        return []
    widths = sorted(len(ln) for ln in lines)
    full = widths[int(len(widths) * 0.9)] * 0.8 if len(widths) >= 5 else max(widths) * 0.8
    out: list[str] = []
    for ln in lines:
        if out and _continues(out[-1], ln, full):
            out[-1] = out[-1] + _joiner(out[-1], ln) + ln
        else:
            out.append(ln)
    return out


def _joiner(prev: str, line: str) -> str:
    """No space inside Chinese text, a figure and its unit, or a hyphenated word; else one space."""
    a, b = prev[-1:], line[:1]
    if not (a.isascii() and b.isascii()) or a == "-" or (a.isdigit() and _UNIT_START.match(line)):
        return ""
    return " "


def _continues(prev: str, line: str, full: float) -> bool:
    # `prev` is the paragraph joined so far: look only at its tail, so joining stays linear
    tail = prev[-80:]
    if (len(prev) < 80 and _is_row(prev)) or _is_row(line) or _STARTS_BLOCK.match(line):
        return False
    if _NUM_END.search(tail) and _UNIT_START.match(line):
        return True
    return len(prev) >= full and not _END.search(tail)


def _is_row(line: str) -> bool:
    if len(line) >= 80:
        return False
    cells = line.split()
    return len(cells) >= 2 and is_number(cells[-1]) and not cells[0][:1].isdigit() and len(line) < 80


def tables_as_rows(lines: list[str]) -> list[str]:
    """Replace header + numeric rows by rendered rows; other lines unchanged."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        block = _table_at(lines, i)
        if block is None:
            out.append(lines[i])
            i += 1
            continue
        start, end = block
        header = lines[start].split()
        context = " ".join(lines[max(0, start - 2) : start])
        if out and table_unit(out[-1]) and out[-1] in lines[max(0, start - 2) : start]:
            context = out[-1]
        out += render_table([header] + [_row_cells(ln, len(header)) for ln in lines[start + 1 : end]], context)
        i = end
    return out


def _table_at(lines: list[str], i: int) -> tuple[int, int] | None:
    """(header index, end) when a header line at i is followed by ≥2 rows of the same width."""
    header = lines[i].split()
    if len(header) < 2 or any(is_number(c) for c in header) or len(lines[i]) > 80:
        return None
    end = i + 1
    while end < len(lines):
        cells = _row_cells(lines[end], len(header))
        if len(cells) != len(header) or not any(is_number(c) for c in cells[1:]):
            break
        end += 1
    return (i, end) if end - i - 1 >= 2 else None


def _row_cells(line: str, width: int) -> list[str]:
    """`城镇新增就业 473.94 450.12` -> cells; a label with inner spaces keeps them."""
    parts = line.split()
    if len(parts) <= width:
        return parts
    cut = len(parts) - (width - 1)
    return [" ".join(parts[:cut]), *parts[cut:]]
