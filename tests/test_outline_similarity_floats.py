"""The planner's similarity is computed once per term, per count and per token (outline/similarity.py),
and must give the floats the per-document formula gives: plans are compared byte for byte, and a
last-bit difference reorders the closest candidates (outline/narrow.py) of a year's store."""

from __future__ import annotations

import math
import random
import re
from collections import Counter

from draftbot.outline.similarity import MIN_LATIN, Space, _clean, _is_latin, best_similarities, cosine, tfidf


def _tfidf_per_document(docs):
    n = len(docs)
    df = Counter(t for d in docs for t in set(d))
    out = []
    for d in docs:
        v = {t: (1 + math.log(tf)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, tf in Counter(d).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({t: x / norm for t, x in v.items()})
    return out


def _docs(seed: int, n: int):
    rnd = random.Random(seed)
    vocab = [a + b for a in "工业增加值消费价格指数出口" for b in "业加值费格数口长"] + ["oil", "gold", "stocks", "rate", "ai"]
    return [[rnd.choice(vocab) for _ in range(rnd.randint(0, 60))] for _ in range(n)]


def test_tfidf_same_floats_as_the_per_document_formula():
    for seed in range(5):
        docs = _docs(seed, 300)
        assert tfidf(docs) == _tfidf_per_document(docs)
    assert tfidf([]) == []
    assert tfidf([[], []]) == [{}, {}]


def test_latin_tokens_are_those_starting_with_a_to_z():
    for t in ["oil", "a1", "z", "ai", "Oil", "5g", "工业", "éa", "", "{a", "`a", "ｏil"]:
        assert _is_latin(t) == bool(re.match(r"^[a-z]", t)), t


def test_space_splits_chinese_and_english_tokens():
    toks = [["工业", "oil", "gold", "增加"], ["oil"] * 25 + ["价格"]]
    sp = Space(toks)
    assert set(sp.zh[0]) == {"工业", "增加"} and set(sp.en[0]) == {"oil", "gold"}
    assert sp.has_en == [False, True]


def test_clean_drops_stop_words_figures_and_single_characters_every_time():
    tokens = ["工业", "同比", "5月", "2026", "a", "oil", "the", "增加", "工业"]
    for _ in range(2):  # the second pass answers from the per-token memo
        assert _clean(tokens, {"增加"}) == ["工业", "oil", "工业"]


def test_space_splits_as_is_latin_says():
    odd = ["", "a1", "Oil", "5g", "éa", "{a", "`a", "ｏil", "z", "zz"]
    for seed in range(3):
        docs = [d + odd[seed::3] for d in _docs(seed, 50)]
        sp = Space(docs)
        assert sp.zh == tfidf([[t for t in d if not _is_latin(t)] for d in docs])
        assert sp.en == tfidf([[t for t in d if _is_latin(t)] for d in docs])


def test_cosine_same_float_as_the_sum_of_products_in_order():
    for seed in range(5):
        vecs = tfidf(_docs(seed, 80))
        for a in vecs[:20]:
            for b in vecs[20:]:
                small, big = (b, a) if len(a) > len(b) else (a, b)
                assert cosine(a, b) == sum(x * big.get(t, 0.0) for t, x in small.items())
    assert cosine({}, {"工业": 1.0}) == 0


def _best_over_space(space: Space, n: int) -> list[float]:
    """The inverted index over the Space's unit vectors that `narrow` used (the reference)."""
    def postings(vecs):
        inv: dict = {}
        for i in range(n):
            for t, w in vecs[i].items():
                inv.setdefault(t, []).append((i, w))
        return inv

    zh, en = postings(space.zh), postings(space.en)
    out = []
    for k in range(n, len(space)):
        score = [0.0] * n
        for t, w in space.zh[k].items():
            for i, x in zh.get(t, ()):
                score[i] += w * x
        if space.has_en[k]:
            eng = [0.0] * n
            for t, w in space.en[k].items():
                for i, x in en.get(t, ()):
                    eng[i] += w * x
            score = [max(z, e) if space.has_en[i] else z for i, (z, e) in enumerate(zip(score, eng))]
        out.append(max(score) if score else 0.0)
    return out


def test_best_similarities_same_floats_as_the_index_over_unit_vectors():
    english = ["oil", "gold", "stocks", "rate", "ai", "chip", "dollar", "yen"]
    for seed in range(6):
        rnd = random.Random(seed)
        docs = [d + [rnd.choice(english) for _ in range(rnd.choice([0, 5, MIN_LATIN, 40]))] for d in _docs(seed, 120)]
        for n in (0, 1, 7, 30):
            got = best_similarities(docs, n)
            assert got == _best_over_space(Space(docs), n)
            assert len(got) == len(docs) - n
        assert any(x > 0 for x in best_similarities(docs, 7))
