"""Lexical side of hybrid retrieval: an analyzer and an in-memory BM25 index (k1 1.5, b 0.75).

Tokens are computed once at ingest and stored with each chunk in Chroma (space-joined), so any
machine using the same Chroma server can rebuild the BM25 index without re-analysing the corpus.

Two analyzers; the one a store was created with is recorded in its collection metadata:
- ``bigram`` (default): width-normalised, lower-cased; CJK runs as overlapping character bigrams,
  latin words, whole numbers (``11.3``). About 10x faster than jieba and, on the sample-day
  questions, better at rank 1 (lexical recall@1 0.95 vs 0.86), because it never depends on how a
  segmenter happened to cut 汽车产量 or 数据要素.
- ``jieba`` (``DRAFTBOT_ANALYZER=jieba`` when creating a store): jieba words (no HMM), plus the
  bigrams of longer CJK words (what ``lcut_for_search`` adds), plus whole decimal numbers.
Punctuation is dropped by both.
"""

from __future__ import annotations

import math
import os
import re
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
        import tempfile

        cache_dir = os.path.join(tempfile.gettempdir(), f"draftbot-jieba-{os.getuid() if hasattr(os, 'getuid') else 'u'}")
        os.makedirs(cache_dir, exist_ok=True)
        jieba.dt.tmp_dir = cache_dir
        jieba.dt.cache_file = os.path.join(cache_dir, "jieba.cache")
        _jieba = jieba
    return _jieba


_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|\d+(?:\.\d+)?|[a-z][a-z0-9]*")
ANALYZERS = ("bigram", "jieba")
DEFAULT_ANALYZER = os.environ.get("DRAFTBOT_ANALYZER", "bigram")


def tokenize(text: str, analyzer: str = DEFAULT_ANALYZER) -> list[str]:
    """Search tokens of `text` with the named analyzer (see module docstring)."""
    return tokenize_bigram(text) if analyzer == "bigram" else tokenize_jieba(text)


def tokenize_bigram(text: str) -> list[str]:
    """CJK runs as overlapping character bigrams (a lone character as itself), latin words, numbers."""
    out: list[str] = []
    for run in _RUNS.findall(normalize_width(text).lower()):
        if len(run) > 1 and "\u3400" <= run[0] and not run[0].isdigit():
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def tokenize_jieba(text: str) -> list[str]:
    """jieba words, plus the bigrams of longer CJK words."""
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


def term_counts(tokens: list[str]) -> tuple[list[str], list[int]]:
    """Distinct terms of a token list and their counts, in first-seen order (what the persisted
    index stores per document)."""
    c = Counter(tokens)
    return list(c.keys()), list(c.values())


def query_tokens(text: str, analyzer: str = DEFAULT_ANALYZER) -> list[str]:
    """Tokens of a query: the same analysis as documents, so terms line up."""
    return tokenize(text, analyzer)


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over pre-tokenised documents, with an inverted index.

    With `groups` (one group key per document: the source id of each chunk), `group_scores`
    also scores whole groups as if their documents were concatenated. It is computed from the
    same postings at query time, so it costs no second index.
    """

    def __init__(
        self,
        ids: list[str],
        docs: Iterable[list[str]],
        k1: float = 1.5,
        b: float = 0.75,
        groups: Iterable[str] | None = None,
    ) -> None:
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
        keys = list(groups) if groups is not None else [str(i) for i in range(n)]
        index: dict[str, int] = {}
        self.group_of: list[int] = [index.setdefault(g, len(index)) for g in keys]
        self.group_keys: list[str] = list(index)
        self.group_lengths: list[int] = [0] * len(index)
        for i, g in enumerate(self.group_of):
            self.group_lengths[g] += self.lengths[i]
        ng = len(self.group_lengths)
        self.avg_group_len = (sum(self.group_lengths) / ng) if ng else 0.0

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

    def group_scores(self, query: list[str], allowed: set[int] | None = None) -> dict[int, float]:
        """Group index -> BM25 score of the group's documents taken as one text."""
        out: dict[int, float] = defaultdict(float)
        k1, b, avg = self.k1, self.b, self.avg_group_len or 1.0
        ng = len(self.group_lengths)
        gof, glen = self.group_of, self.group_lengths
        for term, qtf in Counter(query).items():
            plist = self.postings.get(term)
            if not plist:
                continue
            tfs: dict[int, int] = defaultdict(int)
            for i, tf in plist:
                if allowed is not None and i not in allowed:
                    continue
                tfs[gof[i]] += tf
            # idf over groups, so a term every source mentions weighs little even if few chunks do
            df = len(tfs) if allowed is None else len({gof[i] for i, _ in plist})
            idf = math.log(1 + (ng - df + 0.5) / (df + 0.5))
            for g, tf in tfs.items():
                out[g] += qtf * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * glen[g] / avg))
        return out

    def top(self, query: list[str], n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        sc = self.scores(query, allowed)
        return sorted(sc.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def top_in_context(
        self, query: list[str], n: int, group_weight: float, allowed: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """Top `n` documents by ``score/best + group_weight * group score/best group score``.

        A chunk's own words decide within a source; how well its whole source matches (title,
        period, the other half of the question) decides between sources, which single chunks of
        template-like documents cannot.
        """
        sc = self.scores(query, allowed)
        if not sc:
            return []
        best = max(sc.values()) or 1.0
        gs = self.group_scores(query, allowed) if group_weight else {}
        gbest = (max(gs.values()) if gs else 0.0) or 1.0
        gof = self.group_of
        comb = {i: s / best + group_weight * gs.get(gof[i], 0.0) / gbest for i, s in sc.items()}
        return sorted(comb.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
