"""The settings' names, defaults and environment variables, and their layering (flags >
environment > project draftbot.toml > user draftbot.toml > keyring > defaults), without pydantic.

`config.Settings` validates these values; this table is where they are named, so that a command
answered before pydantic loads (`ingest` of an unchanged corpus) reads the same settings.
"""

from __future__ import annotations

import os

ENV_PREFIX = "DRAFTBOT_"

DEFAULTS: dict[str, object] = {
    "store": ".draftbot",
    "brief": None,  # the brief draft/plan/check use when --brief is not given
    "chroma_url": None,
    # "hash" = built-in hashed character n-grams (no model, no download);
    # "openai:<model>" = an OpenAI-compatible /embeddings endpoint.
    "embedder": "hash",
    "model": "gpt-4o-mini",
    "base_url": None,
    "api_key": None,
    "timeout": 60.0,
    "max_retries": 2,
    "concurrency": 4,
}

# fields read from other variables than DRAFTBOT_<FIELD>, in order of precedence
ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "base_url": ("DRAFTBOT_BASE_URL", "OPENAI_BASE_URL"),
    # The key any backend uses first; a backend's own variable (OPENAI_API_KEY) only after it.
    "api_key": ("DRAFTBOT_API_KEY",),
}


def env_names(field: str) -> list[str]:
    """The environment variables a setting is read from, in order."""
    return list(ENV_ALIASES.get(field, (f"{ENV_PREFIX}{field.upper()}",)))


def env_value(field: str) -> tuple[str, str] | None:
    """(variable, value) of the first non-empty variable `field` is read from, or None.
    Names match case-insensitively, as the settings model reads them."""
    env = {k.upper(): k for k in os.environ}
    for name in env_names(field):
        key = env.get(name.upper())
        if key is not None and os.environ[key] != "":
            return key, os.environ[key]
    return None


def resolve(overrides: dict, fields: set[str] | None = None) -> tuple[dict, dict[str, str]]:
    """(values to build Settings from, origin of each setting): flags, then the environment
    (read by Settings itself, so not in the values), then the project file, the user file, the
    keyring, the defaults. `fields` limits the origins worked out (the files are always checked
    against every field, so a misspelt key is refused however few are asked for)."""
    from draftbot import configfile

    given = {k: v for k, v in overrides.items() if v is not None}
    origins = {k: "flag" for k in given}
    values = dict(given)
    layers = configfile.layers(set(DEFAULTS) - {configfile.SECRET})
    for field in sorted(fields if fields is not None else DEFAULTS):
        if field in origins:
            continue
        env = env_value(field)
        if env is not None:
            origins[field] = f"env {env[0]}"
            continue
        layer = next((ly for ly in layers if field in ly.values), None)
        if layer is not None:
            values[field] = layer.values[field]
            origins[field] = f"{layer.kind} {layer.path}"
        elif field == configfile.SECRET and (key := configfile.keyring_key()):
            values[field] = key
            origins[field] = "keyring"
        else:
            origins[field] = "default"
    return values, origins


def plain(overrides: dict, fields: tuple[str, ...]) -> dict[str, object]:
    """The final values of `fields` as given (strings from flags, files and the environment,
    else the default), unvalidated: for a caller that needs a few text settings before pydantic
    loads, and hands anything unusual to the full path."""
    values, _ = resolve(overrides, set(fields))
    out = {}
    for field in fields:
        env = env_value(field) if field not in values else None
        out[field] = values[field] if field in values else env[1] if env else DEFAULTS[field]
    return out


class StoreSettings:
    """What opening an embedded store reads of the settings, from `plain` values: for the
    commands answered before pydantic loads (no validation needed for it)."""

    FIELDS = ("store", "chroma_url", "embedder", "base_url")

    def __init__(self, values: dict) -> None:
        from pathlib import Path

        self.store = Path(str(values["store"])).expanduser()
        self.chroma_url = values["chroma_url"]
        self.embedder = str(values["embedder"])
        self.base_url = values["base_url"]

    def model_copy(self, update: dict) -> "StoreSettings":
        copy = StoreSettings(vars(self))
        vars(copy).update(update)
        return copy


def plain_store_settings(store: str | None) -> "StoreSettings | None":
    """`StoreSettings` for a command answered before pydantic loads, the store flag applied; None
    when a config file is bad (the full command names it)."""
    from draftbot.errors import UserError

    try:
        return StoreSettings(plain({"store": store}, StoreSettings.FIELDS))
    except (UserError, OSError):
        return None
