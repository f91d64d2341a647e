"""Stat cache for ingest: skip unchanged files without reading them (like git's index)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from draftbot.index.store import Store

# Bump when loading rules change what id a file gets: every cached entry then misses once, and
# the next ingest reads each file again (a source whose text or metadata now reads differently is
# updated). 2: merged table cells, rate columns in %, portal titles and channel names; 3: share
# columns (比例, 利用率) in %, a 单位 column, a bound target's unit, a rate's change in points;
# 4: a document's handling marks (内部参考) and the issuer's line under its title, 全年累计 columns;
# 5: a table's 序号 column is no row label, a target cell's qualifier follows its unit (88%左右);
# 6: a PDF's cell-per-line tables and cut figures, months written 2027.01 heading columns, merged labels;
# 7: a byline with its department and a labelled date (…协会 统计信息部 发布日期：2027年3月31日).
LOADER_VERSION = 7
RACY_SECONDS = 1.0  # a file modified this recently may change again within its mtime tick (1 s: HFS+, ext3)


def _abs(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


def file_stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


_PARSED: dict[tuple, dict] = {}


def _parsed(path: Path) -> dict:
    """The cache file's JSON, parsed once per version of the file in a process: an ingest that is
    not a no-op asks three times (the plain-form answer, the command's no-op test, the ingest)."""
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in _PARSED:
        _PARSED.clear()
        _PARSED[key] = json.loads(path.read_text(encoding="utf-8"))
    return _PARSED[key]


class StatCache:
    """(absolute path, size, mtime_ns, inode, manifest fields) -> source id, like git's index.

    Only a hint: a hit counts only when the id is a committed source of the store, and a file
    whose stat differs is read and hashed as usual. Entries for files modified less than
    RACY_SECONDS before they were read are not kept (an edit within the same mtime tick would
    otherwise go unnoticed). Kept beside an embedded store; for a server, in the local store folder.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, list] = {}
        self.state: dict | None = None  # the store as the last ingest left it (see ingest._noop_answer)
        self.dirty = False
        self.now = time.time()
        self._plain: str | None = None  # the context of a file no manifest speaks of
        if path is not None:
            try:
                data = _parsed(path)
                if data.get("version") == LOADER_VERSION:
                    self.entries = dict(data.get("files", {}))
                    self.state = data.get("state")
            except (OSError, ValueError, AttributeError):
                self.entries = {}

    @classmethod
    def for_store(cls, store: Store) -> "StatCache":
        if os.environ.get("DRAFTBOT_INGEST_STAT_CACHE", "1") == "0":
            return cls(None)
        if store.store_dir is not None:
            return cls(Path(store.store_dir) / "ingest-stat-cache.json")
        try:
            from draftbot.config import load_settings

            tag = hashlib.blake2b(str(store.where).encode(), digest_size=6).hexdigest()
            return cls(Path(load_settings().store).expanduser() / f"ingest-stat-cache-{tag}.json")
        except Exception:  # noqa: BLE001 - no local folder: run without the cache
            return cls(None)

    def _context(self, job) -> str:
        """The manifest fields and size limit a file was loaded with: they change its id too."""
        plain = not job.defaults and not job.entry and job.error is None
        if plain and self._plain is not None:  # most files: no manifest (16k json+hash calls otherwise)
            return self._plain
        from draftbot.sources.limits import max_source_bytes

        raw = json.dumps([job.defaults, job.entry, job.error, max_source_bytes()], sort_keys=True, default=str, ensure_ascii=False)
        context = hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()
        if plain:
            self._plain = context
        return context

    def lookup(self, job, st: tuple | None) -> str | None:
        if self.path is None or st is None:
            return None
        e = self.entries.get(getattr(job, "key", "") or _abs(job.file))
        if not e or tuple(e[:3]) != st or e[3] != self._context(job):
            return None
        return e[4]

    def ids_if_unchanged(self, jobs: list) -> list[str] | None:
        """Each job's cached source id when every file's stat matches its entry, else None: the
        no-op test over a whole corpus (`lookup` per file costs a tuple and a call per file)."""
        if self.path is None:
            return None
        entries, stat, ids = self.entries, os.stat, []
        for job in jobs:
            e = entries.get(job.key or _abs(job.file))
            if not e:
                return None
            try:
                st = stat(job.file)
            except OSError:
                return None
            if e[0] != st.st_size or e[1] != st.st_mtime_ns or e[2] != st.st_ino or e[3] != self._context(job):
                return None
            ids.append(e[4])
        return ids

    def ids_of_stats(self, files: list[tuple[str, os.stat_result]]) -> list[str] | None:
        """`ids_if_unchanged` for files no manifest speaks of, by key and stat (`walk.plain_tree`)."""
        if self.path is None:
            return None
        from draftbot.sources.walk import Job

        entries, context, ids = self.entries, self._context(Job("", {}, {})), []
        for key, st in files:
            e = entries.get(key)
            if not e or e[0] != st.st_size or e[1] != st.st_mtime_ns or e[2] != st.st_ino or e[3] != context:
                return None
            ids.append(e[4])
        return ids

    def remember(self, job, st: tuple | None, sid: str) -> None:
        if self.path is None or st is None or st[1] / 1e9 > self.now - RACY_SECONDS:
            return
        self.entries[getattr(job, "key", "") or _abs(job.file)] = [*st, self._context(job), sid]
        self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        try:  # atomic replace: a crash leaves the old cache or the new one
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": LOADER_VERSION, "files": self.entries, "state": self.state}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # only a cache
