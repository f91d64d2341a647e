"""The marks a briefing carries inline, each defined once: citation groups `[n]`, 【待核实：…】 notes,
and the numbering of a reference line. Writers (renderers, backends) and readers (the checker, the
DOCX reader, the LLM reply clean-up) all use these.

Patterns accept full-width brackets and digits (［１］), so they work on raw and width-normalised text.
"""

from __future__ import annotations

import re

# A citation group: [1], [1][3], [1, 3], ［１］; leading spaces belong to the group.
# (?<!\s): a match may only start where a whitespace run starts, so a long run is scanned once.
GROUP = re.compile(r"(?<!\s)(?:\s*[\[［]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]］])+")
# A 【待核实…】 note (its reason may quote "[99]": that is the note's text, not a citation).
PENDING = re.compile(r"【\s*待核实[^】]*】")
# The number that starts a reference line, as written by hand or by any brief: "[3] ", "3. ",
# "3、", "3）", "3 " (a list bullet before it is allowed).
REF_NUMBER = re.compile(r"^\s*(?:[-*+]\s*)?(?:[\[［]\s*(\d{1,9})\s*[\]］]|(\d{1,9})\s*[.．、)）:：]|(\d{1,9})\s+)\s*")
# Reference numbers have at most 9 digits: a longer one (a typo, a pasted ID, a hostile file of
# 5000 digits, which int() refuses) is a finding, never an exception.
MAX_DIGITS = 9
OVERLONG = 10**MAX_DIGITS  # what an over-long [n] reads as: a number no reference line can carry
_OVERLONG_LINE = re.compile(r"^\s*(?:[-*+]\s*)?[\[［]?\s*\d{10,}")

PENDING_EMPTY_SECTION = "本节没有可引用的当日资料"
# the offline 今日判断 opens with this note to the editor: not a judgement, so not checked as one
EDITOR_NOTE = "离线草稿：今日判断须由编辑撰写，以下按章节列出今日要点供参考。"


def group_numbers(group: str) -> list[int]:
    """The numbers of one citation group, in order (full-width digits included)."""
    return [int(x) if len(x) <= MAX_DIGITS else OVERLONG for x in re.findall(r"\d+", group)]


def cite_group(numbers: list[int]) -> str:
    """How the renderer writes a group: `[1][3]`."""
    return "".join(f"[{n}]" for n in numbers)


def pending_note(reason: str) -> str:
    return f"【待核实：{reason}】"


def strip_groups(text: str) -> str:
    """Text without citation groups (a source's own footnote markers, a model's inline markers)."""
    return GROUP.sub("", text)


def ref_number(line: str) -> tuple[int, str] | None:
    """(n, rest of the line) when `line` starts with a reference number, else None."""
    m = REF_NUMBER.match(line)
    if not m:
        return None
    return int(m.group(1) or m.group(2) or m.group(3)), line[m.end():]


def overlong_reference(line: str) -> bool:
    """Does `line` start with a reference number longer than MAX_DIGITS?"""
    return _OVERLONG_LINE.match(line) is not None
