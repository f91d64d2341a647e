"""Markdown / plain text with YAML front matter.

A bad front-matter value (an unreadable date) is held as a field error rather than raised, so a
sources.yaml entry can replace it. HTML pasted into Markdown (RSS exporters embed `<table>`, `<img>`,
`<p>`) is turned into text, tables into rows with units; Markdown images are dropped and links keep
their text, so no markup, attribute or URL reaches the stored body.
"""

from __future__ import annotations

import re

from .decode import decode_text, normalize_newlines
from .extracted import Extracted
from .limits import check_text
from .frontmatter import split_front_matter, strip_blank_lines
from .meta import clean_fields
from .notes import strict
from .page_chrome import strip_chrome
from .site_names import site_from_footer, site_from_header
from .tables import split_form
from .text_title import TextHead, title_above_meta, title_and_body
from .titles import strip_site_suffix

_TAG = re.compile(r"</?(?:table|tr|td|th|tbody|thead|img|p|div|span|br|a|figure|figcaption|section|ul|ol|li|strong|em|b|i|font|center|h[1-6])\b[^>]*>", re.I)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?:https?:|/|#)[^)]*\)")


def read_text_source(data: bytes) -> Extracted:
    # Refused before front matter, markup and furniture are read: each pass costs seconds at the limit.
    text = check_text(normalize_newlines(decode_text(data)))
    raw, body = split_front_matter(text)
    errors: dict[str, str] = {}
    fields = clean_fields(raw, "front matter", errors=errors) if raw is not None else {}
    if fields.get("title"):
        fields["title"] = strip_site_suffix(fields["title"])
    body = markup_to_text(body)
    if raw is None and not strict():
        return _pasted(body)
    return Extracted(
        fields=fields,
        origin={k: "front matter" for k in fields},
        field_errors=errors,
        text=strip_blank_lines(body),
        front_matter=raw is not None,
        strict_date=True,
    )


_TITLE_LABEL = re.compile(r"^\s*(?:信息名称|文件名称|标[\s\u3000]*题|名[\s\u3000]*称)\s*[:：]\s*(?=\S)")


def _pasted(body: str) -> Extracted:
    """Text with no front matter: a story pasted from a page. Site furniture out, title from the
    first heading or headline line (see `text_title`), the site's name from its logo or footer. A
    notice page's information table (索引号 / 发文机关 / 标题 / 发布日期 …) is taken out first: its
    cells are neither the headline nor text."""
    body, form = split_form(body)
    lines = body.split("\n")
    chrome = strip_chrome(lines)
    footer_site = site_from_footer(chrome.dropped)
    at = title_above_meta(lines, set(chrome.kept_at), footer_site)
    if at is not None:  # the headline over the page's date/source line; the site's head above it goes
        rest = "\n".join(ln for i, ln in zip(chrome.kept_at, chrome.kept) if i > at)
        head = TextHead(title=" ".join(lines[at].split()), body=rest.strip(), origin="first line")
    else:
        head = title_and_body("\n".join(chrome.kept))
    title = _TITLE_LABEL.sub("", head.title)  # 信息名称: 11月份…: a notice page's form row, its value the title
    fields: dict = {"title": title} if title else {}
    origin = {"title": head.origin} if head.title else {}
    if chrome.print_url:
        fields["url"], origin["url"] = chrome.print_url, "address line"
    site, where = footer_site, "copyright footer"
    if not site:
        site, where = site_from_header([ln for ln in chrome.kept if ln.strip()][:1]), "site header"
    return Extracted(
        fields=clean_fields(fields, "text", errors={}), origin=origin, text=strip_blank_lines(head.body),
        site=site, site_origin=where if site else "", byline="\n".join(chrome.head), form=form,
    )


def markup_to_text(body: str) -> str:
    """Body with embedded HTML and Markdown images/links reduced to text, and Markdown pipe tables
    rendered as the HTML ones are (`tables.render_table`: a row per line, each figure with its
    unit); unchanged when it has none."""
    if "](" in body:
        body = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", body))
    if "|" in body and _MD_RULE.search(body):
        body = _MD_TABLE.sub(_rendered_md_table, body)
    if "<" not in body or not _TAG.search(body):
        return body
    from .html_body import _plain_text, render_tables
    from .html_files import parse_html

    tree = parse_html(f"<html><body><div>{body.replace(chr(10) + chr(10), '<p></p>')}</div></body></html>")
    for el in list(tree.iter("img", "script", "style")):
        el.drop_tree()
    render_tables(tree)
    return _plain_text(tree.find(".//body"))


# a Markdown pipe table: a header row, its |---|:---:| rule, then rows, each line starting with |
_MD_RULE = re.compile(r"(?m)^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")
_MD_TABLE = re.compile(r"(?m)^(?P<before>[^\n|]*\n[ \t]*\n|[^\n|]*\n)?(?P<rows>[ \t]*\|[^\n]*\|[ \t]*\n"
                       r"[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?:\n[ \t]*\|[^\n]*\|[ \t]*)*)$")


def _rendered_md_table(m: re.Match) -> str:
    """A pipe table's rows as `render_table` lines; the line before it (its caption, 单位：…) is kept
    and read for the unit."""
    from .tables import render_table

    lines = [ln.strip() for ln in m.group("rows").split("\n") if ln.strip()]
    rows = [[c.strip().strip("*").strip() for c in ln.strip("|").split("|")] for ln in lines if not _MD_RULE.match(ln)]
    before = m.group("before") or ""
    return before + "\n".join(render_table(rows, before.strip().strip("*")))
