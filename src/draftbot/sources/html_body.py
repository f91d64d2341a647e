"""The page's main text: trafilatura first, then checked against the title.

trafilatura is good at dropping chrome but on some portal layouts returns the navigation menu (a
gov.cn page whose menu outweighs a short notice) or joins a second article from a sibling block.
So its result is kept only when it mentions the title's subject, is not mostly link text, and adds
no large stretch that is about something else; otherwise the densest block of paragraphs that
mentions the title wins (readability-style: each paragraph scores its parent, half to the
grandparent).

Tables are rendered first (`tables.render_table`) so that their figures keep their units whichever
extractor wins.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from .sanity import MIN_OVERLAP, TINY_CHARS, title_overlap, title_terms
from .tables import form_line, is_data_table, is_form, render_table, split_form

_CHROME = ("head", "script", "style", "nav", "header", "footer", "noscript", "template", "aside", "form", "select", "button")
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "blockquote", "ul", "ol", "dd", "dt"}
BLOCKS_SCORED = 20
_PARA = {"p", "h2", "h3", "h4", "li", "blockquote", "pre", "dd"}


def main_text(tree: Any, title: str) -> tuple[str, list[str]]:
    """(text, warnings) for the page's main content."""
    render_tables(tree)
    links = _link_texts(tree)
    terms = title_terms(title)
    text = _trafilatura(tree)
    block = _best_block(tree, terms)
    if not _acceptable(text, terms, links):
        if block and (not text or title_overlap("", block, terms) >= title_overlap("", text, terms)):
            text = block
        text = text or block
    elif block and _adds_another_subject(text, block, terms):
        text = block
    text = text or _plain_text(_without_chrome(tree))
    warnings = []
    if text and _link_share(text, links) > 0.5:
        warnings.append("body is mostly link text (a menu or list page?)")
    return text, warnings


def headline_zone(tree: Any, title: str, size: int = 800) -> str:
    """Page text from the headline on (where 来源/发布时间 lines sit), menus and scripts left out."""
    body = tree.find(".//body")
    clean = deepcopy(body if body is not None else tree)
    for tag in ("script", "style", "nav", "noscript", "template", "select"):
        for el in list(clean.iter(tag)):
            if el.getparent() is not None:
                el.drop_tree()
    text = _plain_text(clean)
    at = text.find(title[:8]) if title else -1
    return text[at : at + size] if at >= 0 else ""


