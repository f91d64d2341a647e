"""HTML: main text via trafilatura (offline), metadata from <title> and <meta> tags."""

from __future__ import annotations

import re
from typing import Any

from .decode import decode_text, normalize_newlines
from .errors import SourceError
from .extracted import Extracted
from .frontmatter import strip_blank_lines
from .meta import clean_fields, parse_date

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)

# First match wins. Names are compared lower-cased; gov.cn pages use PubDate / ContentSource / SiteName.
_TITLE_KEYS = ("og:title", "twitter:title", "title", "articletitle", "dc.title")
_DATE_KEYS = (
    "article:published_time", "pubdate", "publishdate", "date", "dc.date", "dc.date.issued",
    "firstpublishedtime", "og:published_time", "publication_date", "datepublished",
)
_PUBLISHER_KEYS = ("og:site_name", "contentsource", "sitename", "publisher", "author", "dc.publisher")
_URL_KEYS = ("og:url",)


def read_html_source(data: bytes) -> Extracted:
    m = _CHARSET.search(data[:4096])
    html = normalize_newlines(decode_text(data, declared=m.group(1).decode("ascii") if m else None))
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception as e:  # lxml raises several types on junk
        raise SourceError(f"not readable HTML: {type(e).__name__}") from None
    fields = _metadata(tree)
    text = _main_text(html) or _fallback_text(tree)
    return Extracted(fields=fields, text=strip_blank_lines(normalize_newlines(text or "")))


def _metadata(tree: Any) -> dict[str, Any]:
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content
    raw: dict[str, Any] = {}
    title = _first(meta, _TITLE_KEYS)
    if not title:
        t = tree.find(".//title")
        title = " ".join(t.text_content().split()) if t is not None else ""
    if not title:
        h1 = tree.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else ""
    if title:
        raw["title"] = title
    date = _html_date(meta, tree)
    if date:
        raw["date"] = date
    publisher = _first(meta, _PUBLISHER_KEYS)
    if publisher:
        raw["publisher"] = publisher
    url = _first(meta, _URL_KEYS)
    if not url:
        for link in tree.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                url = link.get("href")
                break
    if url:
        raw["url"] = url
    lang = (tree.get("lang") or "").strip().lower()
    if lang:
        raw["lang"] = "zh" if lang.startswith("zh") else lang.split("-")[0]
    if meta.get("description"):
        raw["summary"] = meta["description"]
    if meta.get("keywords"):
        raw["keywords"] = meta["keywords"]
    return clean_fields(raw, "html metadata")


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    for k in keys:
        if meta.get(k):
            return meta[k]
    return ""


def _html_date(meta: dict[str, str], tree: Any):
    """Page metadata is machine-written and often sloppy: an unparseable date is ignored, not fatal."""
    candidates = [meta[k] for k in _DATE_KEYS if meta.get(k)]
    candidates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    for value in candidates:
        try:
            parsed = parse_date(value)
        except ValueError:
            continue
        if parsed:
            return parsed
    return None


def _main_text(html: str) -> str:
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError:  # trafilatura missing or broken (e.g. lxml_html_clean absent): use the fallback
        return ""
    config = use_config()
    # Policy notices are short; the default 250-char floor makes trafilatura fall back to the whole
    # page (menus and footers included).
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "20")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based timeouts break outside the main thread
    try:
        return trafilatura.extract(html, include_comments=False, include_tables=True, config=config) or ""
    except Exception:
        return ""


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "blockquote"}
_DROP = ("script", "style", "nav", "header", "footer", "noscript", "template", "aside", "form")


def _fallback_text(tree: Any) -> str:
    """Plain block-aware text of <body> without chrome, when trafilatura finds nothing."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    for tag in _DROP:
        for el in list(root.iter(tag)):
            if el.getparent() is not None:
                el.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _walk(el: Any, parts: list[str]) -> None:
    block = isinstance(el.tag, str) and el.tag.lower() in _BLOCKS
    if block:
        parts.append("\n")
    elif isinstance(el.tag, str) and el.tag.lower() in ("td", "th"):
        parts.append(" ")  # keep table cells apart
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")
