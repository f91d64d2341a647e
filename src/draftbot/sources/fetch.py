"""Fetch pages by URL into a folder, so they are ingested like saved files.

The raw bytes are kept exactly as served (provenance: what was cited is what was fetched), named by
their content hash, and the folder's sources.yaml records each file's final URL (after redirects)
and the charset the HTTP header declared — the loader reads both, so the page's publisher and date
can come from its URL like any saved page's. Every request, redirects included, passes
`endpoints.guard` (DRAFTBOT_LOOPBACK_ONLY refuses non-loopback hosts).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from draftbot.endpoints import display_url, guard
from draftbot.errors import UserError
from draftbot.models import LoadFailure

from .manifest import MANIFEST_NAMES, read_manifest
from .errors import SourceError

TIMEOUT = 20.0
MAX_REDIRECTS = 5
_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/markdown": ".md", "text/plain": ".txt",
}
_SUFFIXES = (".html", ".htm", ".shtml", ".pdf", ".docx", ".md", ".txt")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def read_url_list(path: Path) -> list[str]:
    """URLs from a text file: one a line; blank lines and `#` comments ignored."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"--urls {path}: cannot read ({getattr(e, 'strerror', None) or e})") from None
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def fetch_pages(urls: list[str], folder: Path, max_bytes: int, timeout: float = TIMEOUT) -> tuple[list[Path], list[LoadFailure]]:
    """Download `urls` into `folder`; (files written, one failure per URL that could not be had)."""
    import httpx

    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    failures: list[LoadFailure] = []
    entries: dict[str, dict] = {}
    hooks = {"request": [lambda request: guard(str(request.url), "page")]}
    with httpx.Client(
        follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(timeout), event_hooks=hooks,
        headers={"User-Agent": "draftbot (+source ingest)", "Accept": "text/html,application/pdf,*/*;q=0.5"},
    ) as client:
        for url in urls:
            try:
                path, entry = _fetch_one(client, url, folder, max_bytes)
            except (SourceError, UserError) as e:
                failures.append(LoadFailure(path=display_url(url), reason=str(e)))
                continue
            files.append(path)
            entries[path.name] = entry
    if entries:
        _record(folder, entries)
    return files, failures


def _fetch_one(client, url: str, folder: Path, max_bytes: int) -> tuple[Path, dict]:
    import httpx

    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise SourceError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(f"page too large ({int(declared)} bytes; limit {max_bytes}, set by DRAFTBOT_MAX_SOURCE_MB)")
            data = bytearray()
            for chunk in resp.iter_bytes():
                data += chunk
                if len(data) > max_bytes:
                    raise SourceError(f"page too large (over {max_bytes} bytes; limit set by DRAFTBOT_MAX_SOURCE_MB)")
            final = str(resp.url)
            ctype = resp.headers.get("content-type", "")
    except httpx.TooManyRedirects:
        raise SourceError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise SourceError(f"timed out after {client.timeout.read:g} s") from None
    except httpx.HTTPError as e:
        raise SourceError(f"could not fetch: {type(e).__name__}") from None
    if not data.strip():
        raise SourceError("empty response")
    ext = _extension(ctype, final)
    name = hashlib.sha256(bytes(data)).hexdigest()[:16] + ext
    path = folder / name
    path.write_bytes(bytes(data))
    entry: dict = {"url": final}
    m = _CHARSET.search(ctype)
    if m:
        entry["charset"] = m.group(1).lower()
    return path, entry


def _extension(content_type: str, url: str) -> str:
    mime = content_type.split(";")[0].strip().lower()
    if mime in _TYPES:
        return _TYPES[mime]
    path = url.split("?")[0].split("#")[0].lower()
    for suffix in _SUFFIXES:
        if path.endswith(suffix):
            return ".html" if suffix in (".htm", ".shtml") else suffix
    return ".html"


def _record(folder: Path, entries: dict[str, dict]) -> None:
    """Merge `entries` into the folder's sources.yaml (written whole, then renamed into place)."""
    manifest = folder / MANIFEST_NAMES[0]
    data: dict = {}
    if manifest.exists():
        try:
            data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            data = {}
    data.update(entries)
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    tmp.replace(manifest)
    read_manifest(manifest)  # what we wrote must read back
