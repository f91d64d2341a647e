"""Settings: flags > environment > project draftbot.toml > user draftbot.toml > defaults
(configfile.py says where the files are).

The environment is read here (`_EnvModel`), not by pydantic-settings: importing it cost every
command ~0.1 s of startup. The rules are pydantic-settings' as this project used them: a field
is read from DRAFTBOT_<FIELD> or, when it has alias choices, from the first of those present;
names match case-insensitively; values given to the constructor win over the environment."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr

from draftbot.settings_table import DEFAULTS, ENV_ALIASES, ENV_PREFIX, env_names, resolve

__all__ = ["InputLimits", "Settings", "env_names", "load_limits", "load_settings", "resolve"]


def _field_env_names(name: str, info) -> list[str]:
    alias = info.validation_alias
    if alias is not None and hasattr(alias, "choices"):
        return [str(c) for c in alias.choices]
    return [f"{ENV_PREFIX}{name.upper()}"]


class _EnvModel(BaseModel):
    """A model whose fields not given to the constructor come from the environment."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    def __init__(self, **values) -> None:
        env = {k.upper(): v for k, v in os.environ.items()}
        from_env = {}
        for name, info in type(self).model_fields.items():
            if name in values or (info.validation_alias is not None and _given_by_alias(info, values)):
                continue
            got = next((env[n.upper()] for n in _field_env_names(name, info) if n.upper() in env), None)
            if got is not None:
                from_env[name] = got
        super().__init__(**from_env, **values)


def _given_by_alias(info, values: dict) -> bool:
    return any(str(c) in values for c in getattr(info.validation_alias, "choices", ()))


class Settings(_EnvModel):
    """Validated settings; names, defaults and environment variables are `settings_table`'s."""

    store: Path = Path(str(DEFAULTS["store"]))
    brief: Path | None = DEFAULTS["brief"]
    chroma_url: str | None = DEFAULTS["chroma_url"]
    embedder: str = DEFAULTS["embedder"]
    model: str = DEFAULTS["model"]
    base_url: str | None = Field(default=DEFAULTS["base_url"], validation_alias=AliasChoices(*ENV_ALIASES["base_url"]))
    api_key: SecretStr | None = Field(default=DEFAULTS["api_key"], validation_alias=AliasChoices(*ENV_ALIASES["api_key"]))
    timeout: float = DEFAULTS["timeout"]
    max_retries: int = DEFAULTS["max_retries"]
    concurrency: int = DEFAULTS["concurrency"]

    def key_for(self, env: str | None) -> SecretStr | None:
        """A backend's API key: `api_key` first, else the backend's own environment variable `env`."""
        if self.api_key is not None and self.api_key.get_secret_value():
            return self.api_key
        value = os.environ.get(env) if env else None
        return SecretStr(value) if value else None

    def key_origin(self, env: str | None) -> str | None:
        """Where `key_for(env)` comes from (never the value): "DRAFTBOT_API_KEY or keyring", "env X", None."""
        if self.api_key is not None and self.api_key.get_secret_value():
            return "api_key"
        return f"env {env}" if env and os.environ.get(env) else None


class InputLimits(_EnvModel):
    """How far one input may expand once opened (see sources/limits.py). Each is DRAFTBOT_<NAME>.

    The file-size limit (DRAFTBOT_MAX_SOURCE_MB) bounds what is read from disk; these bound what
    it turns into: a 600 KB DOCX can hold gigabytes of XML, and a small PDF can make every page
    re-read one huge content stream.
    """

    # Sum of the declared uncompressed sizes of a DOCX's ZIP members.
    max_unzipped_mb: float = Field(default=64.0, gt=0)
    # Uncompressed/compressed ratio allowed for a member larger than 1 MB (real DOCX XML: ~5-30).
    max_zip_ratio: float = Field(default=200.0, gt=1)
    max_zip_members: int = Field(default=5000, gt=0)
    max_pdf_pages: int = Field(default=3000, gt=0)
    # Decoded content-stream bytes that text extraction may parse per PDF, each shared stream once
    # (text extraction is slow per byte; 20 lets an uncompressed PDF at the file-size limit pass).
    max_pdf_content_mb: float = Field(default=20.0, gt=0)
    # ... and per page: pypdf parses a page's whole content stream before extraction can be stopped
    # (a 19 MB single-page stream took over 3 minutes, 3 MB over 30 s on a loaded machine).
    max_pdf_page_mb: float = Field(default=2.0, gt=0)
    # Characters of extracted text per source: a 1,000-page report holds under 2M; ingest cost
    # (chunks, number facts, Chroma writes) grows with it, and a source at the limit must stay
    # under a minute and 1 GB (docs/RELIABILITY.md).
    max_source_chars: int = Field(default=2_000_000, gt=0)
    # Elements of one HTML page: main-text extraction walks them several times (trafilatura, the
    # densest-block score), about 2-10 s per 10,000 elements; a real portal page has 1,000-10,000.
    max_html_elements: int = Field(default=40_000, gt=0)
    # Seconds text extraction may take per source file (checked between pages and parts).
    source_seconds: float = Field(default=30.0, gt=0)


_LIMITS: dict[tuple, InputLimits] = {}  # the last environment's limits (read once per source otherwise)


def load_limits() -> InputLimits:
    """The input limits from the environment; a bad value is one UserError line naming it."""
    import os

    key = tuple(sorted((k.upper(), v) for k, v in os.environ.items() if k.upper().startswith("DRAFTBOT_")))
    got = _LIMITS.get(key)
    if got is None:
        got = _read_limits()
        _LIMITS.clear()
        _LIMITS[key] = got
    return got


def _read_limits() -> InputLimits:
    from pydantic import ValidationError

    from draftbot.errors import UserError

    try:
        return InputLimits()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "DRAFTBOT_" + str(err.get("loc", ("?",))[0]).upper()
        raise UserError(f"{name}: {err.get('msg', 'invalid value')}") from None


def load_settings(**overrides) -> Settings:
    """Settings with CLI overrides applied (None means "not given")."""
    values, _ = resolve(overrides)
    try:
        return Settings(**values)
    except Exception as exc:  # a bad value from a file or the environment: one line naming it
        from pydantic import ValidationError

        from draftbot.errors import UserError

        if not isinstance(exc, ValidationError):
            raise
        err = exc.errors()[0]
        key = str(err.get("loc", ("?",))[0])
        _, origins = resolve(overrides)
        raise UserError(f"{key} ({origins.get(key, 'default')}): {err.get('msg', 'invalid value')}") from None
