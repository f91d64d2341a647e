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
_BARE_FIGURE = re.compile(r"^\d{1,4}$")
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
        out += [ln for k, ln in enumerate(lines) if not _page_number(ln, k, len(lines)) and ln not in repeated]
    return out


def _page_number(line: str, k: int, n: int) -> bool:
    """A page number: a bare figure (`3`) only among a page's first or last two lines, where it is
    printed; inside the page it is a table's cell, which a text layer may give a line of its own."""
    if not _PAGE_NO.match(line):
        return False
    return not _BARE_FIGURE.match(line) or k < 2 or k >= n - 2


def _running_lines(pages: list[list[str]]) -> set[str]:
    if len(pages) == 2:
        # a two-page report's running header (or footer): the same line at the same edge of both
        # pages, each page holding more than its edges (a form painted twice is its text, twice)
        a, b = pages
        if min(len(a), len(b)) < 5:
            return set()
        return (set(a[:2]) & set(b[:2])) | (set(a[-2:]) & set(b[-2:]))
    if len(pages) < 3:
        return set()
    edges = Counter(ln for lines in pages for ln in {*lines[:2], *lines[-2:]})
    return {ln for ln, n in edges.items() if n >= max(3, len(pages) * 0.6)}


def join_lines(lines: list[str], measured: list[str] | None = None) -> list[str]:
    """Join wrapped lines back into paragraphs (see module docstring). The text width is measured
    on `measured` when given: the page's own lines, before tables were rendered as longer rows."""
    if not lines:
        return []
    widths = sorted(len(ln) for ln in (measured or lines))
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
    if a.isdigit() and b.isdigit() and (_CJK_BEFORE_DIGITS.search(prev[-24:]) or _CJK_AFTER_DIGITS.match(line)):
        return ""  # a figure a Chinese line broke (发行198⏎60亿元): one number, no space
    return " "


_CJK_BEFORE_DIGITS = re.compile(r"[\u4e00-\u9fff][\d.]+$")
_CJK_AFTER_DIGITS = re.compile(r"[\d.]+[\u4e00-\u9fff%]")


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
        vertical = _vertical_table_at(lines, i)
        if vertical is not None:
            end, rows = vertical
            context = " ".join(lines[max(0, i - 2):i])
            out += render_table(rows, context)
            i = end
            continue
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


_CELL_LABEL = re.compile(r"^[^\s。，,；;：:]{1,16}$")


def _vertical_table_at(lines: list[str], i: int) -> tuple[int, list[list[str]]] | None:
    """A table whose text layer gives each cell a line of its own (a drawn grid: `债券类别`⏎`2月发行额`
    ⏎…⏎`新增一般债券`⏎`690`⏎`2.1`⏎…): its header's n labels, then rows of a label and n−1 figures,
    two rows at least. (end, rows with the header first), or None."""
    run = i
    while run < len(lines) and _CELL_LABEL.match(lines[run]) and not is_number(lines[run]):
        run += 1
    n = run - i - 1  # the header's cells (the run's last label is the first row's)
    if n < 2 or n > 12:
        return None
    rows, j = [lines[i:run - 1]], run - 1
    while j + n <= len(lines) and _CELL_LABEL.match(lines[j]) and not is_number(lines[j]) \
            and all(is_number(c) for c in lines[j + 1:j + n]):
        rows.append(lines[j:j + n])
        j += n
    return (j, rows) if len(rows) >= 3 else None
