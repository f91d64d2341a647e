"""Source loaders: md/txt (front matter), html, pdf, docx, with an optional sources.yaml manifest.

    result = load_paths([Path("corpus")])   # LoadResult(sources, failures, duplicates)
    source = load_file(Path("a.md"))         # Source, or raises SourceError(reason)

See `loader` for the folder rules (skips, duplicates, ordering) and `manifest` for sources.yaml.
"""

from .errors import SourceError
from .identity import source_id
from .loader import SUPPORTED, Duplicate, LoadResult, load_file, load_paths, max_source_bytes
from .manifest import read_manifest

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
