"""The embedder a setting names, and the signature a store records for it, without importing
chromadb (the embedding classes subclass Chroma's; importing it costs most of a cold start)."""

from __future__ import annotations

import json

from draftbot.errors import UserError

# `hash` without a dimension: the dimension the store was built with, or for a new store
# NEW_STORE_DIM (docs/BENCHMARKS.md, section 6: the same recall as 1,024 at about half the memory
# and a third less write time). Stores built before recorded 1,024 and keep it.
NEW_STORE_DIM = 256
LEGACY_DIM = 1024
DEFAULT_DIM = NEW_STORE_DIM


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


def is_bare_hash(settings) -> bool:
    """`hash` with no dimension: the store's own decides (see NEW_STORE_DIM)."""
    return parse_spec(settings) == ("hash", "")


def hash_dim_of(signature: str | None) -> int | None:
    """The dimension a recorded signature names, when it is the hash embedder's; else None."""
    try:
        d = json.loads(signature or "")
    except ValueError:
        return None
    if not isinstance(d, dict) or d.get("name") != "draftbot-hash":
        return None
    return int((d.get("config") or {}).get("dim", LEGACY_DIM))


def signature_for(settings) -> str:
    """Equal to `embeddings.embedder_signature(make_embedder(settings))`."""
    kind, arg = parse_spec(settings)
    if kind == "hash":
        name, config = "draftbot-hash", {"dim": int(arg) if arg else DEFAULT_DIM}
    else:
        name, config = "draftbot-openai", {"model": arg, "base_url": settings.base_url}
    return json.dumps({"name": name, "config": config}, sort_keys=True, ensure_ascii=False)
