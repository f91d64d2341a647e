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
_TABLE_UNIT = re.compile(r"单位\s*[:：]\s*([^\s，,、。;；()（）|]{1,8})")
# a column of rates: its figures are percentages whatever the table's quantity unit (单位：亿吨；%,
# 单位：万元，%，个 over | 补助比例 | 单个项目上限 |); a share's rate (利用率), not any 率 (汇率, 功率)
_RATE_COLUMN = re.compile(r"(?:(?:增长|增速|增幅|涨幅|降幅|同比|环比|比重|占比)(?:率)?|比例|比率|"
                          r"(?:利用|失业|利润|收益|完成|达标|覆盖|普及|渗透|合格|达产|入住|出勤)率)\s*$")
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
        return [form_line(row) for row in rows]
    unit = table_unit(context)
    lines: list[str] = []
    while rows and len({c for c in rows[0] if c}) == 1 and not any(is_number(c) for c in rows[0]):
        only = next(c for c in rows[0] if c)  # a merged title / unit row above the header
        unit = table_unit(only) or unit
        lines.append(only)
        rows = rows[1:]
    if not rows:
        return lines
    rows[0] = _month_headers(rows[0])
    header, body = (rows[0], rows[1:]) if _is_header(rows[0]) else ([], rows)
    if header and _SERIAL.match(header[0].strip()) and all(_SERIAL_CELL.match(r[0].strip()) for r in body if r):
        # a 序号 column (| 序号 | 指标 | 单位 | …): the row's name is the next cell, not its number
        header, body = header[1:], [r[1:] for r in body]
    while header and body and _is_subheader(body[0], header):
        header, body = _stacked(header, body[0]), body[1:]
    columns = _with_periods([_column(h) for h in header])
    # a column of units (| 指标名称 | 单位 | 11月 绝对量 | …): each row's unit, not a figure of its own
    unit_col = next((i for i, (name, _) in enumerate(columns) if i and _UNIT_COLUMN.match(name)), None)
    last = ""
    for row in body:
        if row and not row[0].strip() and last and any(is_number(c) for c in row[1:]):
            # a label merged down two rows (| 4.黄金 | 亿美元 | … | over | | 万盎司 | … |): the lower row's too
            row = [last, *row[1:]]
        last = row[0].strip() if row else ""
        lines.append(_render_row(row, columns, unit, unit_col))
    return lines


# a header cell that is only a unit (亿元人民币 | 亿美元 over a balance of payments' columns)
_UNIT_HEADER = re.compile(r"^[万亿千百]?(?:元人民币|人民币元|美元|欧元|港元)$")


def _column(header: str) -> tuple[str, str]:
    """(name, unit) of a column: `出口额（亿元）` -> (出口额, 亿元); a header that is a unit names no
    indicator and gives its figures that unit (亿美元 -> ("", 亿美元))."""
    name, unit = split_unit(header)
    h = header.strip()
    if not unit and (_UNIT_HEADER.match(h) or (_UNITISH.match(h) and not h.isdigit())):
        return "", h
    return name, unit


# a period heading a column: 11月, 1—11月, 2026年12月, 全年, 本月, and any of them 累计 (全年累计,
# 1—12月累计, 本年累计: the year's total beside the month's)
_PERIOD_WORD = (r"(?:(?:\d{4}\s?年)?(?:1\s?[—–\-至~～]\s?)?\d{1,2}\s?月份?|本月|当月|本期|本年|全年|上半年|前三季度"
                r"|[一二三四]季度)")
_PERIOD_CELL = re.compile(r"^(?:截至|至)?(?:\d{4}\s?年)?(?:1\s?[—–\-至~～]\s?)?\d{1,2}\s?月(?:份|末|底)?$"
                          rf"|^(?:{_PERIOD_WORD}?累计|{_PERIOD_WORD}|上年同期)$")
_PERIOD_COLUMN = re.compile(rf"^(?:{_PERIOD_WORD}?累计|{_PERIOD_WORD})$")
_NAMES_PERIOD = re.compile(r"\d{1,2}\s?月|本月|当月|本期|累计|季度|上半年|全年")


