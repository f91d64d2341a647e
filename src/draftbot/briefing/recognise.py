"""Is a file a briefing at all? `check README.md` must say "not a briefing", not list findings.

A briefing (as drafted, or as an editor left it, even cut down to a skeleton) has a reference
heading (参考文献 or the brief's), a 摘要 or numbered section heading (`一、…`), the brief's title
as its first heading, or citation groups `[n]` / 【待核实】 marks in several prose lines. An empty
file is a briefing with nothing in it (its findings say so). A file opening with YAML front matter
is a source, never a draft. Code (fenced blocks, `inline`) and table rows do not count: documentation that
mentions a `[12]` or a 【待核实】 here and there is not a briefing.
"""

from __future__ import annotations

import re

from draftbot.briefing.marks import GROUP, PENDING
from draftbot.briefing.references import is_reference_heading

_FENCE = re.compile(r"^\s*(```|~~~).*?^\s*\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SECTION = re.compile(r"^(摘\s*要|[一二三四五六七八九十]{1,3}\s*[、．.])")
_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n(?:.*\n)*?[A-Za-z_]+\s*:.*\n(?:.*\n)*?---\s*(\n|\Z)")
MARKED_LINES = 3  # prose lines with a mark that make a briefing without its headings


def looks_like_briefing(markdown: str, brief=None) -> bool:
    if not markdown.strip():
        return True
    if _FRONT_MATTER.match(markdown):
        return False
    text = _INLINE_CODE.sub("", _FENCE.sub("", markdown))
    ref_heading = brief.references.heading if brief is not None else None
    first_heading = True
    marked = 0
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            title = m.group(1).strip()
            if is_reference_heading(title, ref_heading) or _SECTION.match(title):
                return True
            if first_heading and brief is not None and title == brief.title.strip():
                return True
            first_heading = False
            continue
        if not line.lstrip().startswith("|") and (PENDING.search(line) or GROUP.search(line)):
            marked += 1
    return marked >= MARKED_LINES
