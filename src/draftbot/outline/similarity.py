"""Content similarity of sources: TF-IDF over character bigrams of title + summary + lead.

The same analysis as the lexical index (draftbot.index.lexical.tokenize_bigram), minus what says
nothing about a topic: figures and dates (two months of the same release share the topic, not the
numbers), the publisher's own name (every wire story would otherwise look alike), and a few
reporting words.
"""

from __future__ import annotations

import math
import re
from collections import _count_elements
from functools import lru_cache
from itertools import repeat
from operator import mul, truediv
from typing import Iterable, Sequence

from draftbot.index.lexical import tokenize_bigram
from draftbot.outline.headings import title_core
from draftbot.outline.sources import PlanSource
from draftbot.outline.story import StoryLinks

_STOP = frozenset(
    "中国 同比 增长 下降 上涨 报道 发布 月份 以上 其中 全国 我国 今年 去年 比上 上年 本期 记者 有关 方面 进一步 "
    "the and of in to a an on for as by with from at is was were said its it that this year percent "
    "data on after over up down "
    # a release's title form (…经济运行情况, …运行情况): every monthly series has it, it names no topic
    "运行 情况 运行情况".split()
)
_NUMERIC = re.compile(r"^\d|\d$|[年月日]\d|\d[年月日]")


def _clean(tokens: list[str], drop: "set[str] | frozenset[str]") -> list[str]:
    for t in set(tokens).difference(_TOPICAL):  # each new token judged once (no call per token)
        _topical(t)
    kept = _TOPICAL
    return [t for t in tokens if kept[t] and t not in drop]


_TOPICAL: dict[str, bool] = {}  # token -> kept: a year's store repeats its tokens thousands of times


def _topical(t: str) -> bool:
    ok = _TOPICAL.get(t)
    if ok is None:
        ok = _TOPICAL[t] = t not in _STOP and not _NUMERIC.search(t) and len(t) > 1
    return ok


def source_tokens(s: PlanSource) -> list[str]:
    """Tokens of a source for topic similarity; the title counts twice (it names the story)."""
    drop = _publisher_tokens(s.publisher)
    text = " ".join([s.title, s.title, s.summary, " ".join(s.keywords), s.lead])
    return _clean(tokenize_bigram(text), drop)


def title_tokens(s: PlanSource) -> list[str]:
    """Tokens of what names the story: the title, and for an English story its Chinese summary lead."""
    # an English story is named by its Chinese summary lead: English titles share "China", "June"…
    text = s.title if s.lang.startswith("zh") else title_core(s)
    return _clean(tokenize_bigram(text), _publisher_tokens(s.publisher))


@lru_cache(maxsize=4096)
def _publisher_tokens(publisher: str) -> frozenset[str]:
    """A publisher's own name's tokens (a store has a few hundred publishers for thousands of sources)."""
    return frozenset(tokenize_bigram(publisher))


Vector = dict[str, float]


