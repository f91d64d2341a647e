"""One source's metadata from every layer that can say something, strongest first:

    sources.yaml entry > the file's own metadata (front matter, page meta, PDF/DOCX reading)
      > byline / dateline in the text > a signature at its end > the URL (date path, publisher
      domain) > sources.yaml "*"

Each field keeps the name of the layer it came from (`origin`). A value the file gives but that
cannot be right (a bad front-matter date) is held as a field error: fatal only when no stronger or
weaker layer supplies the field and the format requires it.
"""

from __future__ import annotations

from typing import Any

from .byline import from_byline, reporters
from .doc_head import signature
from .extracted import Extracted
from .publishers import canonical_publisher, looks_like_publisher, publisher_from_url
from .sanity import body_warnings
from .urls import date_from_url


def resolve(found: Extracted, defaults: dict[str, Any], entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(fields, origin) for one source."""
    fields: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for key, value in entry.items():
        fields[key], origin[key] = value, "sources.yaml"
    for key, value in found.fields.items():
        if key not in fields:
            fields[key], origin[key] = value, found.origin.get(key, "file")
    # what a writer typed (sources.yaml, front matter) stands as written; only page/file guesses are checked
    if fields.get("publisher") and origin.get("publisher") not in ("sources.yaml", "front matter"):
        _check_publisher(fields, origin, found.text, found.byline)
    if not fields.get("publisher") or not fields.get("date") or origin.get("publisher") in SITE_NAME_ORIGINS:
        _from_text_and_url(fields, origin, found.text, found.byline)
    for key, value in defaults.items():
        if key not in fields:
            fields[key], origin[key] = value, "sources.yaml *"
    return fields, origin


def _check_publisher(fields: dict[str, Any], origin: dict[str, str], text: str, byline_zone: str) -> None:
    """A page's author/editor name or a CMS id is not a publisher: drop it so later layers can fill."""
    name = canonical_publisher(str(fields["publisher"]))
    if not looks_like_publisher(name) or name in reporters(byline_zone + "\n" + text):
        del fields["publisher"], origin["publisher"]
    else:
        fields["publisher"] = name


# A portal's own name is weaker than the 来源 line of the story it reprints.
SITE_NAME_ORIGINS = {"meta og:site_name", "meta sitename", "meta application-name"}


def _from_text_and_url(fields: dict[str, Any], origin: dict[str, str], text: str, byline_zone: str = "") -> None:
    url = fields.get("url")
    url_date = date_from_url(url)
    hint = (fields.get("date") or url_date).year if (fields.get("date") or url_date) else None
    by_pub, by_date = from_byline(text, hint, head=byline_zone)
    signer, signed = signature(text[-400:].split("\n"))
    if by_pub and origin.get("publisher") in SITE_NAME_ORIGINS:
        fields["publisher"], origin["publisher"] = by_pub, "byline"
    if not fields.get("publisher"):
        if by_pub:
            fields["publisher"], origin["publisher"] = by_pub, "byline"
        elif signer:
            fields["publisher"], origin["publisher"] = signer, "signature"
        elif publisher_from_url(url):
            fields["publisher"], origin["publisher"] = publisher_from_url(url), "url domain"
    if not fields.get("date"):
        if by_date:
            fields["date"], origin["date"] = by_date, "byline"
        elif signed:
            fields["date"], origin["date"] = signed, "signature date"
        elif url_date:
            fields["date"], origin["date"] = url_date, "url path"


def source_warnings(fields: dict[str, Any], origin: dict[str, str], found: Extracted) -> list[str]:
    """What a writer should look at before trusting this source in a draft."""
    out = list(found.warnings)
    if not fields.get("date"):
        out.append("no date (add one in sources.yaml, or it never reaches a day's draft)")
    publisher = str(fields.get("publisher") or "")
    if not publisher:
        out.append("no publisher")
    elif not looks_like_publisher(publisher):
        out.append(f"publisher '{publisher}' looks like a person or an id")
    if fields.get("lang") == "en" and not any("\u4e00" <= c <= "\u9fff" for c in str(fields.get("summary") or "")):
        out.append("English with no Chinese summary")
    if not found.front_matter:  # an extracted body (page, PDF, DOCX) may be the wrong text; a writer's own is not
        out += body_warnings(str(fields.get("title") or ""), found.text)
    return out
