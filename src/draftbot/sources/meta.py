"""Raw metadata mappings (front matter, manifest entries, file properties) -> validated fields.

Every problem becomes a SourceError whose reason starts with where the value came from
("front matter: ...", "sources.yaml: ...") and names the field and the bad value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .dates import parse_date as _parse_date
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


def parse_date(value: Any) -> dt.date | None:
    """See `dates.parse_date` (ISO, 2026/6/4, 2026年6月4日, 20260604, RFC 822, English)."""
    return _parse_date(value)


def canonical_keys(raw: dict[Any, Any]) -> dict[str, Any]:
    """Lower-case keys, map Chinese/alternative names to the SourceMeta field names."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        k = str(key).strip()
        k = _ALIASES.get(k, _ALIASES.get(k.lower(), k.lower()))
        if k == "publisher" and _URL.match(str(value or "")):
            k = "url"  # a web clipper's `source:` is the page's address, not who published it
            if "url" in out or any(str(x).strip().lower() in ("url", "link", "链接", "网址") for x in raw):
                continue
        out[k] = value
    return out


_URL = re.compile(r"\s*https?://\S+\s*$", re.I)


def clean_fields(raw: dict[Any, Any], origin: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Validate and coerce known fields; unknown keys are dropped. Missing fields stay missing.

    With `errors`, a bad field is recorded there (field -> reason) and left out instead of raising,
    so a stronger layer (a sources.yaml entry) can still supply it.
    """
    data = canonical_keys(raw)
    out: dict[str, Any] = {}
    for field in FIELDS:
        if field not in data or data[field] is None:
            continue
        if errors is None:
            _clean_one(field, data[field], origin, out)
            continue
        try:
            _clean_one(field, data[field], origin, out)
        except SourceError as e:
            errors[field] = str(e)
    return out


def _clean_one(field: str, value: Any, origin: str, out: dict[str, Any]) -> None:
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
