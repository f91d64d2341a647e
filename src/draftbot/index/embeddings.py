"""Embedding functions for the Chroma store.

`HashEmbedding` needs no model files and no network: it hashes character n-grams into a fixed
number of dimensions (the "hashing trick"). Features:

- CJK characters: unigrams (weight 0.5) and bigrams of adjacent CJK characters (weight 1.0);
- latin words (lower-cased, width-normalised): unigrams (1.0) and adjacent-word bigrams (0.7);
- numbers (``41.7``, ``1652``, ``2026``): unigrams (1.0).

Each feature gets tf-log weighting (1 + ln tf), a signed hash bucket, and the vector is L2
normalised. Hashes are a fixed integer mix (splitmix64 finaliser) over code points and over
crc32 of words, so vectors are identical across processes and machines — unlike Python's
salted `hash()`. The CJK part is vectorised with numpy because it carries most of the features.

Both classes are registered with Chroma so that a reopened collection can rebuild them from the
persisted configuration; the store still always passes its own instance (Chroma must never fall
back to its default embedding function: that one downloads a model).
"""

from __future__ import annotations

import json
import os
import re
import zlib
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from draftbot.endpoints import guard
from draftbot.index.embedder_spec import DEFAULT_DIM, LEGACY_DIM, parse_spec
from draftbot.errors import UserError
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


@register_embedding_function
class HashEmbedding(EmbeddingFunction[Documents]):
    """Hashed character/word n-grams -> `dim` floats, L2 normalised. Deterministic, offline."""

    def __init__(self, dim: int = DEFAULT_DIM) -> None:
        self.dim = int(dim)

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embed_matrix(list(input)))

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

    # --- Chroma's embedding-function protocol -------------------------------------------------
    @staticmethod
    def name() -> str:
        return "draftbot-hash"

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "HashEmbedding":
        return HashEmbedding(dim=int(config.get("dim", LEGACY_DIM)))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]

    def describe(self) -> str:
        return f"hash(dim={self.dim})"


@register_embedding_function
class OpenAIEmbedding(EmbeddingFunction[Documents]):
    """An OpenAI-compatible `/embeddings` endpoint (`--embedder openai:<model>`)."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None, timeout: float = 60.0) -> None:
        self.model = model
        self.base_url = base_url
        self._api_key = api_key
        self.timeout = timeout
        self._client = None

    def _get_client(self):
        if self._client is None:
            from openai import OpenAI

            guard(self.base_url, "embedding endpoint")
            key = self._key()
            if not key:
                raise UserError(f"embedder openai:{self.model} needs an API key (DRAFTBOT_API_KEY or OPENAI_API_KEY)")
            self._client = OpenAI(base_url=self.base_url, api_key=key, timeout=self.timeout, max_retries=2)
        return self._client

    def _key(self) -> str | None:
        return self._api_key or os.environ.get("DRAFTBOT_API_KEY") or os.environ.get("OPENAI_API_KEY")

    def __call__(self, input: Documents) -> Embeddings:
        client = self._get_client()
        out: list[np.ndarray] = []
        texts = [t if t.strip() else " " for t in input]
        for i in range(0, len(texts), 128):
            try:
                resp = client.embeddings.create(model=self.model, input=texts[i : i + 128])
            except Exception as exc:  # openai raises many types; the user needs one line
                from draftbot.endpoints import display_url, scrub

                # servers echo the Authorization header in 401 bodies: never print the key
                where = display_url(self.base_url) if self.base_url else "api.openai.com"
                raise UserError(f"embedding endpoint {where} failed: {scrub(' '.join(str(exc).split()), self._key())}") from None
            out.extend(np.asarray(d.embedding, dtype=np.float32) for d in sorted(resp.data, key=lambda d: d.index))
        return out

    def embed_matrix(self, texts: list[str]) -> np.ndarray:
        return np.vstack(self(texts)) if texts else np.zeros((0, 0), dtype=np.float32)

    @staticmethod
    def name() -> str:
        return "draftbot-openai"

    def get_config(self) -> dict[str, Any]:
        # never the key: configs are persisted in the store
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "OpenAIEmbedding":
        return OpenAIEmbedding(model=config["model"], base_url=config.get("base_url"))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]

    def describe(self) -> str:
        return f"openai:{self.model}"


def make_embedder(settings) -> HashEmbedding | OpenAIEmbedding:
    """The embedder named by `settings.embedder`: "hash", "hash:<dim>" or "openai:<model>"."""
    kind, arg = parse_spec(settings)
    if kind == "hash":
        return HashEmbedding(dim=int(arg) if arg else DEFAULT_DIM)
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return OpenAIEmbedding(model=arg, base_url=settings.base_url, api_key=key, timeout=settings.timeout)


def embedder_signature(ef) -> str:
    """What the store records to recognise the embedder that built it (name + config, JSON)."""
    return json.dumps({"name": ef.name(), "config": ef.get_config()}, sort_keys=True, ensure_ascii=False)
