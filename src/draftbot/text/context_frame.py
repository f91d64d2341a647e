"""A copied sentence states the frame its figures take from around it in the source.

A statistics release says 同比/环比 or the period once (in a numbered heading, a breakdown's lead
sentence, a paragraph's opening 1—10月份，…); the sentence copied alone would lose it, and two such
sentences side by side (下降0.2% under a 环比 heading, 下降2.1% under a 同比 one) would read as a
contradiction. What is inherited is read by `text.frames`, as the verifier reads the source; here it
is only put into words where an editor would write it.
"""

from __future__ import annotations

import re

from draftbot.text.frames import basis_slot, inherited_basis, inherited_period
from draftbot.text.numbers import extract_numbers

_CJK = re.compile(r"[\u3400-\u9fff]")
# 分地区看，/从环比看，: a signpost stays first, the period follows it
# a date, a month or a span of months states when, not how much
_WHEN = {"date", "month", "year", "range"}
_SIGNPOST = re.compile(r"^[分从][^，。；\n]{1,8}看[，,]")


def _chinese(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return letters > 0 and len(_CJK.findall(text)) / letters >= 0.3


def with_basis(sentence: str, basis: str) -> str:
    """`basis` (同比/环比) before the direction word of the sentence's first rate of change that has
    one right before it (鲜菜价格下降3.4% -> 鲜菜价格环比下降3.4%); the sentence unchanged when none."""
    for m in extract_numbers(sentence):
        if m.kind == "percent" and (at := basis_slot(sentence, m.start)) is not None:
            return sentence[:at] + basis + sentence[at:]
    return sentence


def with_period(sentence: str, period: str) -> str:
    """`period，` in front of the sentence (after a 分…看， signpost)."""
    sign = _SIGNPOST.match(sentence)
    at = sign.end() if sign else 0
    return f"{sentence[:at]}{period}，{sentence[at:]}"


def state_frame(sentence: str, context: str, start: int, end: int) -> tuple[str, str]:
    """`sentence`, copied (and cleaned) from context[start:end], with the basis and the period its
    figures inherit there stated, and that period ("" when none was put in front); unchanged when it
    inherits neither, states no figure, or is English."""
    kinds = {m.kind for m in extract_numbers(sentence)} - _WHEN
    if not _chinese(sentence) or not kinds:
        return sentence, ""
    out = sentence
    if "percent" in kinds and (basis := inherited_basis(context, start, end)):
        out = with_basis(out, basis)
    if period := inherited_period(context, start, end):
        out = with_period(out, period)
    return out, period


def without_period(sentence: str, period: str) -> str:
    """The sentence `with_period` gave, the period taken out again."""
    return sentence.replace(f"{period}，", "", 1)
