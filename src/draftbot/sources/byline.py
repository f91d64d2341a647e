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

from pydantic import BaseModel

from .dates import dates_in_text, safe_date
from .meta_lines import COMMENTATOR
from .publishers import canonical_publisher, looks_like_publisher

HEAD, TAIL = 800, 400

_DATE = r"(\d{4}\s*(?:-|/|\.|年)\s*\d{1,2}\s*(?:-|/|\.|月)\s*\d{1,2}\s*日?)"
# Not preceded by another Han character: 资金来源：中央财政 is no byline.
# (the name ends its clause: an empty 来源： above a notice's salutation 各区人民政府，市政府各委、办、局： names none)
_SOURCE = re.compile(r"(?<![\u4e00-\u9fff])(?:(?:本文|文章|信息|稿件|新闻)?来\s*源(?:于|：|:)|(?:本文)?转(?:自|载自)\s*[:：]?)\s*[:：]?\s*([^\s　|｜，,。;；:：()（）【】\[\]]{2,24}+)(?![，,、])(?:\s*" + _DATE + r")?")
_SOURCE_TW = re.compile(r"(?<![\u4e00-\u9fff])(?:新聞|資料|文章)?來\s*源(?:於|：|:)\s*[:：]?\s*([^\s　|｜，,。;；:：()（）]{2,24})")
_SOURCE_EN = re.compile(r"(?m)(?:^|\s)Source\s*:\s*([A-Z][A-Za-z&.' ]{1,40}?)(?=\s*(?:$|[|,;(]|\d))")
# By Li Fangchao (China Daily) / 发布机构：市人民政府办公室 / 发文机关：山西省人民政府
_BY_PAPER = re.compile(r"(?m)^\s*By [A-Z][\w .'-]{1,40}\s+\(([A-Z][\w .&']{2,40})\)")
_ISSUER = re.compile(r"(?:发布|發布|发表|發表|发文)(?:单位|單位|机构|機構|机关|機關)\s*[:：]\s*([^\s　|｜，,。;；:：()（）]{2,24})")
_PUBLISHED = re.compile(r"(?:(发布|發布|发表|發表|更新|出版|发文|成文|公开|印发|印發|签发|簽發)|(?<![\u4e00-\u9fff]))(?:时间|時間|日期)\s*[:：]\s*" + _DATE)
# A notice's page states two dates: when the document was written or issued (成文日期, 发文日期) and when
# the page published it (发布日期, 发布时间). The news of the day is the publication: it comes first,
# an update time next, the document's own date only when the page states no other.
_DATE_LABEL_RANK = {"更新": 1, "发文": 2, "成文": 2, "印发": 2, "印發": 2, "签发": 2, "簽發": 2}
# 新华社北京5月9日电 / 中央社記者王小明台北10日電 / 路透北京5月9日电; a paper's own: 工人日报北京3月2日电,
# 本报北京10月20日电, 本报上海6月3日讯 (本报, "this paper", dates the text but names no publisher)
_WIRE = re.compile(
    r"(新华社|新華社|中新社|中央社|路透社?|法新社|美联社|本报|本報|[\u4e00-\u9fff]{2,8}?(?:日报|日報|晚报|晚報|时报|時報|商报|商報))"
    r"(?:记者|記者)?[^\s，。(（)）:：]{0,12}?(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:电|電|讯|訊)"
)
_THIS_PAPER = ("本报", "本報")
_AGENCY = r"(?P<agency>Reuters|AP|AFP|Bloomberg|Xinhua|Kyodo|Yonhap|dpa)"
_EN_WIRE = re.compile(r"\b[A-Z][A-Za-z .]{1,30},\s+(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})\s+\(" + _AGENCY + r"\)")
# BEIJING (Reuters) - / LONDON (AFP) —: the agency without a date; (Bloomberg) -- at the start of a
# paragraph: the agency without a place
_EN_WIRE_NODATE = re.compile(r"(?m)^\s*(?:[A-Z][A-Z .]{1,30}\s+)?\(" + _AGENCY + r"\)\s*[-–—:]")
_MONTH_NAMES = r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_REPORTER = re.compile(r"[（(]\s*(?:记者|記者|通讯员|實習記者|实习记者)[^）)]{1,30}[）)]")


def reporters(text: str) -> set[str]:
    """Names in （记者 张三 李四） bylines: never a publisher."""
    names: set[str] = set()
    for m in _REPORTER.finditer(text[:HEAD] + "\n" + text[-TAIL:]):  # noqa: the body's own bylines
        inner = re.sub(r"记者|記者|通讯员|实习|實習", " ", m.group(0)[1:-1])
        names.update(n for n in re.split(r"[\s　、,，]+", inner) if n)
    return names


class Byline(BaseModel):
    """What the byline / dateline zone says. `month_day` is a dateline's (month, day) when it
    wrote no year (`6月3日电`, `LONDON, Sept 9 (AFP)`); `said` is that text, for warnings."""

    publisher: str = ""
    publisher_kind: str = ""  # "source line" | "dateline"
    date: dt.date | None = None
    date_kind: str = ""  # "labelled" (来源/发布时间 line) | "dateline" | "date line" | "document" (成文日期/发文日期 only)
    month_day: tuple[int, int] | None = None
    said: str = ""