def take_forms(tree: Any) -> list[str]:
    """Take a notice page's information tables (索引号 / 发文机关 / 成文日期 / 标题 / 发布日期 …, see
    `tables.split_form`) out of the page, before any extractor sees them (one may keep some rows and
    drop others): their rows as `label：value；label：value` lines, metadata for the byline reader."""
    out: list[str] = []
    for table in [t for t in tree.iter("table") if not t.findall(".//table")]:
        rows = [[_cell_text(c) for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")] for tr in table.iter("tr")]
        rows = [[" ".join(c.split()) for c in row] for row in rows if any(c.strip() for c in row)]
        if not rows or not is_form(rows):
            continue
        rest, form = split_form("\n".join(form_line(row) for row in rows))
        parent = table.getparent()
        if not form or rest.strip() or parent is None:
            continue
        out += form
        if table.tail:  # the text after the table stays
            prev = table.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + table.tail
            else:
                parent.text = (parent.text or "") + table.tail
        parent.remove(table)
    return out


def render_tables(tree: Any) -> None:
    """Replace each innermost <table> by one <p> per row, figures with their units."""
    for table in [t for t in tree.iter("table") if not t.findall(".//table")]:
        rows = _grid(table)
        if not is_data_table(rows):
            _unlayout(table)  # a page laid out in table cells: plain blocks, or extractors print pipes
            continue
        caption = table.find("caption")
        context = caption.text_content() if caption is not None else _previous_text(table)
        lines = render_table(rows, context)
        parent = table.getparent()
        if parent is None:
            continue
        from lxml import html as lxml_html

        div = lxml_html.Element("div")
        for line in lines:
            p = lxml_html.Element("p")
            p.text = line
            div.append(p)
        div.tail = table.tail
        parent.replace(table, div)


def _grid(table: Any) -> list[list[str]]:
    """The table's rows as a grid: a cell merged across columns or rows (colspan / rowspan: a
    statistics table's 11月 | 1—11月 over 货运量 | 同比增长) fills its other places with blanks,
    so each figure stands under its own column header."""
    out: list[list[str]] = []
    below: dict[int, int] = {}  # column -> rows a cell above still covers
    for tr in table.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        row: list[str] = []
        k = 0
        while k < len(cells) or any(n and c >= len(row) for c, n in below.items()):
            col = len(row)
            if below.get(col):
                below[col] -= 1
                row.append("")
                continue
            if k >= len(cells):
                row.append("")
                continue
            cell, k = cells[k], k + 1
            across, down = _span(cell.get("colspan"), 50), _span(cell.get("rowspan"), 500)
            row += [_cell_text(cell)] + [""] * (across - 1)
            for j in range(across):
                if down > 1:
                    below[col + j] = down - 1
        out.append(row)
    return out


def _span(value: str | None, most: int) -> int:
    try:
        return min(max(int(str(value).strip()), 1), most)
    except (TypeError, ValueError):
        return 1


def _unlayout(table: Any) -> None:
    for el in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
        el.tag = "div"
        for attr in ("width", "colspan", "rowspan"):
            el.attrib.pop(attr, None)


def _cell_text(cell: Any) -> str:
    return " ".join(cell.text_content().split())


def _previous_text(el: Any) -> str:
    prev = el.getprevious()
    return prev.text_content()[-80:] if prev is not None else ""


def _trafilatura(tree: Any) -> str:
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError:  # trafilatura missing or broken (e.g. lxml_html_clean absent): blocks only
        return ""
    config = use_config()
    # Policy notices are short; the default 250-char floor makes trafilatura fall back to the whole
    # page (menus and footers included).
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "20")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based timeouts break outside the main thread
    try:
        return trafilatura.extract(deepcopy(tree), include_comments=False, include_tables=True, config=config) or ""
    except Exception:
        return ""


def _acceptable(text: str, terms: set[str], links: set[str]) -> bool:
    return (
        len(text.strip()) >= TINY_CHARS
        and title_overlap("", text, terms) >= MIN_OVERLAP
        and _link_share(text, links) <= 0.5
    )


def _adds_another_subject(text: str, block: str, terms: set[str]) -> bool:
    """trafilatura's text is much longer than the best block and the surplus is about something else."""
    if len(text) < 1.6 * len(block) or title_overlap("", block, terms) < MIN_OVERLAP:
        return False
    have = {" ".join(line.split()) for line in block.split("\n")}
    extra = "\n".join(line for line in text.split("\n") if " ".join(line.split()) not in have)
    return len(extra) > 0.4 * len(text) and title_overlap("", extra, terms) < MIN_OVERLAP


def _best_block(tree: Any, terms: set[str]) -> str:
    clean = _without_chrome(deepcopy(tree))
    points: dict[Any, int] = {}
    for el in clean.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _PARA:  # a paragraph scores its container, and half that to the one above
            own = len(" ".join(el.text_content().split())) - _link_chars(el)
            parent = el.getparent()
            if parent is not None and own > 0:
                points[parent] = points.get(parent, 0) + own
                grand = parent.getparent()
                if grand is not None:
                    points[grand] = points.get(grand, 0) + own // 2
        elif tag in ("div", "td", "section", "article", "font", "span"):
            loose = _loose_text(el)  # text written straight into the block, lines split by <br>
            if len(loose) >= 40:
                points[el] = points.get(el, 0) + len(loose)
    best, best_score = None, 0.0
    # only the blocks with the most text are read in full (a big page has hundreds of containers)
    for el, pts in sorted(points.items(), key=lambda kv: -kv[1])[:BLOCKS_SCORED]:
        text = _plain_text(el)
        score = pts * (0.2 + title_overlap("", text, terms))
        if score > best_score:
            best, best_score = text, score
    return best or ""


def _loose_text(el: Any) -> str:
    """The element's own text and the tails of its inline children (not nested blocks' text)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() not in _BLOCKS | {"br"}:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join("".join(parts).split())


def _without_chrome(tree: Any) -> Any:
    for tag in _CHROME:
        for el in list(tree.iter(tag)):
            if el.getparent() is not None:
                el.drop_tree()
    return tree


def _link_chars(el: Any) -> int:
    return sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))


def _link_texts(tree: Any) -> set[str]:
    return {t for a in tree.iter("a") if len(t := " ".join(a.text_content().split())) >= 2}


def _link_share(text: str, links: set[str]) -> float:
    lines = [" ".join(line.split()).lstrip("-•·* ") for line in text.split("\n") if line.strip()]
    total = sum(len(line) for line in lines)
    linked = sum(len(line) for line in lines if line in links)
    return linked / total if total else 0.0


def _plain_text(root: Any) -> str:
    """Block-aware text of an element: one line per block, cells apart."""
    parts: list[str] = []
    _walk(root, parts)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _walk(el: Any, parts: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    block = tag in _BLOCKS
    if block:
        parts.append("\n")
    elif tag in ("td", "th"):
        parts.append(" ")
    if tag and el.text and tag not in ("script", "style"):
        parts.append(el.text)
    for child in el:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")
