"""Page titles without the site's suffix: `…_数据_宏观频道首页_财经网`, `…-今日头条`, `… | Reuters`,
`…--人民网`.

Rule: cut the last segment after a separator while what is cut looks like a site or channel name
(a known publisher, or a short tail ending in 网/频道/首页/头条/…) and something substantial stays.
`_` almost never occurs inside a real title, so any short tail after it goes.
"""

from __future__ import annotations

import re

from .publishers import ALIASES, DOMAINS

# A separator; plain "-" only when not between digits (1-5月), so the last one splits off the tail.
_SEP = re.compile(r"\s*(?:\|\s*|_|--+|——|－|\s-\s|(?<!\d)-(?!\d)|–|—)\s*")
_SITE_WORD = re.compile(
    r"(?:网|網|频道|頻道|首页|首頁|头条|頭條|新闻|新聞|中心|门户|门户网站|官网|政府|日报|日報|社|客户端|财经|"
    r"news|online|com|cn|cna|reuters|bloomberg|times|post|channel)$",
    re.I,
)
_KNOWN = {*ALIASES, *ALIASES.values(), *DOMAINS.values()}


def strip_site_suffix(title: str) -> str:
    title = " ".join(title.split())
    while True:
        seps = list(_SEP.finditer(title))
        if not seps:
            return title
        m = seps[-1]
        head, tail = title[: m.start()].strip(), title[m.end() :].strip()
        if not tail or len(head) < max(4, len(tail)) or not _is_site(tail, underscore=m.group(0).strip() == "_"):
            return title
        title = head


def site_suffix(title: str) -> str:
    """The site name `strip_site_suffix` cuts off last (`… | Reuters` -> `Reuters`), or ""."""
    title = " ".join(title.split())
    kept = strip_site_suffix(title)
    if kept == title:
        return ""
    tail = title[len(kept):]
    parts = [p.strip() for p in _SEP.split(tail) if p and p.strip()]
    return parts[-1] if parts else ""


def _is_site(tail: str, underscore: bool) -> bool:
    if tail in _KNOWN or tail.lower() in {k.lower() for k in _KNOWN}:
        return True
    if underscore and len(tail) <= 12:
        return True
    if len(tail) <= 30 and re.fullmatch(r"[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+", tail):
        return True  # a host name: Chinadaily.com.cn
    return len(tail) <= 16 and bool(_SITE_WORD.search(tail))
