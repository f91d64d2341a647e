"""The date a page's URL carries in its path, as CMSs write it.

    /20240511/            /2024-05/11/  (gov.cn)     /2024/0511/  (people.com.cn)
    /2024/05/11/          /202405/t20240511_1953.html  (stats.gov.cn, TRS)
    /markets/asia/china-exports-2024-05-09/  (Reuters)
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from .dates import safe_date

_PATTERNS = (
    re.compile(r"/t?(20\d{2})(\d{2})(\d{2})(?:[_/.\-]|$)"),
    re.compile(r"/(20\d{2})-(\d{2})/(\d{2})/"),
    re.compile(r"/(20\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"/(20\d{2})[/-](\d{1,2})[/-](\d{1,2})/"),
    re.compile(r"[-/](20\d{2})-(\d{2})-(\d{2})(?:[/.]|$)"),  # Reuters slugs: ...-2024-05-09/
)


def date_from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    for rx in _PATTERNS:
        m = rx.search(path)
        if m:
            found = safe_date(f"{m[1]}-{m[2]}-{m[3]}")
            if found:
                return found
    return None
