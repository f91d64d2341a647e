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
