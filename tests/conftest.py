"""Test isolation: a per-test store via DRAFTBOT_STORE, no real network, no key from the host."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED_TIKTOKEN = REPO.parent / "shared" / "tiktoken"

if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_TIKTOKEN.is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_TIKTOKEN)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Every test gets its own store folder and no host credentials; remote HTTP is forbidden."""
    monkeypatch.setenv("DRAFTBOT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("DRAFTBOT_CONFIG", str(tmp_path / "no-user-config.toml"))  # not the host's draftbot.toml
    for var in ("OPENAI_API_KEY", "DRAFTBOT_API_KEY", "OPENAI_BASE_URL", "DRAFTBOT_BASE_URL", "DRAFTBOT_CHROMA_URL"):
        monkeypatch.delenv(var, raising=False)
    # Like pydantic-ai's ALLOW_MODEL_REQUESTS=False: backends refuse any non-loopback endpoint.
    monkeypatch.setenv("DRAFTBOT_LOOPBACK_ONLY", "1")
    yield


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS
