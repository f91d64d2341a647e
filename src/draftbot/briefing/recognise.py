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

_INLINE_CODE = re.compile(r"`[^`\n]*`")
_SECTION = re.compile(r"^(摘\s*要|[一二三四五六七八九十]{1,3}\s*[、．.])")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n")
_KEY = re.compile(r"^[A-Za-z_]+\s*:")
MARKED_LINES = 3  # prose lines with a mark that make a briefing without its headings


def looks_like_briefing(markdown: str, brief=None) -> bool:
    """Line by line, in one pass (a hostile draft of long space runs or many fences stays linear)."""
    if not markdown.strip():
        return True
    lines = markdown.splitlines()
    if _FRONT_MATTER.match(markdown) and _front_matter(lines):
        return False
    ref_heading = brief.references.heading if brief is not None else None
    first_heading, fenced, marked = True, False, 0
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        title = _heading(line)
        if title is not None:
            if is_reference_heading(title, ref_heading) or _SECTION.match(title):
                return True
            if first_heading and brief is not None and title == brief.title.strip():
                return True
            first_heading = False
            continue
        prose = _INLINE_CODE.sub("", line)
        if not stripped.startswith("|") and (PENDING.search(prose) or GROUP.search(prose)):
            marked += 1
    return marked >= MARKED_LINES


def _heading(line: str) -> str | None:
    """The text of an ATX heading line (`## 一、工业`), else None."""
    body = line[len(line) - len(line.lstrip(" ")):] if len(line) - len(line.lstrip(" ")) <= 3 else ""
    hashes = len(body) - len(body.lstrip("#"))
    if not 1 <= hashes <= 6 or not body[hashes:hashes + 1].isspace():
        return None
    return body[hashes:].strip().rstrip("#").strip()


def _front_matter(lines: list[str]) -> bool:
    """A YAML block (`---`, some `key: value` lines, `---`) opening the file."""
    for line in lines[1:200]:
        if line.strip() == "---":
            return True
        if line.strip() and not _KEY.match(line) and not line.startswith((" ", "-", "\t")):
            return False
    return False