def _with_periods(columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A flat header's rate column takes the period of the column before it (| 11月 | 比去年同月增长 |
    1—11月 | 比去年同期增长 |): each growth rate is that period's, as a two-row header would say."""
    out, period = [], ""
    for name, unit in columns:
        if _PERIOD_COLUMN.match(name):
            period = name
        elif period and _RATE_COLUMN.search(name) and not _NAMES_PERIOD.search(name):
            name = f"{period} {name}"
        out.append((name, unit))
    return out


def is_data_table(rows: list[list[str]]) -> bool:
    """A table of figures, not a page laid out in table cells: short cells, a number somewhere."""
    cells = [c for row in rows for c in row if c.strip()]
    return bool(cells) and max(len(c) for c in cells) <= 60 and any(is_number(c) or _HAS_UNIT.search(c) for c in cells)


# The labels of a notice page's information table (政府信息公开 / 文件信息): what the page says *about*
# the document, never its text. Written spaced out for width on many sites (索 引 号, 标　　题).
FORM_LABELS = (
    "索引号", "主题分类", "主题词", "体裁分类", "组配分类", "服务对象", "信息分类", "内容分类", "公开方式", "公开范围",
    "公开时限", "公开形式", "发文机关", "发文单位", "发布机构", "发布单位", "所属机构", "信息来源", "成文日期", "发文日期",
    "发布日期", "印发日期", "生效日期", "实施日期", "废止日期", "失效日期", "发文字号", "文号", "文件编号", "统一编号", "登记号",
    "标题", "名称", "文件名称", "有效性", "时效性", "效力状态", "效力级别", "是否有效", "关键词", "主送机关", "发文机构",
    "公开目录", "施行日期", "信息索引号", "分类",
)
# labels that only such a table uses (标题 / 发布日期 / 文号 alone may head a line of any text)
_FORM_ONLY = {"索引号", "主题分类", "体裁分类", "组配分类", "服务对象", "公开方式", "公开范围", "公开时限", "公开形式", "发文机关",
              "成文日期", "发文字号", "有效性", "时效性", "效力状态", "效力级别", "是否有效", "统一编号", "登记号", "所属机构",
              "发文机构", "公开目录", "信息索引号"}
_SPACED = "|".join(sorted(("[\\s\u3000]*".join(label) for label in FORM_LABELS), key=len, reverse=True))
_FORM_LABEL = re.compile(rf"(?P<label>{_SPACED})[\s\u3000]*[:：]")
# a line that is only form cells: label：value pairs one after another (as `form_line` writes them,
# `索引号：…；主题分类：…。`, or as a browser copies the table, cells between tabs or wide spaces)
_FORM_START = re.compile(rf"^[\s\u3000]*(?:{_SPACED})[\s\u3000]*[:：]")
_BARE_LABEL = re.compile(rf"^[\s\u3000]*(?:{_SPACED})[\s\u3000]*[:：]?[\s\u3000]*$")
# a label and its value with no colon between (发文机关国务院 / 时效性 现行有效): short, no sentence in it
_GLUED = re.compile(rf"^[\s\u3000]*(?P<label>{_SPACED})[\s\u3000]*(?P<value>[^\s\u3000:：。，；！？,;][^:：。，；！？,;]{{0,39}})$")
FORM_VALUE_CHARS = 120
_FORM_LABEL_ONLY = re.compile(rf"[\s\u3000]*(?P<label>{_SPACED})")

# A label cell of a form: 索引号： / 发布机构： / 文号： / 发文日期：; or one of a notice page's own
# labels written without its colon (索 引 号 | 000014349/2026-01187 | 主题分类 | 对外贸易)
_LABEL_CELL = re.compile(rf"^(?:[^\d:：]{{1,10}}[:：]|{_SPACED})$")


def is_form(rows: list[list[str]]) -> bool:
    """A page's information table (索引号：| 0029…/2026-00031 | 发布机构：| 某某厅 …): label and
    value pairs, not rows of figures under a header."""
    labelled = [row for row in rows if row and _LABEL_CELL.match(row[0].strip())]
    return len(labelled) >= 2 and len(labelled) * 2 >= len(rows)


def _label(s: str) -> str:
    return re.sub(r"[\s\u3000:：]", "", s)


