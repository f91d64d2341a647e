"""`BACKENDS`: every drafting backend by name, read by `draft`, `eval` and the CLI's choices.

Adding a backend = one module implementing `Drafter` (see `base.py`) plus one line here. A factory
takes the settings and keyword arguments it may use or ignore: `accept` (the verifier, for
backends that select rather than write), `replay` (a recording), `wrap` (a layer around an LLM
chat model: the eval harness's response cache).
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
    factory: Callable[..., Drafter]
    needs_key: bool  # an API key, unless the endpoint is on loopback (a local vLLM / Ollama server)
    label: str  # one line for --help


def _extractive(settings, *, accept=None, **_) -> Drafter:
    from draftbot.backends.extractive import ExtractiveDrafter

    return ExtractiveDrafter(accept=accept)


def _llm(name: str) -> Callable[..., Drafter]:
    def make(settings, *, replay: Path | None = None, wrap=None, method_memory=None, **_) -> Drafter:
        from draftbot.backends.chat_drafter import make_llm_drafter

        if name == "replay" and replay is None:
            raise UserError("backend replay needs --replay FILE (a recording of earlier model replies)")
        return make_llm_drafter(settings, name, replay=replay, wrap=wrap, method_memory=method_memory)

    return make


BACKENDS: dict[str, BackendSpec] = {
    "extractive": BackendSpec(_extractive, False, "offline: sentences selected from the sources, no model"),
    "openai": BackendSpec(_llm("openai"), True, "any OpenAI-compatible endpoint (needs a key unless on loopback)"),
    "replay": BackendSpec(_llm("replay"), False, "recorded model replies, no network"),
}


def choices_help() -> str:
    return "; ".join(f"{name}: {spec.label}" for name, spec in BACKENDS.items())


def has_key(settings) -> bool:
    return settings.api_key is not None and bool(settings.api_key.get_secret_value())


def default_backend(settings) -> str:
    """openai when an API key is configured, else extractive."""
    return "openai" if has_key(settings) else "extractive"


def spec_of(name: str, settings) -> BackendSpec:
    """The backend named `name`, refused with one line when unknown or when it needs a key the
    settings do not have (a loopback endpoint needs none)."""
    spec = BACKENDS.get(name)
    if spec is None:
        raise UserError(f"unknown backend {name!r}: choose one of {', '.join(BACKENDS)}")
    if spec.needs_key and not has_key(settings) and not is_loopback(settings.base_url):
        raise UserError(f"backend {name} needs an API key: set OPENAI_API_KEY (or DRAFTBOT_API_KEY), "
                        "or run with --backend extractive")
    return spec


def make_drafter(settings, name: str | None = None, **kwargs) -> Drafter:
    """The drafter for backend `name` (None: `default_backend`)."""
    name = name or default_backend(settings)
    return spec_of(name, settings).factory(settings, **kwargs)
