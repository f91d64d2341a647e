"""`sources.yaml`: per-folder metadata for files that cannot carry front matter (HTML, PDF, DOCX).

Format — a mapping from file name (relative to the folder holding sources.yaml; '/' for files in
subfolders) to the same fields as front matter::

    # corpus/sources.yaml
    "*":                          # optional defaults for every file in this folder tree
      publisher: 国家统计局
      kind: release
    nbs-industry-2026-06-04.pdf:
      title: 新型工业化迈出坚实步伐 新质生产力积蓄强劲动力
      date: 2026-06-04
      url: https://www.stats.gov.cn/...
      usage: 新型工业化与高技术制造数据
    reuters/markets.html:
      publisher: Reuters
      lang: en
      keywords: [全球市场, 供应链]

Precedence, strongest first: the file's own entry, then what the file itself says (front matter,
HTML meta, PDF info, DOCX properties), then the "*" defaults. An entry wins over the file because
embedded properties are often wrong (a PDF titled "Microsoft Word - 文档1").

`charset` (written by `draftbot ingest URL`) tells the HTML reader the encoding the server declared.

Only the nearest sources.yaml applies: the one in the file's folder, else in the closest parent
folder up to the folder given on the command line. An entry naming a missing file is reported as a
failure (a typo there silently drops metadata otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .errors import SourceError
from .frontmatter import load_yaml
from .meta import clean_fields
from .walk import MANIFEST_NAMES, find_manifest  # noqa: F401  (re-exported)

DEFAULTS_KEY = "*"


class Manifest(BaseModel):
    folder: Path
    path: Path
    defaults: dict[str, Any] = Field(default_factory=dict)
    entries: dict[str, dict[str, Any]] = Field(default_factory=dict)  # relative posix name -> cleaned fields
    errors: dict[str, str] = Field(default_factory=dict)  # relative name -> reason (bad entry)

    def for_file(self, file: Path) -> tuple[dict[str, Any], dict[str, Any]]:
        """(defaults, entry) for `file`; raises SourceError when its entry is invalid."""
        try:
            rel = file.relative_to(self.folder).as_posix()
        except ValueError:
            return {}, {}
        if rel in self.errors:
            raise SourceError(self.errors[rel])
        return self.defaults, self.entries.get(rel, {})


def read_manifest(path: Path) -> Manifest:
    """Parse a manifest; a file-level problem raises SourceError, a bad entry is kept per file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{path.name}: not UTF-8 text") from None
    except OSError as e:
        raise SourceError(f"{path.name}: cannot read ({e.strerror or e})") from None
    data = load_yaml(text, path.name) or {}
    if not isinstance(data, dict):
        raise SourceError(f"{path.name}: expected a mapping of file name -> metadata")
    manifest = Manifest(folder=path.parent, path=path)
    for key, value in data.items():
        name = str(key).strip().replace("\\", "/")
        if value is None:
            value = {}
        if not isinstance(value, dict):
            manifest.errors[name] = f"{path.name}: entry '{name}' must be a mapping of fields"
            continue
        try:
            fields = clean_fields(value, f"{path.name}")
        except SourceError as e:
            manifest.errors[name] = str(e)
            continue
        if value.get("charset"):  # a fetched page's HTTP charset: a reading hint, not metadata
            fields["charset"] = str(value["charset"])
        if name == DEFAULTS_KEY:
            manifest.defaults = fields
        else:
            manifest.entries[name] = fields
    return manifest
