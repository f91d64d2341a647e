"""One source's metadata from every layer that can say something, strongest first:

    sources.yaml entry > the file's own metadata (front matter, page meta, PDF/DOCX reading)
      > byline / dateline in the text > a signature at its end > the URL (date path, publisher
      domain) > sources.yaml "*"

Each field keeps the name of the layer it came from (`origin`). A value the file gives but that
cannot be right (a bad front-matter date) is held as a field error: fatal only when no stronger or
weaker layer supplies the field and the format requires it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .byline import Byline, read_byline, reporters
from .doc_head import signature
from .extracted import Extracted
from .publishers import (body_in_title, body_of_division, canonical_publisher, is_division, issuer_in_title,
                         looks_like_publisher, named_body, publisher_from_url)
from .sanity import body_warnings
from .dates import dates_in_text, safe_date
from .urls import date_from_url


def resolve(found: Extracted, defaults: dict[str, Any], entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(fields, origin) for one source. `origin["via"]`, when present, names the site a reprint was
    saved from (the publisher is the one the text credits)."""
    fields: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for key, value in entry.items():
        fields[key], origin[key] = value, "sources.yaml"
    for key, value in found.fields.items():
        if key not in fields:
            fields[key], origin[key] = value, found.origin.get(key, "file")
    # a PDF's or DOCX's own date is when it was printed or saved: the text's date comes first
    weak_date = (fields.pop("date"), origin.pop("date")) if origin.get("date") in AFTER_TEXT_DATES else None
    # what a writer typed (sources.yaml, front matter) stands as written; only page/file guesses are checked
    if fields.get("publisher") and origin.get("publisher") not in ("sources.yaml", "front matter"):
        _check_publisher(fields, origin, with_form(found), found.byline)
    site, site_origin = _site(fields, origin, found)
    if site and (not fields.get("publisher") or origin.get("publisher") in SITE_NAME_ORIGINS):
        fields["publisher"], origin["publisher"] = site, site_origin
    if not fields.get("publisher") or not fields.get("date") or origin.get("publisher") in SITE_NAME_ORIGINS or origin.get("date") == "signature date":
        _from_text_and_url(fields, origin, found)
    if origin.get("publisher") not in {*SITE_NAME_ORIGINS, "sources.yaml", "front matter"}:
        # a bare division is read against the site only as the page names it (not its address)
        _division_to_body(fields, origin, site if site_origin in PAGE_SITE_ORIGINS else "", site_origin)
    _issuer(fields, origin)
    if site and origin.get("publisher") not in SITE_NAME_ORIGINS and fields.get("publisher") not in (None, "", site):
        origin["via"] = site  # a reprint: credited publisher, and the site it was saved from
    if not fields.get("date") and weak_date is not None:
        fields["date"], origin["date"] = weak_date
    for key, value in defaults.items():
        if key not in fields:
            fields[key], origin[key] = value, "sources.yaml *"
    return fields, origin


def _issuer(fields: dict[str, Any], origin: dict[str, str]) -> None:
    """A notice is cited as the body that issued it, which its own title names (国务院办公厅关于…的
    若干措施), not the portal that carries it (中国政府网, 首都之窗): what the writer typed stands."""
    if origin.get("publisher") in ("sources.yaml", "front matter"):
        return
    body = issuer_in_title(str(fields.get("title") or ""))
    said = str(fields.get("publisher") or "")
    if body and said != body and not said.startswith(body):
        fields["publisher"] = body
        origin["publisher"] = f"title: the issuing body (the page names {said or 'no publisher'})"


def _division_to_body(fields: dict[str, Any], origin: dict[str, str], site: str, site_origin: str) -> None:
    """A 来源 naming a division of the site's body (国库司 on 财政部's site, 工业统计处 on a statistics
    bureau's, 省政府办公厅 on 安徽省人民政府's) is cited as the body: the site's name, or the office's
    full name when only its place was left out (安徽省人民政府办公厅). A 来源 that writes the body
    with the division below it (国家统计局某某调查总队价格调查处, 某某调查总队居民收支调查处) is cited
    as that body, whatever site the page is on. A bare division with no site (a DOCX) is cited as the
    body its title opens with (国家外汇管理局公布… under 来源：国际收支司)."""
    said = str(fields.get("publisher") or "")
    if not said:
        return
    body, titled = body_of_division(said, site), False
    if not body and is_division(said):  # no site to read it against (a DOCX): the body its title opens with
        body = body_in_title(str(fields.get("title") or ""))
        titled = bool(body)
    if body:
        fields["publisher"] = body
        how = "the body its title names" if titled else \
            f"of the site named by its {site_origin}" if body == site and body != named_body(said) else "its body"
        origin["publisher"] = f"{origin.get('publisher', 'file')}: {said}, {how}"


