"""English amounts in Chinese prose: `$98.4 billion` is written `984亿美元` in a Chinese briefing.

The prompts ask the model to convert; this finds a clause that left the English form in, and
computes the Chinese form the repair request offers. The verifier then checks the converted
figure against the English source by value and unit (984亿美元 = $98.4 billion), so a conversion
is verified like any other figure.
"""

from __future__ import annotations

import re

from draftbot.text.numbers import NumberMention, extract_numbers

_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_ENGLISH = re.compile(r"[A-Za-z$€£¥]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_amount(m: NumberMention) -> str:
    """The mention in Chinese units: 9.84e10 美元 -> 984亿美元, 4.5e8 美元 -> 4.5亿美元."""
    value = abs(m.value)
    for scale, word in _SCALES:
        if value >= scale:
            return f"{_plain(value / scale)}{word}{m.unit}"
    return f"{_plain(value)}{m.unit}"


def _plain(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def english_amounts(text: str) -> list[tuple[str, str]]:
    """(English amount as written, its Chinese form) for each quantity a Chinese clause left in
    English (`$98.4 billion`, `2.5 trillion yuan`, `1.5 million tonnes`)."""
    if not _CJK.search(text):
        return []  # an English quotation with attribution is not Chinese prose
    out = []
    for m in extract_numbers(text):
        if m.kind == "quantity" and m.unit and _ENGLISH.search(m.text) and not _ENGLISH.fullmatch(m.unit[:1] or " "):
            out.append((m.text, chinese_amount(m)))
    return out


def chinese_form(figure: str) -> str:
    """The Chinese writing of an English amount as a source states it (`$82.62 billion` ->
    `826.2亿美元`); empty for a figure already Chinese or not an amount (a percentage is copied)."""
    m = next(iter(extract_numbers(figure)), None)
    if m is None or m.kind != "quantity" or not m.unit or not _ENGLISH.search(m.text):
        return ""
    return chinese_amount(m)
