"""Source loaders: md/txt (front matter), html, pdf, docx, with an optional sources.yaml manifest.

    result = load_paths([Path("corpus")])   # LoadResult(sources, failures, duplicates)
    source = load_file(Path("a.md"))         # Source, or raises SourceError(reason)

See `loader` for the folder rules (skips, duplicates, ordering) and `manifest` for sources.yaml.
"""

# imported on first use: `check` reads one light module of this package (limits) and must not
# pay for every loader (pdf, docx, html) on each run
_LAZY = {
    "SourceError": "errors", "source_id": "identity", "read_manifest": "manifest",
    **{n: "loader" for n in ("SUPPORTED", "Duplicate", "LoadResult", "load_file", "load_paths", "max_source_bytes")},
}

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


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
