"""HTML: metadata from the page (see `html_meta`), main text via trafilatura, checked against the
title (see `html_body`), tables rendered with their units (see `tables`)."""

from __future__ import annotations

import re
from typing import Any

from .decode import decode_text, normalize_newlines
from .errors import SourceError
from .extracted import Extracted
from .frontmatter import strip_blank_lines
from .html_body import headline_zone, main_text, take_forms
from .html_meta import page_metadata, page_site
from .limits import check_html_tree
from .page_chrome import strip_chrome

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def read_html_source(data: bytes, declared: str | None = None) -> Extracted:
    """`declared` is the charset an HTTP header named; the page's own meta charset is next."""
    m = _CHARSET.search(data[:4096])
    charset = declared or (m.group(1).decode("ascii") if m else None)
    html = normalize_newlines(decode_text(data, declared=charset))
    tree = parse_html(html)
    check_html_tree(tree)  # before extraction walks every element several times
    fields, origin = page_metadata(tree)
    saved = _SAVED_FROM.search(html[:2048])
    if saved and "url" not in fields:
        fields["url"], origin["url"] = saved.group(1), "saved from url"
    site, site_origin = page_site(tree)
    byline = headline_zone(tree, fields.get("title", ""))
    form = take_forms(tree)  # the page's information table: metadata, never body text
    text, warnings = main_text(tree, fields.get("title", ""))
    text = "\n".join(strip_chrome(normalize_newlines(text).split("\n")).kept) or text
    return Extracted(
        fields=fields, origin=origin, byline=byline, text=strip_blank_lines(text), warnings=warnings, form=form,
        site=site, site_origin=site_origin,
    )


def parse_html(html: str) -> Any:
    try:
        import lxml.html

        # lxml refuses str input that declares an encoding in an XML prolog
        html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
        return lxml.html.fromstring(html)
    except Exception as e:  # lxml raises several types on junk
        raise SourceError(f"not readable HTML: {type(e).__name__}") from None
