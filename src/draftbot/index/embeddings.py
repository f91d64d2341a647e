"""Embedding functions for the Chroma store.

`HashEmbedding` (its arithmetic in hashing.py, importable without chromadb) needs no model files and no network: it hashes character n-grams into a fixed
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
from typing import Any

import numpy as np

from draftbot.index import chroma_import  # noqa: F401  (before chromadb: see there)
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from draftbot.endpoints import guard
from draftbot.errors import UserError
from draftbot.index.embedder_spec import DEFAULT_DIM, LEGACY_DIM, parse_spec
from draftbot.index.hashing import HashVectors


@register_embedding_function
class HashEmbedding(HashVectors, EmbeddingFunction[Documents]):
    """`hashing.HashVectors` as a Chroma embedding function (registered, so a reopened collection
    can rebuild it from its persisted configuration)."""

    def __init__(self, dim: int = DEFAULT_DIM) -> None:
        self.dim = int(dim)

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embed_matrix(list(input)))

    # --- Chroma's embedding-function protocol -------------------------------------------------
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
