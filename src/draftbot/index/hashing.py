"""The hash embedding's arithmetic, without chromadb: a reader that answers from draftbot's own
files embeds its query with it (see embeddings.HashEmbedding, the same vectors, for Chroma).

Features: CJK unigrams (0.5) and bigrams (1.0), latin words (1.0) and word bigrams (0.7), numbers
(1.0); tf-log weighting, a signed bucket per feature (splitmix64 over code points, crc32 over
words: identical across processes and machines), L2 normalised.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from draftbot.index.embedder_spec import DEFAULT_DIM
from draftbot.text.normalize import normalize_width

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_BIGRAM_SALT = np.uint64(0x9E3779B97F4A7C15)
_WORD_SALT = 0x51ED27  # keeps word hashes apart from code-point hashes
_WORD = re.compile(r"[a-z][a-z0-9'\-]*[a-z0-9]|[a-z]|\d+(?:\.\d+)?")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a stable, well-spread 64-bit hash of 64-bit integers."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> _S30)) * _M1
        x = (x ^ (x >> _S27)) * _M2
        return x ^ (x >> _S31)


def _is_cjk(cp: np.ndarray) -> np.ndarray:
    return ((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF)) | ((cp >= 0xF900) & (cp <= 0xFAFF))


class HashVectors:
    """Hashed character/word n-grams -> `dim` floats, L2 normalised. Deterministic, offline."""

    def __init__(self, dim: int = DEFAULT_DIM) -> None:
        self.dim = int(dim)

    def embed_matrix(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32 matrix; rows are unit length (or zero for empty text)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            keys, weights = self._features(text)
            if keys.size == 0:
                continue
            uniq, first, counts = np.unique(keys, return_index=True, return_counts=True)
            # per distinct feature: its category weight times 1 + ln(tf)
            w = weights[first] * (1.0 + np.log(counts))
            h = _mix(uniq)
            bucket = (h % np.uint64(self.dim)).astype(np.int64)
            sign = np.where((h >> np.uint64(63)) == 1, -1.0, 1.0)
            vec = np.bincount(bucket, weights=sign * w, minlength=self.dim)
            norm = np.linalg.norm(vec)
            if norm > 0:
                out[row] = vec / norm
        return out

    @staticmethod
    def _features(text: str) -> tuple[np.ndarray, np.ndarray]:
        t = normalize_width(text).lower()
        cp = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        cjk = _is_cjk(cp)
        uni = cp[cjk]
        both = cjk[:-1] & cjk[1:]
        bi = (cp[:-1][both] << np.uint64(21)) | cp[1:][both] | (np.uint64(1) << np.uint64(62))
        words = _WORD.findall(t)
        wkeys = [zlib.crc32(w.encode()) | (_WORD_SALT << 32) for w in words]
        wkeys += [zlib.crc32(f"{a} {b}".encode()) | ((_WORD_SALT + 1) << 32) for a, b in zip(words, words[1:])]
        wk = np.array(wkeys, dtype=np.uint64)
        wweights = np.concatenate([np.ones(len(words)), np.full(max(len(words) - 1, 0), 0.7)])
        keys = np.concatenate([uni, bi ^ _BIGRAM_SALT, wk])
        weights = np.concatenate([np.full(uni.size, 0.5), np.ones(bi.size), wweights])
        return keys, weights

    @staticmethod
    def name() -> str:
        return "draftbot-hash"