def form_labels(line: str) -> list[str]:
    """The form labels a line of form cells names, in order ([] when it is not such a line: it must
    open on a label, and what follows each label is a short value)."""
    s = line.strip()
    if "\t" in s and not _FORM_START.match(s):
        cells = _tab_cells(s)
        return [_label(c) for c in cells if _BARE_LABEL.match(c)] if cells else []
    if not _FORM_START.match(s) or len(s) > 6 * FORM_VALUE_CHARS:
        m = _BARE_LABEL.match(s) or _GLUED.match(s)
        return [_label(_FORM_LABEL_ONLY.match(s).group("label"))] if m else []
    found = list(_FORM_LABEL.finditer(s))
    ends = [m.start() for m in found[1:]] + [len(s)]
    if not all(_is_value(s[m.end():e]) for m, e in zip(found, ends)):
        return []  # a label opening a paragraph (标题：… then a long text) is no table cell
    return [_label(m.group("label")) for m in found]


def is_form_row(sentence: str) -> bool:
    """A sentence that is a row of a notice page's information table (`标　　题：…的通知。`,
    `索引号：…；主题分类：…。`, `发布日期：2026-12-10。`): labels with colons and short values only. For a
    drafter's candidate filter: such a row is the page's metadata, never news (`split_form` takes
    whole tables out of a body; this catches a row that reached one some other way)."""
    s = sentence.strip()
    return bool(_FORM_START.match(s)) and bool(form_labels(s))


def _is_value(v: str) -> bool:
    """A cell's value: short, no sentence in it (`form_line` ends the row with 。 or ；)."""
    v = v.strip().rstrip("。；;").strip()
    return len(v) <= FORM_VALUE_CHARS and not re.search(r"[。！？]", v)


def _tab_cells(s: str) -> list[str]:
    """Cells a browser copied between tabs, when they alternate label and value (索引号\t0001\t主题分类
    \t外贸); [] otherwise."""
    cells = [c.strip() for c in s.split("\t") if c.strip()]
    if len(cells) < 2 or not _BARE_LABEL.match(cells[0]) or not all(_is_value(c) for c in cells):
        return []
    return cells


def split_form(text: str) -> tuple[str, list[str]]:
    """(body, form): a notice page's information table taken out of its text. The table is what
    the page says about the document (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期,
    有效性), however a reader rendered it: `form_line` rows (`索引号：…；主题分类：…。`), cells a browser
    copied between tabs, or a label alone on its line with its value on the next. Only a run of such
    lines that names at least two labels, one of them a label only such a table uses (索引号, 发文字号,
    成文日期 …), is a form: a lone `发布日期：…` line stays where the byline reader finds it. Each form
    line comes back as `label：value；label：value`, the body without them."""
    lines = text.split("\n")
    runs: list[tuple[list[int], list[str]]] = []
    i = 0
    while i < len(lines):
        at: list[int] = []
        labels: list[str] = []
        glued = 0
        j = i
        while j < len(lines):
            s = lines[j].strip()
            if not s and at:
                j += 1
                continue
            got = form_labels(s)
            if got and _BARE_LABEL.match(s) and j + 1 < len(lines):
                # a label cell alone (索引号：), its value on the next non-empty line
                k = j + 1
                while k < len(lines) and not lines[k].strip():
                    k += 1
                value = lines[k].strip() if k < len(lines) else ""
                if value and len(value) <= FORM_VALUE_CHARS and not form_labels(value):
                    at += list(range(j, k + 1))
                    labels += got
                    j = k + 1
                    continue
                if value and form_labels(value):  # an empty cell (文　号 with no number): the next label
                    at.append(j)
                    labels += got
                    j += 1
                    continue
            if not got:
                break
            at += list(range(j, j + 1))
            labels += got
            glued += bool(_GLUED.match(s)) and not _FORM_START.match(s) and "\t" not in s
            j += 1
        # labels glued to their values (发文机关国务院) only in a table of at least three, a date or a
        # number among them: two lines that open on a label's words (有效性和针对性…) are text
        strict = glued and glued == len(at)
        if len(set(labels)) >= (3 if strict else 2) and set(labels) & _FORM_ONLY \
                and (not strict or any(re.search(r"\d", lines[n]) for n in at)):
            runs.append((at, labels))
            i = j
        else:
            i = max(j, i + 1)  # a run that is no form has no form inside it (its labels are fewer)
    if not runs:
        return text, []
    drop = {n for at, _ in runs for n in at}
    form: list[str] = []
    for at, _ in runs:
        form += _form_text([lines[n] for n in at])
    body = "\n".join(ln for n, ln in enumerate(lines) if n not in drop)
    return body, form


