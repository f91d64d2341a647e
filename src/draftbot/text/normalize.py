"""Width normalisation for matching. Length-preserving so offsets into the original stay valid."""

from __future__ import annotations

import re

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 (ideographic space) to space.
_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = 0x20


def normalize_width(text: str) -> str:
    """Full-width digits, letters and ASCII punctuation -> half-width; same length as the input."""
    return text.translate(_TABLE)


def squash(text: str) -> str:
    """Key for tolerant title matching: half-width, no whitespace, unified punctuation, lower case."""
    t = normalize_width(text)
    t = t.replace("“", '"').replace("”", '"').replace("《", "").replace("》", "")
    t = t.replace("—", "-").replace("–", "-").replace("－", "-")
    return "".join(t.split()).lower()


_CJK = re.compile(r"[\u3400-\u9fff]")


def is_chinese(text: str) -> bool:
    """Chinese characters make at least 30% of the letters (an English wire's summary with one
    Chinese name in it is not Chinese)."""
    letters = sum(ch.isalpha() for ch in text)
    return letters > 0 and len(_CJK.findall(text)) / letters >= 0.3


def chinese_summary(summary: str | None) -> str:
    """A source's summary when it is Chinese, else "": what an English source's Chinese summary
    (front matter) means to a draft; a saved page's English meta description is no such summary."""
    summary = (summary or "").strip()
    return summary if is_chinese(summary) else ""