def from_byline(text: str, year_hint: int | None = None, head: str = "") -> tuple[str, dt.date | None]:
    """(publisher or "", date or None) found in the byline/dateline of `text`. `head` is the page
    text from the headline on, when the byline sits outside the extracted body (HTML)."""
    found = read_byline(text, head)
    date = found.date
    if date is None and found.month_day and year_hint:
        date = safe_date(f"{year_hint}-{found.month_day[0]}-{found.month_day[1]}")
    return found.publisher, date


def read_byline(text: str, head: str = "") -> Byline:
    zones = (head[:HEAD], text[:HEAD], text[-TAIL:] if len(text) > HEAD else "")
    out = Byline()
    for zone in zones:
        got = _scan(zone)
        if not out.publisher and got.publisher:
            out.publisher, out.publisher_kind = got.publisher, got.publisher_kind
        if got.date is not None and (out.date is None or (out.date_kind == "document" and got.date_kind == "labelled")):
            out.date, out.date_kind = got.date, got.date_kind  # a page's 发布日期 beats the document's 成文日期
        if out.month_day is None and got.month_day is not None:
            out.month_day, out.said = got.month_day, got.said
        if out.publisher and out.date and out.date_kind != "document":
            break
    return out


def _scan(zone: str) -> Byline:
    out = Byline()
    for rx in (_SOURCE, _SOURCE_TW, _SOURCE_EN, _BY_PAPER, _ISSUER):
        for m in rx.finditer(zone):
            name = canonical_publisher(_cut_label(m.group(1)))
            if looks_like_publisher(name) and not out.publisher:
                out.publisher, out.publisher_kind = name, "source line"
            if rx is _SOURCE and m.group(2) and out.date is None:
                out.date, out.date_kind = _ymd(m.group(2)), "labelled"
    m = _WIRE.search(zone)
    if m:
        if not out.publisher and m.group(1) not in _THIS_PAPER:
            name = m.group(1).rstrip("社") + "社" if m.group(1).startswith("路透") else m.group(1)
            out.publisher, out.publisher_kind = canonical_publisher(name), "dateline"
        if out.date is None:
            _dateline_date(out, m.group(2), m.group(3), m.group(4), m.group(0))
            out.date_kind = "dateline" if out.date else ""
    m = _EN_WIRE.search(zone) or _EN_WIRE_NODATE.search(zone)
    if m:
        if not out.publisher:
            out.publisher, out.publisher_kind = canonical_publisher(m.group("agency")), "dateline"
        month = _MONTHS.get((m.groupdict().get("month") or "")[:3].lower())
        if out.date is None and month:
            _dateline_date(out, None, str(month), m.group("day"), m.group(0))
    if not out.publisher:
        out.publisher = _agency_line(zone) or _name_date_line(zone)
        out.publisher_kind = "dateline" if out.publisher else ""
    if not out.publisher:
        out.publisher = _commentator(zone) or _printed_in(zone)
        out.publisher_kind = "paper line" if out.publisher else ""
    if out.date is None:
        out.date, out.date_kind = _labelled_date(zone)
    if out.date is None:
        out.date = _date_line(zone)
        out.date_kind = "date line" if out.date else ""
    return out


def _labelled_date(zone: str) -> tuple[dt.date | None, str]:
    """The date a `发布时间：` / `发布日期：` label gives, before an update time, before the document's
    own `成文日期：` / `发文日期：` (kind "document")."""
    found = [(_DATE_LABEL_RANK.get(m.group(1) or "", 0), m.start(), d) for m in _PUBLISHED.finditer(zone) if (d := _ymd(m.group(2)))]
    if not found:
        return None, ""
    rank, _, date = min(found, key=lambda f: f[:2])
    return date, "document" if rank == 2 else "labelled"


_NAME_END = re.compile(r"(?:报|報|社|网|網|局|台|委|部|署|办|厅|院|中心|新闻|日报|时报)$")
# a paper's page number after its name and date: 经济日报 2026年12月09日 第05版 / （05版） / 05 版
_PAGE_NO = re.compile(r"[（(]?\s*第?\s*\d{1,3}\s*版\s*[)）]?")


def _name_date_line(zone: str) -> str:
    """`经济日报　2025年06月14日`, `2019-10-14 13:48 中国新闻网`, `经济日报 2026年12月09日 第05版`,
    `《经济日报》（2026年12月09日 05版）`: a short line that is only a publication's name and a date or
    time (and a paper's page number)."""
    for line in zone.split("\n")[:12]:
        s = line.strip()
        if not s or len(s) > 40 or not dates_in_text(s):
            continue
        s = re.sub(_DATE, " ", s)  # the date first: its digits are no page number
        rest = [w for w in re.split(r"[\s　|｜/]+", re.sub(r"\d{1,2}:\d{2}(?::\d{2})?", " ", _PAGE_NO.sub(" ", s))) if w]
        rest = [w.strip("《》（）()") for w in rest if w.strip("《》（）()")]
        if len(rest) == 1 and 2 <= len(rest[0]) <= 16 and not re.search(r"[（）()《》【】\[\]:：，,。]", rest[0]) and _NAME_END.search(rest[0]) and looks_like_publisher(rest[0]):
            return canonical_publisher(rest[0])
    return ""


