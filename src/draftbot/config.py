"""Settings from flags, then environment, then defaults."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DRAFTBOT_", extra="ignore", populate_by_name=True)

    store: Path = Path(".draftbot")
    chroma_url: str | None = None
    # "hash" = built-in hashed character n-grams (no model, no download);
    # "openai:<model>" = an OpenAI-compatible /embeddings endpoint.
    embedder: str = "hash"
    model: str = "gpt-4o-mini"
    base_url: str | None = Field(default=None, validation_alias=AliasChoices("DRAFTBOT_BASE_URL", "OPENAI_BASE_URL"))
    api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("DRAFTBOT_API_KEY", "OPENAI_API_KEY"))
    timeout: float = 60.0
    max_retries: int = 2
    concurrency: int = 4


def load_settings(**overrides) -> Settings:
    """Settings with CLI overrides applied (None means "not given")."""
    given = {k: v for k, v in overrides.items() if v is not None}
    # Init arguments outrank the environment in pydantic-settings, and unlike model_copy(update=)
    # they are validated (an api_key string becomes a SecretStr).
    return Settings(**given)
