"""The reference list: numbering, one line per source written from the brief's `references.line`
template, and the same template read back.

Reading a line: the template is turned into a pattern (its placeholders become fields, its literal
text must stand between them, width and spacing do not matter, a trailing full stop may be missing).
A line the template does not fit (an editor's own wording) falls back to a tolerant reading:
number, publisher, 《title》 or the first field that is neither a date nor a usage note, date, usage,
URL anywhere.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass

from draftbot.briefing.marks import REF_NUMBER, ref_number
from draftbot.display import unescape_markup
from draftbot.models import Reference
from draftbot.text.normalize import normalize_width

UNKNOWN_PUBLISHER = "发布者不详"
UNKNOWN_DATE = "日期不详"
DEFAULT_USAGE = "用于背景参考"
# Headings that always open the reference list, whatever the brief calls it (hand-made drafts).
STANDARD_HEADINGS = ("参考文献", "参考资料", "references", "sources")

_URL = re.compile(r"<?(https?://[^\s<>，,）)]+)>?")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_TRIM = " \t，,、；;：:。.！!？?）)】]”\"'"
_FIELDS = ("n", "publisher", "title", "date", "usage")


@dataclass
class RefLine:
    n: int
    line: str
    title: str
    publisher: str = ""
    date: str = ""  # ISO when it parsed as a date, else as written
    usage: str = ""
    url: str | None = None
    bracketed: bool = True  # the title is certain (《》, the brief's template, or the only candidate)


# what a reference was used for, when neither the writer (front matter `usage`) nor the model said
BACKGROUND_USAGE = "用于背景"
_TYPE_USAGE = {"wire": "用于补充通讯社报道", "newspaper": "用于补充媒体报道", "notice": "用于说明政策要点"}
_YEAR = re.compile(r"^\s*\d{4}\s*年(?!度)")
# where a release title's indicator ends: its direction verb or its figure (…增加值增长5.9%)
_INDICATOR_END = re.compile(r"(?:同比|环比|比上年|比上月|累计)?(?:实际|名义)?(?:增长|增速|上涨|下降|下跌|回落|回升|"
                            r"上升|持平|达到|突破|超过|创|为(?=[-−+]?\d))|[-−+]?\d+(?:\.\d+)?\s*(?:%|％|个百分点|倍|万|亿)")
_REPORT_SUFFIX = re.compile(r"(?:的)?(?:运行)?(?:情况|数据|统计数据|快报|公报)$")
_PUBLISHER_LEAD = re.compile(r"^[^：:]{2,12}[：:]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def indicator_of(title: str) -> str:
    """The indicator a data release's title names: 2026年6月份规模以上工业增加值增长5.9% ->
    6月份规模以上工业增加值; 2026年6月汽车工业产销情况 -> 6月汽车工业. Empty when it names none."""
    t = _PUBLISHER_LEAD.sub("", normalize_width(title).strip())
    t = _YEAR.sub("", t)
    if not _CJK.search(t):
        return ""
    m = _INDICATOR_END.search(t)
    core = t[: m.start()] if m else (t if _REPORT_SUFFIX.search(t) else "")
    core = _REPORT_SUFFIX.sub("", core.strip(" ，,：:、"))
    return core if 2 <= len(core) <= 24 else ""


def default_usage(source_type: str, title: str, cited_figures: bool) -> str:
    """A reference's purpose without a writer's or model's: a data release whose figures the
    section cites is there to check them (用于核验<indicator>数据); a background source is
    background; a wire, newspaper or notice supplements."""
    if source_type == "background":
        return BACKGROUND_USAGE
    if source_type == "release":
        ind = indicator_of(title)
        if cited_figures:
            return f"用于核验{ind}数据" if ind else "用于核验相关数据"
        return f"用于说明{ind}情况" if ind else "用于说明发布内容"
    return _TYPE_USAGE.get(source_type, DEFAULT_USAGE)


def clean_usage(text: str | None, limit: int = 30) -> str:
    """A purpose as a reference line can hold it: one line, starting 用于, within `limit` characters,
    no template punctuation that would split the line's fields. Empty when it is not one."""
    t = " ".join((text or "").split()).strip(_TRIM)
    t = re.sub(r"[，,。；;《》\[\]【】]", "", t)
    return t if t.startswith("用于") and 3 <= len(t) <= limit else ""


def render_line(template: str, ref: Reference) -> str:
    usage = (ref.usage or DEFAULT_USAGE).strip().rstrip("。.；;，, ")
    return template.format(
        n=ref.n,
        publisher=ref.publisher or UNKNOWN_PUBLISHER,
        title=ref.title.strip("《》"),
        date=ref.date.isoformat() if ref.date else UNKNOWN_DATE,
        usage=usage,
    )


def is_reference_heading(heading: str, brief_heading: str | None = None) -> bool:
    key = heading.strip().lower().rstrip(" 0123456789\t")
    heads = (*STANDARD_HEADINGS, brief_heading.strip().lower()) if brief_heading else STANDARD_HEADINGS
    return any(h and key.startswith(h) for h in heads)