def _form_text(lines: list[str]) -> list[str]:
    """The run's cells as `label：value` pairs, one table row a line."""
    out: list[str] = []
    pending = ""
    for raw in lines:
        s = " ".join(raw.replace("\u3000", " ").split())
        if not s:
            continue
        if _BARE_LABEL.match(s) and form_labels(s):
            pending = _label(s) + "："
            continue
        if pending and not form_labels(s):
            out.append(pending + s.rstrip("。；;"))
            pending = ""
            continue
        pending = ""
        cells = _tab_cells(raw.strip()) if "\t" in raw and not _FORM_START.match(s) else []
        if cells:
            pairs, label = [], ""
            for c in cells:
                if _BARE_LABEL.match(c):
                    label = _label(c)
                    continue
                pairs.append(f"{label}：{c}" if label else c)
                label = ""
            out.append("；".join(pairs))
            continue
        glued = None if _FORM_START.match(s) else _GLUED.match(s)
        if glued:
            out.append(f"{_label(glued.group('label'))}：{glued.group('value').strip()}")
            continue
        found = list(_FORM_LABEL.finditer(s))
        ends = [m.start() for m in found[1:]] + [len(s)]
        pairs = [f"{_label(m.group('label'))}：{s[m.end():e].strip(' ；;|｜。')}" for m, e in zip(found, ends)]
        out.append("；".join(pairs))
    return out


def form_line(row: list[str]) -> str:
    """`发布机构：某某厅；主题分类：工业。`: each label with its value."""
    pairs: list[str] = []
    for cell in (c.strip() for c in row):
        if not cell:
            continue
        if pairs and _LABEL_CELL.match(pairs[-1]):
            # a label written without its colon (索 引 号 | 000019574…) gets one: the line reads as
            # the form it is (`split_form`), not as a label glued to its value
            label = pairs[-1] if pairs[-1].rstrip()[-1:] in ":：" else _label(pairs[-1]) + "："
            pairs[-1] = label + cell
        else:
            pairs.append(cell)
    return "；".join(pairs) + "。"


_YEAR_MONTH = re.compile(r"^((?:19|20)\d\d)\s?[.．/\-]\s?(0?[1-9]|1[0-2])$")


def _month_headers(row: list[str]) -> list[str]:
    """A first row whose only figures are months written 2027.01 (| 项目 | 单位 | 2027.01 | 2027.02 |) is a
    header of periods: 2027年1月, as the period reader and the draft write them."""
    figures = [c for c in row if is_number(c)]
    if not figures or not all(_YEAR_MONTH.match(c.strip()) for c in figures) or is_number(row[0]):
        return row
    return [f"{m.group(1)}年{int(m.group(2))}月" if (m := _YEAR_MONTH.match(c.strip())) else c for c in row]


def _is_header(row: list[str]) -> bool:
    return not any(is_number(c) for c in row)


def _is_subheader(row: list[str], header: list[str]) -> bool:
    """A second header row (| | 绝对量（亿元） | 同比增长（%） | 绝对量（亿元） | …) under a first whose
    merged cells left blanks (| 指标 | 11月 | | 1—11月 | |): no figure, no row label, and a blank
    above one of its cells, or a unit in one."""
    if len(row) != len(header) or not _is_header(row) or row[0].strip():
        return False
    cells = [(c.strip(), h.strip()) for c, h in zip(row[1:], header[1:])]
    # (or a row of periods under the indicators: | 发明专利授权量（件） | … | over | 1—11月 | 截至11月底 |)
    periods = [c for c, _ in cells if c]
    return any(c for c, _ in cells) and (any((c and not h) or split_unit(c)[1] for c, h in cells)
                                         or all(_PERIOD_CELL.match(c) for c in periods))


