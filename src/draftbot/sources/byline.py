"""Publisher and date from the byline / dateline written in the body text.

Looked for in the first and last few hundred characters only (a byline sits at the top or the
bottom; a date deep inside the text is usually a figure's period, not the release day):

    来源：人民日报            本文来源于北京商报 2024-05-20 09:47      发布时间：2024-05-20 09:47
    新华社北京5月9日电         （中央社記者王小明台北10日電）             BEIJING, May 9 (Reuters) -
    （记者 张三）  — marks a byline line; a reporter is never the publisher.

A dateline without a year (5月9日电) takes the year of another date found for the same document
(`year_hint`), and is dropped when there is none.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import safe_date
from .publishers import canonical_publisher, looks_like_publisher

HEAD, TAIL = 800, 400

_DATE = r"(\d{4}\s*(?:-|/|\.|年)\s*\d{1,2}\s*(?:-|/|\.|月)\s*\d{1,2}\s*日?)"
# Not preceded by another Han character: 资金来源：中央财政 is no byline.
_SOURCE = re.compile(r"(?<![\u4e00-\u9fff])(?:本文|文章|信息|稿件|新闻)?来\s*源(?:于|：|:)\s*[:：]?\s*([^\s　|｜，,。;；:：()（）【】\[\]]{2,24})(?:\s*" + _DATE + r")?")
_SOURCE_TW = re.compile(r"(?<![\u4e00-\u9fff])(?:新聞|資料|文章)?來\s*源(?:於|：|:)\s*[:：]?\s*([^\s　|｜，,。;；:：()（）]{2,24})")
_PUBLISHED = re.compile(r"(?:(?:发布|發布|发表|發表|更新|出版)|(?<![\u4e00-\u9fff]))(?:时间|時間|日期)\s*[:：]\s*" + _DATE)
# 新华社北京5月9日电 / 中央社記者王小明台北10日電 / 路透北京5月9日电
_WIRE = re.compile(
    r"(新华社|新華社|中新社|中央社|路透社?|法新社|美联社)(?:记者|記者)?[^\s，。(（)）]{0,12}?"
    r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:电|電)"
)
_EN_WIRE = re.compile(r"\b([A-Z][A-Za-z .]{1,30}),\s+([A-Z][a-z]{2,8})\.?\s+(\d{1,2})\s+\((Reuters|AP|AFP|Bloomberg|Xinhua)\)")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_REPORTER = re.compile(r"[（(]\s*(?:记者|記者|通讯员|實習記者|实习记者)[^）)]{1,30}[）)]")


def reporters(text: str) -> set[str]:
    """Names in （记者 张三 李四） bylines: never a publisher."""
    names: set[str] = set()
    for m in _REPORTER.finditer(text[:HEAD] + "\n" + text[-TAIL:]):  # noqa: the body's own bylines
        inner = re.sub(r"记者|記者|通讯员|实习|實習", " ", m.group(0)[1:-1])
        names.update(n for n in re.split(r"[\s　、,，]+", inner) if n)
    return names


def from_byline(text: str, year_hint: int | None = None, head: str = "") -> tuple[str, dt.date | None]:
    """(publisher or "", date or None) found in the byline/dateline of `text`. `head` is the page
    text from the headline on, when the byline sits outside the extracted body (HTML)."""
    zones = (head[:HEAD], text[:HEAD], text[-TAIL:] if len(text) > HEAD else "")
    publisher, date = "", None
    for zone in zones:
        p, d = _scan(zone, year_hint)
        publisher = publisher or p
        date = date or d
        if publisher and date:
            break
    return publisher, date


def _scan(zone: str, year_hint: int | None) -> tuple[str, dt.date | None]:
    publisher, date = "", None
    for rx in (_SOURCE, _SOURCE_TW):
        for m in rx.finditer(zone):
            name = canonical_publisher(m.group(1))
            if looks_like_publisher(name) and not publisher:
                publisher = name
            if rx is _SOURCE and m.group(2) and date is None:
                date = _ymd(m.group(2))
    m = _WIRE.search(zone)
    if m:
        publisher = publisher or canonical_publisher(m.group(1).rstrip("社") + "社" if m.group(1).startswith("路透") else m.group(1))
        if date is None:
            date = _partial(m.group(2), m.group(3), m.group(4), year_hint)
    m = _EN_WIRE.search(zone)
    if m:
        publisher = publisher or canonical_publisher(m.group(4))
        month = _MONTHS.get(m.group(2)[:3].lower())
        if date is None and month:
            date = _partial(None, str(month), m.group(3), year_hint)
    if date is None:
        m = _PUBLISHED.search(zone)
        if m:
            date = _ymd(m.group(1))
    return publisher, date


def _ymd(s: str) -> dt.date | None:
    nums = re.findall(r"\d+", s)
    return safe_date("-".join(nums[:3])) if len(nums) >= 3 else None


def _partial(year: str | None, month: str | None, day: str, year_hint: int | None) -> dt.date | None:
    y = int(year) if year else year_hint
    if y is None or month is None:
        return None
    return safe_date(f"{y}-{month}-{day}")
