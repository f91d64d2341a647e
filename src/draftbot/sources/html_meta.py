"""Metadata a saved page carries: CMS meta tags (TRS `ArticleTitle`/`PubDate`/`ContentSource`,
`firstpublishedtime`), Open Graph, JSON-LD, `<time>`, `<title>`/`<h1>`, canonical link.

Meta names are compared lower-cased; the first key in each list that has a usable value wins, and
its name is the field's origin ("meta pubdate"). `author` is never read as the publisher: on
portals it holds the editor's name. When no tag dates the page, htmldate looks (fast mode only:
its extensive search picks up dates of other articles in sidebars).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .dates import safe_date
from .meta import clean_fields
from .publishers import canonical_publisher, looks_like_publisher, publisher_from_url
from .site_names import clean_site, site_from_footer
from .titles import site_suffix, strip_site_suffix

_DIGITS = re.compile(r"\d{3}")

_TITLE_KEYS = ("articletitle", "og:title", "twitter:title", "title", "dc.title", "headline")
_DATE_KEYS = (
    "pubdate", "publishdate", "firstpublishedtime", "article:published_time", "og:published_time",
    "og:release_date", "datepublished", "publication_date", "dc.date.issued", "dc.date", "date",
)
_PUBLISHER_KEYS = ("contentsource", "source", "publisher", "dc.publisher", "og:site_name", "sitename", "application-name")
_URL_KEYS = ("og:url", "url")


def page_metadata(tree: Any) -> tuple[dict[str, Any], dict[str, str]]:
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    raw: dict[str, Any] = {}
    origin: dict[str, str] = {}

    def put(field: str, value: Any, where: str) -> None:
        if field not in raw and value:
            raw[field], origin[field] = value, where

    for key in _TITLE_KEYS:
        put("title", strip_site_suffix(meta.get(key, "")), f"meta {key}")
    put("title", strip_site_suffix(ld.get("headline", "")), "json-ld headline")
    put("title", _title_tag(tree), "<title>")
    h1 = _h1(tree)
    if len(h1) >= 6 and raw.get("title", "") != h1 and raw.get("title", "").startswith(h1) \
            and _SUFFIX_START.match(raw["title"], len(h1)):
        # the page title is the headline plus a suffix no rule knew: take the headline (not when
        # the <h1> is a banner's site name the title merely begins with: 嘉兴市人民政府 over
        # 嘉兴市人民政府办公室关于印发…的通知)
        del raw["title"]
    put("title", h1, "<h1>")
    for key in _DATE_KEYS:
        put("date", safe_date(meta.get(key)), f"meta {key}")
    put("date", safe_date(ld.get("datePublished")), "json-ld datePublished")
    for t in tree.iter("time"):
        put("date", safe_date(t.get("datetime") or t.text_content()), "<time>")
    for key in _PUBLISHER_KEYS:
        name = canonical_publisher(meta.get(key, ""))
        if key == "og:site_name":  # JSON-LD's publisher names the organisation, not the site
            put("publisher", canonical_publisher(ld.get("publisher", "")), "json-ld publisher")
        put("publisher", name if looks_like_publisher(name) else "", f"meta {key}")
    put("publisher", canonical_publisher(ld.get("publisher", "")), "json-ld publisher")
    for key in _URL_KEYS:
        put("url", meta.get(key, "") if meta.get(key, "").startswith("http") else "", f"meta {key}")
    put("url", _canonical(tree), "canonical link")
    lang = (tree.get("lang") or meta.get("language") or "").strip().lower()
    put("lang", "zh" if lang.startswith("zh") else lang.split("-")[0], "<html lang>")
    put("summary", meta.get("description", ""), "meta description")
    put("keywords", meta.get("keywords", ""), "meta keywords")
    if "date" not in raw:
        put("date", _htmldate(tree), "htmldate")
    fields = clean_fields(raw, "html metadata", errors={})
    return fields, {k: v for k, v in origin.items() if k in fields}


def _meta_tags(tree: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if key and content and key not in meta:
            meta[key] = content
    return meta


def _json_ld(tree: Any) -> dict[str, str]:
    """headline / datePublished / publisher name from the first JSON-LD article object."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        for obj in _objects(data):
            if obj.get("headline") or obj.get("datePublished"):
                pub = obj.get("publisher")
                name = pub.get("name", "") if isinstance(pub, dict) else pub if isinstance(pub, str) else ""
                return {"headline": str(obj.get("headline") or ""), "datePublished": str(obj.get("datePublished") or ""), "publisher": str(name or "")}
    return {}


def _objects(data: Any) -> list[dict]:
    if isinstance(data, list):
        return [o for item in data for o in _objects(item)]
    if isinstance(data, dict):
        return [data, *_objects(data.get("@graph", []))]
    return []


_SUFFIX_START = re.compile(r"\s*[-_|｜—–·:：«»<>/\\]")


def _title_tag(tree: Any) -> str:
    t = tree.find(".//title")
    return strip_site_suffix(t.text_content()) if t is not None else ""


def _h1(tree: Any) -> str:
    h1 = tree.find(".//h1")
    return " ".join(h1.text_content().split()) if h1 is not None else ""


def _canonical(tree: Any) -> str:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and (link.get("href") or "").startswith("http"):
            return link.get("href")
    return ""


def _htmldate(tree: Any):
    """Without the URL: a date in the URL ranks below the byline, and is looked at later."""
    try:
        from copy import deepcopy

        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(deepcopy(tree), original_date=True, extensive_search=False)
    except Exception:  # htmldate is best effort; a page it cannot read still loads
        return None
    return safe_date(found)


_LOGO = re.compile(r"logo|brand|site-?name|masthead", re.I)
_FOOT = re.compile(r"foot|copyright|bottom|bq_|banquan", re.I)


def page_site(tree: Any) -> tuple[str, str]:
    """(the site's own name, where it was seen): its logo, its copyright footer, its <title> suffix."""
    for el in tree.iter():
        if not isinstance(el.tag, str) or not _LOGO.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            continue
        for text in (el.get("title"), el.get("alt"), *(img.get("alt") for img in el.iter("img")), el.text_content()):
            name = clean_site(text or "")
            if 2 <= len(name) <= 20 and looks_like_publisher(name) and not _DIGITS.search(name):
                return name, "logo"
    footer_lines: list[str] = []
    for el in tree.iter():
        if isinstance(el.tag, str) and (el.tag == "footer" or _FOOT.search(f"{el.get('class') or ''} {el.get('id') or ''}")):
            footer_lines += [ln for ln in el.text_content().split("\n") if ln.strip()]
    name = site_from_footer(footer_lines)
    if name:
        return name, "copyright footer"
    t = tree.find(".//title")
    suffix = clean_site(site_suffix(t.text_content())) if t is not None else ""
    if re.fullmatch(r"[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+", suffix):  # a host name: the domain table names it
        suffix = publisher_from_url("http://" + suffix.lower()) or suffix
    if suffix and looks_like_publisher(suffix) and not re.search(r"频道|首页|首頁|栏目", suffix):
        return suffix, "<title> suffix"
    return "", ""
