"""A source's id is a hash of its content: metadata + body, never its path."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from draftbot.models import SourceMeta

from .decode import normalize_newlines


def source_id(meta: SourceMeta | dict[str, Any], text: str) -> str:
    """sha256 (first 16 hex) of the canonical metadata JSON and the LF-normalised, trimmed body.

    Unchanged file -> same id (re-ingest is a no-op); any edit to body or metadata -> new id.
    """
    if isinstance(meta, SourceMeta):
        fields = SourceMeta.model_validate(meta.model_dump(include=set(SourceMeta.model_fields)))
    else:
        fields = SourceMeta.model_validate({k: v for k, v in meta.items() if k in SourceMeta.model_fields})
    canonical = json.dumps(fields.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    body = normalize_newlines(text).strip()
    digest = hashlib.sha256()
    digest.update(canonical.encode("utf-8"))
    digest.update(b"\n\x00\n")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()[:16]
