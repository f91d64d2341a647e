"""Is this body the document its title names? Cheap checks, shared by the HTML body choice and the
per-file warnings.

`title_overlap` is the share of the title's content bigrams (Chinese) or words (English) that occur
in the text: a body that never mentions what its title is about is navigation or another article.
"""

from __future__ import annotations

import re

from draftbot.text.similarity import char_bigrams

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{4,}|\d+(?:\.\d+)?")
# Title words that say nothing about the subject.
_STOP_WORDS = {"with", "from", "that", "this", "after", "over", "into", "says", "said", "will", "have"}
_STOP_BIGRAMS = {"关于", "印发", "通知", "公告", "发布", "国家", "全国", "情况", "有关", "工作", "进一步"}

TINY_CHARS = 120
MIN_OVERLAP = 0.3


def title_terms(title: str) -> set[str]:
    terms: set[str] = set()
    for run in _CJK_RUN.findall(title):
        terms.update(char_bigrams(run, single=False))
    terms.update(w.lower() for w in _WORD.findall(title))
    return {t for t in terms if t not in _STOP_BIGRAMS and t not in _STOP_WORDS}


def title_overlap(title: str, text: str, terms: set[str] | None = None) -> float:
    """Share of the title's terms found in `text` (1.0 when the title has no usable terms)."""
    terms = title_terms(title) if terms is None else terms
    if not terms:
        return 1.0
    low = text.lower()
    return sum(1 for t in terms if t in low) / len(terms)


def body_warnings(title: str, text: str) -> list[str]:
    warnings = []
    chars = len(text.strip())
    if chars < TINY_CHARS:
        warnings.append(f"tiny body ({chars} characters)")
    if title and title_overlap(title, text[:20000]) < MIN_OVERLAP:
        warnings.append("body does not mention its title (navigation or another article?)")
    return warnings
