"""`BACKENDS`: every drafting backend by name with what it can do, read by `draft`, `plan`, `eval`
and the CLI's choices. No other module compares a backend's name: callers ask a capability.

Adding a backend = one module implementing `Drafter` (see `base.py`) plus one line here. A factory
takes the settings and keyword arguments it may use or ignore: `accept` (the verifier, for
backends that select rather than write), `replay` (a recording), `wrap` (a layer around an LLM
chat model: the eval harness's response cache), `method_memory`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from draftbot.endpoints import is_loopback
from draftbot.errors import UserError

if TYPE_CHECKING:  # the models behind it are not needed to list backends in --help
    from draftbot.backends.base import Drafter


@dataclass(frozen=True)
class BackendSpec:
    """A backend and its capabilities. Every flag is stated on each line: a new backend gets the
    offline planner, the cache or a key only when its line says so."""

    factory: Callable[..., Drafter]
    label: str  # one line for --help
    plans: bool  # a chat model plans the outline and reads the prompt files (else the offline planner)
    needs_key: bool  # an API key, unless the endpoint is on loopback (a local vLLM / Ollama server)
    records: bool  # `eval --record` can write its replies into a case's replay.json
    cacheable: bool  # its replies go through the response cache (eval's SQLite cache, the store's)
    offline: bool  # never reaches the network
    replays: bool = False  # answers from a recording (`--replay FILE`, a case's replay.json)
    key_env: str | None = None  # its own key variable, read after DRAFTBOT_API_KEY and the keyring
    baseline: str | None = None  # eval baseline file name; default baseline-<name>.json


def _extractive(settings, *, accept=None, **_) -> Drafter:
    from draftbot.backends.extractive import ExtractiveDrafter

    return ExtractiveDrafter(accept=accept)


def _openai(settings, *, wrap=None, method_memory=None, **_) -> Drafter:
    from draftbot.backends.chat_drafter import openai_drafter

    return openai_drafter(settings, wrap=wrap, method_memory=method_memory)


def _replay(settings, *, replay: Path | None = None, wrap=None, **_) -> Drafter:
    from draftbot.backends.chat_drafter import replay_drafter

    if replay is None:
        raise UserError("backend replay needs --replay FILE (a recording of earlier model replies)")
    return replay_drafter(settings, replay, wrap=wrap)


BACKENDS: dict[str, BackendSpec] = {
    "extractive": BackendSpec(_extractive, "offline: sentences selected from the sources, no model",
                              plans=False, needs_key=False, records=False, cacheable=False, offline=True,
                              baseline="baseline.json"),
    "openai": BackendSpec(_openai, "any OpenAI-compatible endpoint (needs a key unless on loopback)",
                          plans=True, needs_key=True, records=True, cacheable=True, offline=False,
                          key_env="OPENAI_API_KEY"),
    "replay": BackendSpec(_replay, "recorded model replies, no network",
                          plans=True, needs_key=False, records=False, cacheable=False, offline=True, replays=True),
}
OFFLINE_DEFAULT = "extractive"  # the backend when no key is set (and `eval`'s default)


def choices_help() -> str:
    return "; ".join(f"{name}: {spec.label}" for name, spec in BACKENDS.items())


def spec(name: str) -> BackendSpec:
    """The backend named `name`, refused with one line when unknown."""
    got = BACKENDS.get(name)
    if got is None:
        raise UserError(f"unknown backend {name!r}: choose one of {', '.join(BACKENDS)}")
    return got


def can(name: str | None, capability: str) -> bool:
    """Whether backend `name` has `capability` (a `BackendSpec` flag); False for an unknown name."""
    got = BACKENDS.get(name or "")
    return bool(got is not None and getattr(got, capability))


def replaying_backend() -> str:
    """The backend `--replay FILE` implies when no --backend is given."""
    return next(name for name, s in BACKENDS.items() if s.replays)


def baseline_name(name: str) -> str:
    """The eval baseline file of backend `name` (a replay run is never compared with extractive figures)."""
    return BACKENDS[name].baseline or f"baseline-{name}.json"


def key_of(settings, name: str):
    """The API key backend `name` uses (a SecretStr), or None."""
    return settings.key_for(BACKENDS[name].key_env)


def has_key(settings, name: str) -> bool:
    return key_of(settings, name) is not None


def default_backend(settings) -> str:
    """The first backend that needs a key and has one (openai), else `OFFLINE_DEFAULT`."""
    return next((n for n, s in BACKENDS.items() if s.needs_key and has_key(settings, n)), OFFLINE_DEFAULT)


def spec_of(name: str, settings) -> BackendSpec:
    """The backend named `name`, refused with one line when unknown or when it needs a key the
    settings do not have (a loopback endpoint needs none)."""
    got = spec(name)
    if got.needs_key and not has_key(settings, name) and not is_loopback(settings.base_url):
        own = f"{got.key_env} (or DRAFTBOT_API_KEY)" if got.key_env else "DRAFTBOT_API_KEY"
        raise UserError(f"backend {name} needs an API key: set {own}, or run with --backend {OFFLINE_DEFAULT}")
    return got


def make_drafter(settings, name: str | None = None, **kwargs) -> Drafter:
    """The drafter for backend `name` (None: `default_backend`), given the settings with its key."""
    name = name or default_backend(settings)
    got = spec_of(name, settings)
    if got.needs_key:
        settings = settings.model_copy(update={"api_key": key_of(settings, name)})
    return got.factory(settings, **kwargs)
