"""Lexical side of hybrid retrieval: jieba tokens and an in-memory BM25 index.

Tokens are computed once at ingest and stored with each chunk in Chroma (space-joined), so any
machine using the same Chroma server can rebuild the BM25 index without re-segmenting the corpus.
Tokenisation: width-normalised, lower-cased text; jieba words (no HMM: faster and deterministic);
for CJK words longer than two characters also their character bigrams (what `lcut_for_search`
does, minus its dictionary look-ups), so 新能源汽车 still matches 能源 / 汽车; punctuation dropped.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from typing import Iterable

from draftbot.text.normalize import normalize_width

_jieba = None
_KEEP = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]")
_DECIMAL = re.compile(r"\d+\.\d+")
_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


def _get_jieba():
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(60)
        logging.getLogger("jieba").setLevel(60)
        # jieba writes its dictionary cache next to itself unless told otherwise; use a writable temp dir
        cache_dir = os.path.join(tempfile.gettempdir(), f"draftbot-jieba-{os.getuid() if hasattr(os, 'getuid') else 'u'}")
        os.makedirs(cache_dir, exist_ok=True)
        jieba.dt.tmp_dir = cache_dir
        jieba.dt.cache_file = os.path.join(cache_dir, "jieba.cache")
        _jieba = jieba
    return _jieba


def tokenize(text: str) -> list[str]:
    """Search tokens of `text` (see module docstring)."""
    jieba = _get_jieba()
    t = normalize_width(text).lower()
    out: list[str] = []
    for w in jieba.lcut(t, HMM=False):
        w = w.strip()
        if not w or not _KEEP.search(w):
            continue
        out.append(w)
        if len(w) > 2 and _CJK.match(w):
            out.extend(w[i : i + 2] for i in range(len(w) - 1))
    out.extend(_DECIMAL.findall(t))  # jieba splits 11.3 at the point; keep the whole number too
    return out


def query_tokens(text: str) -> list[str]:
    """Tokens of a query: the same analysis as documents, so terms line up."""
    return tokenize(text)


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over pre-tokenised documents, with an inverted index."""

    def __init__(self, ids: list[str], docs: Iterable[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.ids = list(ids)
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for i, toks in enumerate(docs):
            self.lengths.append(len(toks))
            for term, tf in Counter(toks).items():
                self.postings[term].append((i, tf))
        n = len(self.lengths)
        self.avgdl = (sum(self.lengths) / n) if n else 0.0
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, query: list[str], allowed: set[int] | None = None) -> dict[int, float]:
        """Document index -> BM25 score, for documents sharing at least one query term."""
        out: dict[int, float] = defaultdict(float)
        k1, b, avg = self.k1, self.b, self.avgdl or 1.0
        for term, qtf in Counter(query).items():
            plist = self.postings.get(term)
            if not plist:
                continue
            idf = self.idf[term]
            for i, tf in plist:
                if allowed is not None and i not in allowed:
                    continue
                dl = self.lengths[i]
                out[i] += qtf * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avg))
        return out

    def top(self, query: list[str], n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        sc = self.scores(query, allowed)
        return sorted(sc.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