def _check_publisher(fields: dict[str, Any], origin: dict[str, str], text: str, byline_zone: str) -> None:
    """A page's author/editor name or a CMS id is not a publisher: drop it so later layers can fill."""
    name = canonical_publisher(str(fields["publisher"]))
    if not looks_like_publisher(name) or name in reporters(byline_zone + "\n" + text):
        del fields["publisher"], origin["publisher"]
    else:
        fields["publisher"] = name


# Where a *site's* name is seen, strongest first. A site names its own pages, but the 来源 line or
# dateline of a story it reprints beats it (the site is then the `via`).
SITE_RANK = {
    "logo": 1, "site header": 1, "letterhead": 1, "copyright footer": 1,
    "meta og:site_name": 2, "meta sitename": 2, "meta application-name": 2, "<title> suffix": 2,
    "url domain": 3,
}
SITE_NAME_ORIGINS = set(SITE_RANK)
# the site as the page names it (not guessed from the address): a 来源 division is read against these
PAGE_SITE_ORIGINS = SITE_NAME_ORIGINS - {"url domain"}
# A date that is the file's, not the text's: used only when the text has none, and always a warning.
WEAK_DATE_ORIGINS = {
    "PDF info": "the PDF's creation date (when it was printed or exported)",
    "DOCX created": "the DOCX's creation date (when the file was made)",
}

# htmldate guesses from the page's markup: a date the text states comes first (no warning: it is the page's)
AFTER_TEXT_DATES = {*WEAK_DATE_ORIGINS, "htmldate"}


def _site(fields: dict[str, Any], origin: dict[str, str], found: Extracted) -> tuple[str, str]:
    candidates = []
    if found.site:
        candidates.append((SITE_RANK.get(found.site_origin, 2), found.site, found.site_origin))
    if fields.get("publisher") and origin.get("publisher") in SITE_RANK:
        candidates.append((SITE_RANK[origin["publisher"]], fields["publisher"], origin["publisher"]))
    domain = publisher_from_url(fields.get("url"))
    if domain:
        candidates.append((3, domain, "url domain"))
    if not candidates:
        return "", ""
    _, name, where = min(candidates, key=lambda c: c[0])
    return name, where


def with_form(found: Extracted) -> str:
    """The body with the page's information table above it, as the page showed it: what the byline
    and date readers scan (the table's 发布机构 / 发布日期 / 成文日期 are the page's own metadata)."""
    return "\n".join([*found.form, found.text]) if found.form else found.text


def _from_text_and_url(fields: dict[str, Any], origin: dict[str, str], found: Extracted) -> None:
    text = with_form(found)
    url = fields.get("url")
    url_date = date_from_url(url)
    by = read_byline(text, found.byline)
    signer, signed = signature(found.text[-400:].split("\n"))
    if by.publisher and (not fields.get("publisher") or origin.get("publisher") in SITE_NAME_ORIGINS):
        fields["publisher"], origin["publisher"] = by.publisher, "byline"
    elif signer and (not fields.get("publisher") or origin.get("publisher") in SITE_NAME_ORIGINS - {"letterhead"}):
        fields["publisher"], origin["publisher"] = signer, "signature"
    if origin.get("date") == "signature date" and by.date and by.date_kind == "labelled" and by.date >= fields["date"]:
        # a printed notice page: its 发布时间 line (the day it was published) beats the signing day
        fields["date"], origin["date"] = by.date, "byline"
    if fields.get("date"):
        return
    if by.date:
        fields["date"], origin["date"] = by.date, "byline"
    elif by.month_day and (dated := _with_year(by, url_date, found)):
        fields["date"], origin["date"] = dated
    elif signed:
        fields["date"], origin["date"] = signed, "signature date"
    elif url_date:
        fields["date"], origin["date"] = url_date, "url path"


def _with_year(by: Byline, url_date: dt.date | None, found: Extracted) -> tuple[dt.date, str] | None:
    """A month-day dateline's year: the page address's date, else the full date written nearest to
    the dateline in the file, else the file's modification year. The origin says which."""
    month, day = by.month_day or (0, 0)
    if url_date:
        return _on(url_date.year, month, day, "dateline, year from the page address")
    near = _nearest_full_date(found.byline + "\n" + with_form(found), by.said)
    if near is not None:
        return _on(near.year, month, day, f"dateline, year from {near.isoformat()} written in the file")
    own = found.fields.get("date") if found.origin.get("date") in WEAK_DATE_ORIGINS else None
    if isinstance(own, dt.date):
        return _on(own.year, month, day, f"dateline, year from the file's own date ({found.origin['date']})")
    if found.file_year:
        return _year_from_file(found, by, month, day)
    return None