def tfidf(docs: Sequence[list[str]]) -> list[Vector]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf) over the given documents."""
    counted, factors = _factors(docs)
    return [_unit(c, *factors) for c in counted]


def _factors(docs: Sequence[list[str]]) -> tuple[list[dict[str, int]], tuple[list[float], dict[str, float]]]:
    """Each document's term counts (first-seen order) and the weights' factors: `1 + log tf` by
    count and the idf by term, each computed once (the same floats as per document)."""
    n = len(docs)
    counted: list[dict[str, int]] = []
    df: dict[str, int] = {}
    for d in docs:
        c: dict[str, int] = {}
        _count_elements(c, d)  # Counter(d)'s counts and order, without its Python-level setup
        counted.append(c)
        _count_elements(df, c)  # documents per term
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    top = max((max(c.values()) for c in counted if c), default=0)
    return counted, ([0.0] + [1 + math.log(tf) for tf in range(1, top + 1)], idf)


def _weights(c: dict[str, int], sub: list[float], idf: dict[str, float]) -> tuple[list[float], float]:
    """A document's raw weights (in its terms' order) and their norm: the per-document formula's
    products and sum, in C loops."""
    v = list(map(mul, map(sub.__getitem__, c.values()), map(idf.__getitem__, c)))
    return v, math.sqrt(sum(map(mul, v, v))) or 1.0


def _unit(c: dict[str, int], sub: list[float], idf: dict[str, float]) -> Vector:
    v, norm = _weights(c, sub, idf)
    return dict(zip(c, map(truediv, v, repeat(norm))))


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    # the same products added in the same order, in C (the planner compares every pair of sources)
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def _is_latin(t: str) -> bool:
    """An English token (it starts with a-z), without a regex call: ~100k tokens a plan at 100k chunks."""
    return "a" <= t[:1] <= "z"
# an English side is compared only between sources with real English text (not a stray "AI" or "5G")
MIN_LATIN = 20


class Space:
    """Sources as two TF-IDF vectors: Chinese tokens and English tokens, weighed apart.

    An English wire story carries a Chinese summary and keywords; compared on Chinese tokens only
    it meets the Chinese release of the same story, instead of being diluted by its English words.
    """

    def __init__(self, token_lists: Sequence[list[str]]):
        zh, en = [], []
        for toks in token_lists:  # `_is_latin` inline: ~100k tokens a plan at 100k chunks
            zh.append([t for t in toks if not "a" <= t[:1] <= "z"])
            en.append([t for t in toks if "a" <= t[:1] <= "z"])
        self.zh = tfidf(zh)
        self.en = tfidf(en)
        self.has_en = [len(toks) >= MIN_LATIN for toks in en]

    def __len__(self) -> int:
        return len(self.zh)

    def sim(self, i: int, j: int) -> float:
        score = cosine(self.zh[i], self.zh[j])
        if self.has_en[i] and self.has_en[j]:
            score = max(score, cosine(self.en[i], self.en[j]))
        return score


def best_similarities(token_lists: Sequence[list[str]], n: int) -> list[float]:
    """For each document past the first `n`, its highest `Space.sim` to one of the first `n`,
    from an inverted index of the first `n` documents' terms (each later document's terms looked
    up once, not a cosine per pair), float for float what that index over `Space(token_lists)`
    gives; a later document's weights are computed for the terms the first `n` hold, not made
    into a unit vector (a year's store offers thousands of candidates for a day's few dozen)."""
    zh_docs = [[t for t in toks if not "a" <= t[:1] <= "z"] for toks in token_lists]
    en_docs = [[t for t in toks if "a" <= t[:1] <= "z"] for toks in token_lists]
    has_en = [len(toks) >= MIN_LATIN for toks in en_docs]
    zh, en = _FirstN(zh_docs, n), _FirstN(en_docs, n)
    out = []
    for k in range(n, len(token_lists)):
        score = zh.dots(k)
        if has_en[k]:
            eng = en.dots(k)
            score = [max(z, e) if has_en[i] else z for i, (z, e) in enumerate(zip(score, eng))]
        out.append(max(score) if score else 0.0)
    return out


class _FirstN:
    """One side's TF-IDF factors over all documents and the first `n` documents' unit vectors as
    postings (term -> [(document, weight)], in document and term order)."""

    def __init__(self, docs: Sequence[list[str]], n: int) -> None:
        self.counted, (self.sub, self.idf) = _factors(docs)
        self.n = n
        self.inv: dict[str, list[tuple[int, float]]] = {}
        for i in range(n):
            for t, w in _unit(self.counted[i], self.sub, self.idf).items():
                self.inv.setdefault(t, []).append((i, w))

    def dots(self, k: int) -> list[float]:
        """Document `k`'s dot product with each of the first `n` (its terms in their order)."""
        score = [0.0] * self.n
        c, inv = self.counted[k], self.inv
        v, norm = _weights(c, self.sub, self.idf)
        for t, x in zip(c, v):
            post = inv.get(t)
            if post:
                w = x / norm
                for i, y in post:
                    score[i] += w * y
        return score


# what one story's sources gain on the body + title scale when they share figures or bodies
STORY_BONUS = 1.0


class TopicSpace:
    """Topic closeness of two sources: body similarity plus title similarity (0..2), plus
    STORY_BONUS when they report one story by figures, bodies and dates (`outline.story`): a
    Chinese release and an English report of one package share few words.

    Two releases of one statistical series share a lot of body vocabulary but name different
    subjects in their titles; two reports of one event may word their bodies differently but
    name it alike. Adding the title cosine separates the two cases, which neither does alone.
    """

    def __init__(self, sources: Sequence[PlanSource]):
        self.body = Space([source_tokens(s) for s in sources])
        self.title = Space([title_tokens(s) for s in sources])
        self.story = StoryLinks(sources)

    def __len__(self) -> int:
        return len(self.body)

    def sim(self, i: int, j: int, loose: bool = False) -> float:
        """`loose`: story bonus for related sources too (`StoryLinks.related`: background)."""
        words = self.body.sim(i, j) + self.title.sim(i, j)
        link = self.story.related(i, j) if loose else self.story.linked(i, j, words)
        return words + (STORY_BONUS if i != j and link else 0.0)


def key_terms(text: str) -> set[str]:
    """The topical terms of a short text (a heading, a title): bigrams and words, no figures."""
    return set(_clean(tokenize_bigram(text), set()))


def names(heading: str, texts: Iterable[str], at_least: int = 2) -> bool:
    """Does a heading name what these texts (its sources' titles, summaries) are about?

    It shares a word with them (an English word, or `at_least` character bigrams: one bigram is
    too easily a coincidence, 生产 of 新质生产力 in 国内生产总值)."""
    head = key_terms(heading.split("｜", 1)[-1])  # a standing-theme prefix is not the day's topic
    named: set[str] = set()
    for t in texts:
        named |= key_terms(t)
    shared = head & named
    return any(t.isascii() and len(t) > 2 for t in shared) or len(shared) >= at_least