def _stacked(top: list[str], sub: list[str]) -> list[str]:
    """One header from two rows: a blank of the top row takes the merged cell to its left, then
    each column reads top then sub (`1—11月 绝对量（亿元）`); the first column keeps the top's label."""
    filled, last = [], ""
    for i, c in enumerate(top):
        last = c.strip() or (last if i else "")
        filled.append(last)
    # a period under an indicator reads first, the indicator's unit staying at the end
    return [filled[0]] + [" ".join(x for x in ((b.strip(), t) if _PERIOD_CELL.match(b.strip()) else (t, b.strip())) if x)
                          for t, b in zip(filled[1:], sub[1:])]


# a row label spaced out to the column's width (广 州, 全 省): one character a piece
_SPACED_LABEL = re.compile(r"^[\u3400-\u9fff](?:[ \u3000]+[\u3400-\u9fff])+$")


_UNIT_COLUMN = re.compile(r"^(?:计量)?单\s*位$")
_RATE_CHANGE_COLUMN = re.compile(r"(?:增速|增幅|增长率|比重|占比)\s*(?:变动|变化|增减)")
_CELL_UNIT = re.compile(r"^[＞>≥≤<＜约]?\s*\d[\d,.]*\s*([A-Za-z]{1,6}|[万亿]?[^\d\s%.,]{1,3})$")
# a bare figure, or a target written with its bound (＞45, ≥80, ≤1.25)
_BOUND_CELL = re.compile(r"^[＞>≥≤<＜]?\s*[-+−]?\d[\d,，]*(?:\.\d+)?$")


# a serial-number column and its cells (1, 2, （一）, 其中, 合计 or blank)
_SERIAL = re.compile(r"^(?:序\s*号|编\s*号|No\.?)$", re.I)
_SERIAL_CELL = re.compile(r"^(?:\d{1,3}|[（(]?[一二三四五六七八九十]{1,3}[)）]?|合计|总计|其中)?$")
_QUALIFIED_CELL = re.compile(r"^([-+−]?\d[\d,，]*(?:\.\d+)?)\s*(左右|以上|以下|以内|上下)$")


def _render_row(row: list[str], columns: list[tuple[str, str]], unit: str, unit_col: int | None = None) -> str:
    if not row:
        return ""
    label, row_unit = split_unit(row[0])
    if _SPACED_LABEL.match(label):
        label = re.sub(r"[ \u3000]+", "", label)
    # the row's cell under 单位 is the unit of its columns that state none (| 异地 | 亿件 | 181.2 |); a
    # column with its own (本期价格（元） beside | 吨 |: a price per tonne) keeps it, the cell as written
    own = row[unit_col].strip() if unit_col is not None and unit_col < len(row) else ""
    if not own or len(own) > 6 or re.search(r"\d", own) or not re.search(r"[A-Za-z%‰\u4e00-\u9fff]", own) or not any(
            not cu and not _RATE_COLUMN.search(n) for i, (n, cu) in enumerate(columns) if i and i != unit_col):
        own = ""
    # the unit the row's other figures carry in their cells (| 26EB | 33EB | ＞45 |): a bare target's
    carried = {m.group(1) for c in row[1:] if (m := _CELL_UNIT.match(c.strip()))}
    parts = []
    for i, cell in enumerate(row[1:], start=1):
        if not cell or (i == unit_col and own):
            continue
        name, col_unit = columns[i] if i < len(columns) else ("", "")
        # a rate column (同比增长（%）) keeps its unit even in a row labelled with a quantity unit;
        # the change of a rate (增速变动 比上月末) is in percentage points
        if not col_unit and _RATE_CHANGE_COLUMN.search(name):
            col_unit = "个百分点"
        elif not col_unit and _RATE_COLUMN.search(name):
            col_unit = "%"
        u = col_unit if col_unit in _RATES else (row_unit or col_unit or own or unit)
        if not u and len(carried) == 1 and _BOUND_CELL.match(cell.strip()):
            u = next(iter(carried))
        value = cell + u if (is_number(cell) or _BOUND_CELL.match(cell.strip())) and u and not _HAS_UNIT.search(cell) else cell
        if u and (q := _QUALIFIED_CELL.match(cell.strip())):
            value = q.group(1) + u + q.group(2)  # a target with its qualifier (| 88左右 | 400以上 |): 88%左右
        parts.append(f"{name} {value}" if name else value)
    if not parts:
        return label
    return (f"{label}：" if label else "") + "；".join(parts) + "。"
