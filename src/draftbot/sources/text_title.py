"""Title and body of text with no metadata (a story pasted into a .txt, a Markdown export, the
text layer of a printed page).

The title is the first heading (`# …`) or the first short line that reads as a headline (no
sentence punctuation at its end, not a 来源/date/byline line, not the site's logo line). When the
text starts straight with a paragraph, the title is its first sentence (a dateline prefix such as
`新华社北京6月3日电` or `BEIJING, June 3 (Reuters) -` and a reporter's lead-in such as
`记者2日从国家数据局获悉，` left out), cut at a word boundary outside any parenthesis, and its
origin is "first sentence" so the loader warns.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from .meta_lines import META_LINE
from .site_names import site_from_header

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(?:=+|-+)\s*$")
_ENDS_SENTENCE = re.compile(r"[。；;，,：:、.]$")
_DAY = r"[\d〇零一二三四五六七八九十]{1,3}"  # 6月17日电, 十月四日電
_DATELINE = re.compile(
    r"^(?:[^\s，。]{0,12}?(?:新华社|新華社|中新社|中央社|路透社?|法新社|美联社|本报|本報|报|報)[^，。]{0,16}?"
    rf"(?:{_DAY}月)?{_DAY}日(?:电|電|讯|訊)"
    r"(?:[（(][^）)]{0,30}[）)])?\s*|[A-Z][A-Za-z .]{1,30}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+\([A-Za-z]+\)\s*[-–—:]\s*)"
)
# the reporter's lead-in after a dateline names how the news was learnt, not the news:
# 记者17日从国家能源局了解到，… / 记者从国家统计局获悉：…
_LEAD_IN = re.compile(
    rf"^(?:(?:本报讯|本報訊)(?:[（(][^）)]{{0,30}}[）)])?\s*)?(?:(?:{_DAY}月)?{_DAY}日[，,]?\s*)?(?:记者|記者)[^，。；]{{0,24}}?(?:获悉|獲悉|了解到|获知|獲知|得知)[，,：:]\s*")
# 国家统计局17日发布的数据显示， / 海关总署今天发布数据显示， / 据海关统计， / 据国家统计局消息，: who
# released the figures, said before the news
_DATA_LEAD = re.compile(
    r"^(?:[^，。；、]{2,24}?(?:发布|公布)的?(?:最新)?(?:统计)?数据(?:显示|表明)|据[^，。；、]{2,24}?(?:消息|统计|数据显示))[，,：:]\s*"
)
_SENT_END = re.compile(r"[。！？!?]|\.(?=\s|$)")
_CJK = re.compile(r"[\u3400-\u9fff]")
CUT_ZH, CUT_EN = 40, 110
_EN_HEADLINE_WORDS = 4  # fewer is a section label or a button (Asia Pacific, Sign In), not an English headline


class TextHead(BaseModel):
    title: str = ""
    body: str = ""
    origin: str = ""  # "first heading" | "first line" | "first sentence" (the loader warns)


def title_and_body(text: str) -> TextHead:
    lines = text.split("\n")
    seen = 0
    logo: list[int] = []  # the site's name on its logo line above the headline: neither title nor text
    for i, raw in enumerate(lines):
        s = " ".join(raw.split())
        if not s:
            continue
        seen += 1
        if seen > 5:
            break
        m = _MD_HEADING.match(raw)
        if m:
            return TextHead(title=m.group(1).strip(), body=_without(lines, i), origin="first heading")
        if i + 1 < len(lines) and _SETEXT.match(lines[i + 1]) and lines[i + 1].strip():
            return TextHead(title=s, body=_without(lines, i, i + 1), origin="first heading")
        if META_LINE.match(s):
            continue  # a 来源/date line above the headline (the byline reader reads it in the text)
        if seen <= 2 and site_from_header([s]) == s and len(s) <= 12:
            logo.append(i)
            continue  # the site's logo line
        if is_headline(s) and _without(lines, i):
            return TextHead(title=s, body=_without(lines, i, *logo) or _without(lines, i), origin="first line")
        break  # the text starts with a paragraph: no title line
    title = first_sentence(text)
    return TextHead(title=title, body="\n".join(lines).strip(), origin="first sentence" if title else "")


def title_above_meta(lines: list[str], kept: set[int], site: str = "") -> int | None:
    """Where the title of a page copied as text is, by its date/source line: the first line that
    reads as a headline between the last piece of site furniture above that line (menu, breadcrumb,
    tools, as page_chrome dropped them) and the line itself, not counting the site's own name (a
    line the date/source line names as its source, or `site`, or a logo-like organisation name).

        国家统计局某某调查总队                     <- the site's name: not the title
        首页　机构概况　统计数据　数据解读          <- furniture
        当前位置：首页 > 统计数据 > 工业品价格      <- furniture
        2026年10月份某某省工业生产者价格变动情况    <- the title
        发布日期：2026-11-13 09:30　来源：国家统计局某某调查总队

    `kept` holds the indices of the lines page_chrome kept. None when no date/source line stands
    above the body's first sentence (the text's first headline line is then its title)."""
    meta, seen = None, 0
    for i, raw in enumerate(lines):
        s = " ".join(raw.split())
        if not s:
            continue
        seen += 1
        if _MD_HEADING.match(raw) or (_SETEXT.match(raw) and i > 0 and lines[i - 1].strip()):
            return None  # a Markdown heading names the title itself
        if META_LINE.match(s) and len(s) <= 120:
            meta = i
            break
        if seen > 40 or (i in kept and len(s) > 40 and _SENT_END.search(s)):
            return None  # the body began with no date/source line above it
    if meta is None:
        return None
    said = " ".join(lines[meta].split())
    start = max((i for i in range(meta) if i not in kept and lines[i].strip()), default=-1) + 1
    if not _CJK.search(said):
        # an English copy's byline (By Jane Roe / December 15, 2026 10:27 AM GMT+8) stands under its
        # headline; above it are the site's section labels and buttons (China / Asia Pacific / My
        # News), a word or three each: the title is the first line between that reads as a headline
        # of some words, else the line right above the byline
        lines_above = [i for i in range(start, meta) if i in kept and lines[i].strip() and not META_LINE.match(" ".join(lines[i].split()))]
        heads = [i for i in lines_above if is_headline(t := " ".join(lines[i].split())) and not (t in said or t == site)]
        worded = [i for i in heads if len(lines[i].split()) >= _EN_HEADLINE_WORDS]
        if worded:
            return worded[0]
        if heads and lines_above and heads[-1] == lines_above[-1]:
            return heads[-1]
    for i in range(start, meta):
        s = " ".join(lines[i].split())
        if not s or i not in kept or META_LINE.match(s):
            continue
        if len(s) >= 2 and (s in said or s == site or (len(s) <= 16 and site_from_header([s]) == s)):
            continue  # the site's or the source's own name
        return i if is_headline(s) else None
    return None


def is_headline(s: str) -> bool:
    limit = 60 if _CJK.search(s) else 160
    return 4 <= len(s) <= limit and not _ENDS_SENTENCE.search(s) and bool(re.search(r"[\u3400-\u9fffA-Za-z]{2}", s))


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph, dateline left out, cut at a word boundary."""
    para = next((" ".join(ln.split()) for ln in text.split("\n") if ln.strip() and not META_LINE.match(ln.strip())), "")
    para = _DATELINE.sub("", para, count=1).strip() or para
    para = _LEAD_IN.sub("", para, count=1).strip() or para
    para = _DATA_LEAD.sub("", para, count=1).strip() or para
    m = _SENT_END.search(para)
    sentence = para[: m.start()] if m else para
    if sentence[:1] in "“「\"" and not re.search("[”」\"]", sentence[1:]):
        sentence = sentence[1:]  # a quote whose sentence ends inside it: its words, not its mark
    return _cut(sentence)


def _cut(s: str) -> str:
    """`s` cut to a title's length at a word boundary, never inside a parenthesis it opens."""
    cut = _cut_at_word(s)
    if cut != s:
        for open_, close in (("（", "）"), ("(", ")")):
            at = cut.rfind(open_)
            if at > 0 and cut.find(close, at) < 0:
                cut = cut[:at].rstrip("，、；,;: ")
    return cut


def _cut_at_word(s: str) -> str:
    if _CJK.search(s):
        if len(s) <= CUT_ZH:
            return s
        head = s[:CUT_ZH]
        at = max(head.rfind("，"), head.rfind("、"), head.rfind("；"), head.rfind(" "))
        return head[:at] if at >= CUT_ZH // 2 else head
    if len(s) <= CUT_EN:
        return s
    head = s[:CUT_EN]
    at = head.rfind(" ")
    return head[:at].rstrip(",;:") if at > 0 else head


def _without(lines: list[str], *drop: int) -> str:
    return "\n".join(ln for j, ln in enumerate(lines) if j not in drop).strip()
