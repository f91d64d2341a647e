"""Date strings as writers and CMSs write them -> datetime.date.

Accepted (whole string, surrounding spaces ignored): ISO `2024-05-11` with an optional time part
(`T08:30:00+08:00`, ` 09:47`, and the TRS form `2007-08-20-23:59:59`), `2024/5/11`, `2024.05.11`,
`2024年5月11日` (with an optional time after it), `20240511`, RFC 822 / RSS
`Sat, 11 May 2024 08:30:00 +0800`, and English `May 11, 2024` / `11 May 2024`.

A date is taken as written (an RFC 822 date keeps its own day, not converted to UTC): a release
dated in Beijing belongs to that Beijing day.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_tz
from typing import Any

_NUMERIC = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[T\s]|-(?=\d{1,2}:)).*)?$"),
    re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:\s+\d{1,2}:\d{2}.*)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\d{1,2}[:：]\d{2}.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$"),
)
_LETTER = re.compile(r"[A-Za-z]")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_EN_MDY = re.compile(r"^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_EN_DMY = re.compile(r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})\b")


def parse_date(value: Any) -> dt.date | None:
    """The date `value` names; None when it is not date-shaped; ValueError when date-shaped but
    impossible (2026-02-30), so callers can say which."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    for pattern in _NUMERIC:
        m = pattern.match(s)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    return _english(s)


def _english(s: str) -> dt.date | None:
    if not _LETTER.search(s[:12]):
        return None
    parts = parsedate_tz(s)  # RFC 822 / 2822: keeps the written day and ignores the zone
    if parts is not None and parts[0] > 0:
        return dt.date(parts[0], parts[1], parts[2])
    m = _EN_MDY.match(s)
    if m and m[1].lower() in _MONTHS:
        return dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    m = _EN_DMY.match(s)
    if m and m[2].lower() in _MONTHS:
        return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return None


def safe_date(value: Any) -> dt.date | None:
    """parse_date for machine-written values: impossible or out-of-range dates are ignored."""
    try:
        d = parse_date(value)
    except (ValueError, OverflowError):
        return None
    return d if d is not None and 1990 <= d.year <= 2100 else None


# A date written inside running text: 2024年5月20日, 2024-05-20, 2024/05/20, 2024.05.20.
_IN_TEXT = re.compile(
    r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))"
)
# A Chinese date with its year written in characters, as on signatures: 二〇二四年五月二十日.
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def dates_in_text(text: str) -> list[tuple[int, dt.date]]:
    """(offset, date) for every valid date written in `text`, in order."""
    out = []
    for m in _IN_TEXT.finditer(text):
        y, mo, d = m[1], m[2] or m[4], m[3] or m[5]
        found = safe_date(f"{y}-{mo}-{d}")
        if found:
            out.append((m.start(), found))
    for m in _CN_DATE.finditer(text):
        try:
            y = int("".join(str(_CN_DIGITS[c]) for c in m[1]))
            found = dt.date(y, _cn_small(m[2]), _cn_small(m[3]))
        except (KeyError, ValueError):
            continue
        out.append((m.start(), found))
    return sorted(out)


def _cn_small(s: str) -> int:
    """一 .. 三十一 -> 1 .. 31."""
    if "十" not in s:
        return _CN_DIGITS[s]
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
