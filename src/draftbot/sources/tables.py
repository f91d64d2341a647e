"""Tables as text a number reader can use: one line per data row, each figure with its unit.

    单位：万人                                   城镇新增就业：2024年 473.94万人；2023年 450.12万人。
    指标 | 2024年 | 2023年               ->    失业人员再就业：2024年 120.5万人；2023年 118.2万人。
    城镇新增就业 | 473.94 | 450.12
    失业人员再就业 | 120.5 | 118.2

The unit of a cell comes from, strongest first: a rate column's header (`同比增长（%）`), its row
label (`出口额（亿元）`), its column header (`产量（万吨）`), the table's own `单位：…` line or caption. A cell that already carries a unit
(`1652万辆`) keeps it.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[-+−]?\d[\d,，]*(?:\.\d+)?$")
_UNIT_IN_LABEL = re.compile(r"\s*[（(]\s*(?:单位[:：]\s*)?([^()（）]{1,8})\s*[)）]\s*$")
_TABLE_UNIT = re.compile(r"单位\s*[:：]\s*([^\s，,。;；)）|]{1,8})")
_HAS_UNIT = re.compile(r"[\d.]\s*(?:%|‰|[\u4e00-\u9fff]+|[A-Za-z]+)$")
# What a bracketed label suffix may be: a unit, not a note such as （含港澳）.
_UNITISH = re.compile(r"^(?:%|‰|[万亿千百十]?[^\d\s]{0,2}(?:元|人|户|辆|台|套|吨|个|件|次|家|项|块|平方米|米|千瓦时|千瓦|千克|公斤|亩|标准箱|人次|美元|点|倍|部|座|所|张|条)|[万亿千百]?(?:元|人|吨)?(?:/[^\s]{1,3})?|百分点|个百分点)$")


_RATES = {"%", "‰", "百分点", "个百分点", "倍"}


def table_unit(text: str) -> str:
    m = _TABLE_UNIT.search(text)
    return m.group(1) if m else ""


def split_unit(label: str) -> tuple[str, str]:
    """`出口额（亿元）` -> (`出口额`, `亿元`); a label without a unit suffix -> (label, "")."""
    m = _UNIT_IN_LABEL.search(label)
    if m and _UNITISH.match(m.group(1).strip()):
        return label[: m.start()].strip(), m.group(1).strip()
    return label.strip(), ""


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))


def render_table(rows: list[list[str]], context: str = "") -> list[str]:
    """Text lines for a table. `context` is its caption or the line before it (for `单位：…`)."""
    rows = [[" ".join(c.split()) for c in row] for row in rows if any(c.strip() for c in row)]
    if is_form(rows):
        return [_form_line(row) for row in rows]
    unit = table_unit(context)
    lines: list[str] = []
    while rows and len({c for c in rows[0] if c}) == 1 and not any(is_number(c) for c in rows[0]):
        only = next(c for c in rows[0] if c)  # a merged title / unit row above the header
        unit = table_unit(only) or unit
        lines.append(only)
        rows = rows[1:]
    if not rows:
        return lines
    header, body = (rows[0], rows[1:]) if _is_header(rows[0]) else ([], rows)
    columns = [split_unit(h) for h in header]
    for row in body:
        lines.append(_render_row(row, columns, unit))
    return lines


def is_data_table(rows: list[list[str]]) -> bool:
    """A table of figures, not a page laid out in table cells: short cells, a number somewhere."""
    cells = [c for row in rows for c in row if c.strip()]
    return bool(cells) and max(len(c) for c in cells) <= 60 and any(is_number(c) or _HAS_UNIT.search(c) for c in cells)


# A label cell of a form: 索引号： / 发布机构： / 文号： / 发文日期：
_LABEL_CELL = re.compile(r"^[^\d:：]{1,10}[:：]$")


def is_form(rows: list[list[str]]) -> bool:
    """A page's information table (索引号：| 0029…/2026-00031 | 发布机构：| 某某厅 …): label and
    value pairs, not rows of figures under a header."""
    labelled = [row for row in rows if row and _LABEL_CELL.match(row[0].strip())]
    return len(labelled) >= 2 and len(labelled) * 2 >= len(rows)


def _form_line(row: list[str]) -> str:
    """`发布机构：某某厅；主题分类：工业。`: each label with its value."""
    pairs: list[str] = []
    for cell in (c.strip() for c in row):
        if not cell:
            continue
        if pairs and _LABEL_CELL.match(pairs[-1]):
            pairs[-1] += cell
        else:
            pairs.append(cell)
    return "；".join(pairs) + "。"


def _is_header(row: list[str]) -> bool:
    return not any(is_number(c) for c in row)


def _render_row(row: list[str], columns: list[tuple[str, str]], unit: str) -> str:
    if not row:
        return ""
    label, row_unit = split_unit(row[0])
    parts = []
    for i, cell in enumerate(row[1:], start=1):
        if not cell:
            continue
        name, col_unit = columns[i] if i < len(columns) else ("", "")
        # a rate column (同比增长（%）) keeps its unit even in a row labelled with a quantity unit
        u = col_unit if col_unit in _RATES else (row_unit or col_unit or unit)
        value = cell + u if is_number(cell) and u and not _HAS_UNIT.search(cell) else cell
        parts.append(f"{name} {value}" if name else value)
    if not parts:
        return label
    return (f"{label}：" if label else "") + "；".join(parts) + "。"