# A page saved within this many days after its dateline was saved the year it was published
# (a writer saving the day's news); a copied or unpacked file's time says nothing of the year.
FRESH_DAYS = 14
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?:星期|礼拜|周)([一二三四五六日天])")
_WEEKDAY_NO = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _year_from_file(found: Extracted, by: Byline, month: int, day: int) -> tuple[dt.date, str] | None:
    """The file's year, unless the file was not saved within days of the dateline: then the latest
    year, not after the file's, in which the dateline falls on the weekday its lead names
    (`LONDON, Jun 18 (AFP) - … data showed Wednesday`)."""
    year = found.file_year
    saved = _on(year, month, day, "")
    fresh = saved and found.file_date and 0 <= (found.file_date - saved[0]).days <= FRESH_DAYS
    weekday = None if fresh else _named_weekday(found.byline + "\n" + with_form(found), by.said)
    if weekday is not None:
        for y in range(year, year - 7, -1):
            d = safe_date(f"{y}-{month}-{day}")
            if d and d.weekday() == weekday:
                return d, f"dateline, year from its weekday ({_WEEKDAY_EN[weekday]}) and the file's modification time"
    return _on(year, month, day, "dateline, year from the file's modification time")


def _named_weekday(text: str, said: str) -> int | None:
    """The first weekday the lead names after the dateline (0 = Monday), or None."""
    at = max(text.find(said), 0) if said else 0
    m = _WEEKDAY.search(text, at, at + 600)
    if m is None:
        return None
    return _WEEKDAY_EN.index(m.group(1)) if m.group(1) else _WEEKDAY_NO[m.group(2)]


def _on(year: int, month: int, day: int, where: str) -> tuple[dt.date, str] | None:
    d = safe_date(f"{year}-{month}-{day}")
    return (d, where) if d else None


def _nearest_full_date(text: str, said: str) -> dt.date | None:
    at = max(text.find(said), 0) if said else 0
    found = [(abs(off - at), d) for off, d in dates_in_text(text[:20000])]
    return min(found, key=lambda x: x[0])[1] if found else None


def source_warnings(fields: dict[str, Any], origin: dict[str, str], found: Extracted) -> list[str]:
    """What a writer should look at before trusting this source in a draft."""
    out = list(found.warnings)
    if origin.get("title") == "first sentence":
        out.append(f"no title line: the title is the text's first sentence ('{fields.get('title')}'); set one in sources.yaml")
    date_origin = origin.get("date", "")
    if fields.get("date") and date_origin in WEAK_DATE_ORIGINS:
        out.append(f"date {fields['date']} is {WEAK_DATE_ORIGINS[date_origin]}: no date found in the text")
    elif fields.get("date") and date_origin.startswith("dateline, year from") and "page address" not in date_origin:
        out.append(f"date {fields['date']}: the dateline gives only month and day; the {date_origin.removeprefix('dateline, ')}")
    if not fields.get("date"):
        out.append("no date (add one in sources.yaml, or it never reaches a day's draft)")
    publisher = str(fields.get("publisher") or "")
    if not publisher:
        out.append(_no_publisher(found.byline + "\n" + with_form(found)))
    elif not looks_like_publisher(publisher):
        out.append(f"publisher '{publisher}' looks like a person or an id")
    if fields.get("lang") == "en" and not any("\u4e00" <= c <= "\u9fff" for c in str(fields.get("summary") or "")):
        out.append("English with no Chinese summary")
    if not found.front_matter:  # an extracted body (page, PDF, DOCX) may be the wrong text; a writer's own is not
        out += body_warnings(str(fields.get("title") or ""), found.text)
    return out


# 本报评论员 / 本报记者 张三 / 本报北京12月8日电 / 本报讯 / 本社评论员: the text speaks for a paper it never names
_THIS_PAPER_SAYS = re.compile(r"(本报|本報|本社)(评论员|評論員|特约评论员|记者|記者|通讯员|讯|訊|[\u4e00-\u9fff]{2,6}\d{1,2}月\d{1,2}日电)")


def _no_publisher(text: str) -> str:
    """The warning for a source nothing names a publisher of: when the text says 本报评论员 /
    本报记者 (a paper's commentary or story saved without its masthead), say so and what to do."""
    m = _THIS_PAPER_SAYS.search(text[:2000]) or _THIS_PAPER_SAYS.search(text[-1000:])
    if m:
        return (f"no publisher: the text says '{m.group(0)}' (a paper's own words) but names no paper; "
                "set publisher in sources.yaml")
    return "no publisher (set one in sources.yaml)"
