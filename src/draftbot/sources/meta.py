"""Raw metadata mappings (front matter, manifest entries, file properties) -> validated fields.

Every problem becomes a SourceError whose reason starts with where the value came from
("front matter: ...", "sources.yaml: ...") and names the field and the bad value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import SourceError

KINDS = ("release", "notice", "policy", "news")
FIELDS = ("title", "publisher", "date", "url", "usage", "lang", "kind", "summary", "keywords")

# Writers sometimes use Chinese keys; accept the obvious ones.
_ALIASES = {
    "标题": "title",
    "发布者": "publisher",
    "发布机构": "publisher",
    "来源": "publisher",
    "source": "publisher",
    "日期": "date",
    "发布日期": "date",
    "published": "date",
    "链接": "url",
    "网址": "url",
    "link": "url",
    "用途": "usage",
    "语言": "lang",
    "language": "lang",
    "类型": "kind",
    "type": "kind",
    "摘要": "summary",
    "description": "summary",
    "关键词": "keywords",
    "tags": "keywords",
}

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$")
_SLASH = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\s*$")
_ZH = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(value: Any) -> dt.date | None:
    """YYYY-MM-DD (optionally with a time part), YYYY/MM/DD, 2026年6月4日, or a date object.

    Returns None when the value is not date-shaped at all; raises ValueError when it is date-shaped
    but impossible (2026-02-30), so the caller can say which.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    for pattern in (_ISO, _SLASH, _ZH, _COMPACT):
        m = pattern.match(value)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))  # ValueError if impossible
    return None


def canonical_keys(raw: dict[Any, Any]) -> dict[str, Any]:
    """Lower-case keys, map Chinese/alternative names to the SourceMeta field names."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        k = str(key).strip()
        k = _ALIASES.get(k, _ALIASES.get(k.lower(), k.lower()))
        out[k] = value
    return out


def clean_fields(raw: dict[Any, Any], origin: str) -> dict[str, Any]:
    """Validate and coerce known fields; unknown keys are dropped. Missing fields stay missing."""
    data = canonical_keys(raw)
    out: dict[str, Any] = {}
    for field in FIELDS:
        if field not in data or data[field] is None:
            continue
        value = data[field]
        if field == "date":
            out["date"] = _date_field(value, origin)
        elif field == "keywords":
            out["keywords"] = _keywords(value, origin)
        elif field == "kind":
            kind = str(value).strip().lower()
            if kind not in KINDS:
                raise SourceError(f"{origin}: kind '{value}' is not one of {', '.join(KINDS)}")
            out["kind"] = kind
        else:
            if isinstance(value, (dict, list)):
                raise SourceError(f"{origin}: '{field}' must be text, not a {type(value).__name__}")
            text = str(value).strip()
            if text:
                out[field] = text
    return out


def _date_field(value: Any, origin: str) -> dt.date:
    try:
        parsed = parse_date(value)
    except ValueError:
        raise SourceError(f"{origin}: date '{value}' is not a valid date") from None
    if parsed is None:
        raise SourceError(f"{origin}: date '{value}' is not a date (expected YYYY-MM-DD)")
    return parsed


def _keywords(value: Any, origin: str) -> list[str]:
    if isinstance(value, str):
        parts = re.split(r"[,，、;；]", value)
    elif isinstance(value, (list, tuple)):
        parts = [str(v) for v in value if v is not None]
    else:
        raise SourceError(f"{origin}: keywords must be a list or a comma-separated string")
    return [p.strip() for p in parts if p.strip()]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_lang(text: str) -> str:
    """'zh' when Chinese characters make a real share of the letters, else 'en'."""
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    # A Chinese character carries roughly a word; an English word is ~5 letters.
    return "zh" if cjk and cjk * 5 >= latin * 0.5 else "en"
