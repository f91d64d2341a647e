"""Character-bigram similarity: the one way two short texts (subjects, headings, titles) are
compared character by character, in Chinese and in English."""

from __future__ import annotations


def char_bigrams(s: str, single: bool = True) -> set[str]:
    """The overlapping character pairs of `s`; a one-character `s` is itself when `single` (so a
    one-character subject still matches), else it has none."""
    grams = {s[i:i + 2] for i in range(len(s) - 1)}
    return grams or ({s} if s and single else set())


def share(part: set[str] | frozenset[str], whole: set[str] | frozenset[str]) -> float:
    """The share of `part`'s bigrams that `whole` has too (0 when `part` has none)."""
    return len(part & whole) / len(part) if part else 0.0


def bigram_similarity(a: str, b: str) -> float:
    """How well two strings name the same thing (0..1): the larger of the share of `a`'s bigrams
    found in `b`'s and the reverse (one may say more than the other, or less)."""
    if not a or not b:
        return 0.0
    ab, bb = char_bigrams(a), char_bigrams(b)
    return max(share(ab, bb), share(bb, ab))
