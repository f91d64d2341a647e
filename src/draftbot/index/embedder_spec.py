"""The embedder a setting names, and the signature a store records for it, without importing
chromadb (the embedding classes subclass Chroma's; importing it costs most of a cold start)."""

from __future__ import annotations

import json

from draftbot.errors import UserError

DEFAULT_DIM = 1024


def parse_spec(settings) -> tuple[str, str]:
    """("hash", dim or "") or ("openai", model) from `settings.embedder`; UserError otherwise."""
    spec = (settings.embedder or "hash").strip()
    kind, _, arg = spec.partition(":")
    if kind == "hash":
        if arg and not arg.isdigit():
            raise UserError(f"unknown embedder '{spec}': use 'hash', 'hash:<dim>' or 'openai:<model>'")
        return kind, arg
    if kind == "openai" and arg:
        return kind, arg
    raise UserError(f"unknown embedder '{spec}': use 'hash' or 'openai:<model>'")


def signature_for(settings) -> str:
    """Equal to `embeddings.embedder_signature(make_embedder(settings))`."""
    kind, arg = parse_spec(settings)
    if kind == "hash":
        name, config = "draftbot-hash", {"dim": int(arg) if arg else DEFAULT_DIM}
    else:
        name, config = "draftbot-openai", {"model": arg, "base_url": settings.base_url}
    return json.dumps({"name": name, "config": config}, sort_keys=True, ensure_ascii=False)