_COMMENTATOR = re.compile(r"(?m)^\s*" + COMMENTATOR)
# where a reprint says, on a line of its own, the text first ran: （原载《经济日报》2026年12月9日第5版） /
# 本文刊于12月9日《经济日报》 (a sentence of the text that mentions a paper is no such line; and
# （来源于《人民日报》） is a 来源 line)
_PRINTED_IN = re.compile(r"(?m)^\s*[（(【\[]?\s*(?:本文|此文)?(?:原载|原载于|原刊于|原刊|刊于|刊载于|刊发于|刊登于|载于|发表于|首发于)"
                         r"\s*[\d年月日\s]*《([^》\s]{2,16})》[^。！？\n]{0,24}?[）)】\]]?\s*$")
_PAPER_NAME = re.compile(r"(?:报|報|社|网|網|台|刊|杂志|新闻|新聞)$")


def _commentator(zone: str) -> str:
    """`《经济日报》评论员文章`, `经济日报评论员`, `人民日报社论`: a commentary's author line that names
    its paper (本报评论员 names none)."""
    for m in _COMMENTATOR.finditer(zone):
        name = canonical_publisher(m.group("outlet") or m.group("outlet2") or "")
        if name and looks_like_publisher(name):
            return name
    return ""


def _printed_in(zone: str) -> str:
    """The paper a reprint says the text first ran in (原载《经济日报》…)."""
    for m in _PRINTED_IN.finditer(zone):
        name = canonical_publisher(m.group(1))
        if _PAPER_NAME.search(name) and looks_like_publisher(name):
            return name
    return ""


_AGENCY_WORD = re.compile(r"\(?\b(Reuters|AFP|Xinhua|Bloomberg|AP|Kyodo|Yonhap)\b\)?")
_LINE_NOISE = re.compile(r"\b(?:Updated|Published|Posted|By)\b|\d{1,2}:\d{2}\s*(?:[AP]M)?|" + _MONTH_NAMES + r"[a-z]*\.?|\d+|[,|:()\-–—]")


def _agency_line(zone: str) -> str:
    """`(Xinhua) 16:38, August 14, 2020`, `Updated: Oct 19,2016 11:04 AM Xinhua`: a short line that is
    only an agency name with a date or time."""
    for line in zone.split("\n")[:12]:
        s = line.strip()
        m = _AGENCY_WORD.search(s)
        if not m or len(s) > 60:
            continue
        rest = _LINE_NOISE.sub(" ", _AGENCY_WORD.sub(" ", s)).split()
        if len(rest) <= 1:
            return canonical_publisher(m.group(1))
    return ""


def _dateline_date(out: Byline, year: str | None, month: str | None, day: str, said: str) -> None:
    if year and month:
        out.date = safe_date(f"{year}-{month}-{day}")
    elif month and out.month_day is None:
        try:
            out.month_day, out.said = (int(month), int(day)), said.strip()
        except ValueError:
            pass


# 发布 only as a label's start (发布时间, 发布于, 发布：): 新闻发布中心 is a name
_LABEL_TAIL = re.compile(r"(?:(?:发布|發布)(?=时间|時間|日期|于|於|[:：\s\d]|$)|时间|時間|作者|编辑|編輯|责任|責任|日期|浏览|瀏覽|阅读"
                         r"|閱讀|字号|点击).*$")


def _cut_label(name: str) -> str:
    """`国家统计局发布时间` (no space before the next label) -> `国家统计局`; `《中国证券报》` -> `中国证券报`."""
    name = _LABEL_TAIL.sub("", name).strip("《》〈〉\"“”'")
    return name


# A short line near the top that carries a full date: `2025-09-09 10:23 来源：…`, `( 2025-07-09 )`,
# `October 14, 2019`, `Updated: Oct 19,2016 11:04 AM`, `Xinhua, July 18, 2019`.
_EN_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s*(\d{4})\b|"
    r"\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})\b"
)
_SENTENCE_MARK = re.compile(r"[。！？；]|\w{3,}\. [A-Z]")


def _date_line(zone: str) -> dt.date | None:
    for line in zone.split("\n"):
        s = line.strip()
        if not s or len(s) > 80 or _SENTENCE_MARK.search(s):
            continue
        found = dates_in_text(s)
        if found:
            return found[0][1]
        m = _EN_DATE.search(s)
        if m:
            mon, day, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
            return safe_date(f"{year}-{_MONTHS[mon.lower()]}-{day}")
    return None


def _ymd(s: str) -> dt.date | None:
    nums = re.findall(r"\d+", s)
    return safe_date("-".join(nums[:3])) if len(nums) >= 3 else None