@functools.lru_cache(maxsize=32)
def template_pattern(template: str) -> re.Pattern:
    """`{n}. {publisher}，《{title}》，{date}，{usage}。` -> a pattern with those named groups, matched
    against width-normalised text. The title is greedy (a title may hold the template's separators,
    e.g. 《…（试行）》), every other field as short as possible."""
    parts = [r"^\s*(?:[-*+]\s+)?"]
    pieces = list(string.Formatter().parse(template))
    for i, (literal, field, _, _) in enumerate(pieces):
        lit = normalize_width(literal).strip()
        if i == len(pieces) - 1 and field is None:
            lit = lit.rstrip("。.")  # a trailing full stop is often dropped by hand
        parts.append(r"\s*" + r"\s*".join(re.escape(ch) for ch in lit if not ch.isspace()) + r"\s*" if lit else r"\s*")
        if field is None:
            continue
        if field == "n":
            parts.append(r"(?P<n>\d+)")
        elif field == "title":
            parts.append(r"(?P<title>.+)")
        elif field in _FIELDS:
            parts.append(rf"(?P<{field}>.+?)")
    parts.append(r"[。.]?\s*$")
    return re.compile("".join(parts))


def parse_line(line: str, template: str | None = None) -> RefLine | None:
    """A reference line as fields, or None when it carries no number."""
    raw = line.strip()
    body, url = _take_url(raw)
    body = unescape_markup(body)  # a title the Markdown renderer escaped reads as written
    if template:
        ref = _by_template(raw, body, url, template)
        if ref is not None:
            return ref
    got = ref_number(body)
    if got is None:
        return None
    n, rest = got
    return parse_reference(n, rest, raw, url)


def _take_url(line: str) -> tuple[str, str | None]:
    um = _URL.search(line)
    if not um:
        return line, None
    return (line[: um.start()] + line[um.end():]).strip(), um.group(1).rstrip(".。")


def _by_template(raw: str, body: str, url: str | None, template: str) -> RefLine | None:
    m = template_pattern(template).match(normalize_width(body))
    if not m:
        return None
    fields = {k: body[m.start(k): m.end(k)].strip() for k, v in m.groupdict().items() if v is not None}
    if "n" in fields:
        n = int(fields["n"])
    else:
        got = REF_NUMBER.match(body)
        if not got:
            return None
        n = int(got.group(1) or got.group(2) or got.group(3))
    date = fields.get("date", "").strip(_TRIM)
    dm = _DATE.match(normalize_width(date))
    if dm:
        date = f"{int(dm.group(1)):04d}-{int(dm.group(2)):02d}-{int(dm.group(3)):02d}"
    elif date == UNKNOWN_DATE:
        date = ""
    publisher = fields.get("publisher", "").strip(_TRIM)
    return RefLine(n=n, line=raw, title=fields.get("title", "").strip("《》“”\" "),
                   publisher="" if publisher == UNKNOWN_PUBLISHER else publisher, date=date,
                   usage=fields.get("usage", "").strip(_TRIM), url=url, bracketed=True)


def parse_reference(n: int, body: str, line: str, url: str | None = None) -> RefLine:
    """Tolerant fields of one reference line after its number (for lines no template fits)."""
    body = unescape_markup(body.strip()).rstrip("。.")
    if url is None:
        body, url = _take_url(body)
    tm = re.search(r"《(.+?)》", body)
    title = ""
    bracketed = True
    if tm:
        title = tm.group(1)
        before, after = body[: tm.start()], body[tm.end():]
        publisher = before.strip(_TRIM + " ")
        rest = [f.strip() for f in re.split(r"[，,]", after) if f.strip(_TRIM)]
    else:
        fields = [f.strip() for f in _split_fields(body) if f.strip(_TRIM)]
        publisher = fields[0].strip(_TRIM) if len(fields) > 1 else ""
        rest = fields[1:] if len(fields) > 1 else fields
        # the title is the first field that is neither a date nor a usage note
        for i, f in enumerate(rest):
            if not _DATE.match(normalize_width(f)) and not f.startswith("用于"):
                title = f.strip(_TRIM)
                rest = rest[:i] + rest[i + 1:]
                break
        bracketed = False
    date = usage = ""
    for f in rest:
        f = f.strip(_TRIM + " ")
        dm = _DATE.match(normalize_width(f))
        if dm and not date:
            date = f"{int(dm.group(1)):04d}-{int(dm.group(2)):02d}-{int(dm.group(3)):02d}"
        elif f and not usage:
            usage = f
    return RefLine(n=n, line=line.strip(), title=title.strip(), publisher=publisher, date=date, usage=usage,
                   url=url, bracketed=bracketed)


def _split_fields(body: str) -> list[str]:
    """Split on commas outside quotes (an English title may hold a comma inside "…")."""
    out, cur, quote = [], [], False
    for ch in body:
        if ch in "\"“”":
            quote = not quote if ch == '"' else ch == "“"
        if ch in ",，" and not quote:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out
