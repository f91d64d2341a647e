"""Source loaders: md/txt (front matter), html, pdf, docx, with an optional sources.yaml manifest.

    result = load_paths([Path("corpus")])   # LoadResult(sources, failures, duplicates)
    source = load_file(Path("a.md"))         # Source, or raises SourceError(reason)

See `loader` for the folder rules (skips, duplicates, ordering) and `manifest` for sources.yaml.
"""

from .errors import SourceError

# Loaded on first use: `ingest` lists a corpus through `walk` without importing any reader.
_LAZY = {
    "SUPPORTED": "loader", "Duplicate": "loader", "LoadResult": "loader", "load_file": "loader",
    "load_paths": "loader", "max_source_bytes": "limits", "read_manifest": "manifest", "source_id": "identity",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'draftbot.sources' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)


__all__ = [
    "SUPPORTED",
    "Duplicate",
    "LoadResult",
    "SourceError",
    "load_file",
    "load_paths",
    "max_source_bytes",
    "read_manifest",
    "source_id",
]
