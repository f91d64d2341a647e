"""SQLite response cache: the same prompt (model + messages + schema + parameters) is asked once.

Sections are drafted concurrently, so one connection is shared under a lock (SQLite work is tiny
next to an LLM call; the lock is never held while the inner model runs). Each reply is committed
as soon as it arrives, so a run that fails half-way keeps every finished call: the re-run asks
only for the missing ones.

The same file remembers, per endpoint and model, the structured-output method the server accepted
(`MethodMemory`), so a new process does not first re-try json_schema on a server that rejects it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from pydantic import BaseModel

from draftbot.llm.base import ChatModel, ChatResult, InvalidReply, LLMError, Usage, parse_reply, prompt_key

CACHE_FILE = "llm-cache.sqlite"  # in the store folder, beside the index

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    method TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    usage TEXT NOT NULL,
    created REAL NOT NULL
)
"""
_METHODS_SCHEMA = """
CREATE TABLE IF NOT EXISTS output_methods (
    endpoint TEXT NOT NULL,
    model TEXT NOT NULL,
    method TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (endpoint, model)
)
"""


def store_cache_path(store_dir: Path | str) -> Path:
    """The store's LLM cache file (`<store>/llm-cache.sqlite`)."""
    return Path(store_dir).expanduser() / CACHE_FILE


def _connect(db_path: Path, what: str) -> sqlite3.Connection:
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(db_path, check_same_thread=False, timeout=30)
        with conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            conn.execute(_METHODS_SCHEMA)
        return conn
    except (OSError, sqlite3.Error) as exc:
        raise LLMError(f"{what} {db_path}: cannot open ({exc})") from None


class MethodMemory:
    """Which structured-output method (json_schema, function_calling, json_mode) an endpoint+model
    accepted, kept in the store so every later process starts with it. A failure to read or write
    the memory never fails a call: it only costs the one rejected request it would have saved."""

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        self._conn = _connect(self.db_path, "LLM method memory")

    def __repr__(self) -> str:
        return f"MethodMemory(db_path={str(self.db_path)!r})"

    def get(self, endpoint: str, model: str) -> str | None:
        try:
            with self._lock:
                row = self._conn.execute("SELECT method FROM output_methods WHERE endpoint = ? AND model = ?",
                                         (endpoint, model)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def put(self, endpoint: str, model: str, method: str) -> None:
        try:
            with self._lock, self._conn:
                self._conn.execute("INSERT OR REPLACE INTO output_methods (endpoint, model, method, updated) "
                                   "VALUES (?, ?, ?, ?)", (endpoint, model, method, time.time()))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class CachedChat:
    """Wraps a ChatModel; hits come back with `cached=True` (their usage is what the original call cost)."""

    def __init__(self, inner: ChatModel, db_path: Path | str):
        self.inner = inner
        self.db_path = Path(db_path)
        self.model = inner.model
        self.name = f"cached:{inner.name}"
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._conn = _connect(self.db_path, "response cache")

    def __repr__(self) -> str:
        return f"CachedChat(inner={self.inner!r}, db_path={str(self.db_path)!r})"

    def key(self, messages: list[dict], schema: type[BaseModel], temperature: float = 0.0) -> str:
        return prompt_key(self.inner.model, messages, schema, {"temperature": temperature})

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        key = self.key(messages, schema, temperature)
        with self._lock:
            row = self._conn.execute("SELECT model, method, raw_text, usage FROM responses WHERE key = ?", (key,)).fetchone()
        if row is not None:
            model, method, raw_text, usage = row
            try:
                parsed = parse_reply(raw_text, schema)
            except InvalidReply:
                parsed = None  # an entry that no longer validates is treated as a miss
            if parsed is not None:
                with self._lock:
                    self.hits += 1
                return ChatResult(parsed=parsed, raw_text=raw_text, usage=Usage(**json.loads(usage)),
                                  model=model, cached=True, method=method)
        result = self.inner.invoke(messages, schema, temperature=temperature)
        with self._lock:
            self.misses += 1
            with self._conn:
                self._conn.execute(
                    "INSERT OR REPLACE INTO responses (key, model, method, raw_text, usage, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (key, result.model, result.method, result.raw_text, result.usage.model_dump_json(), time.time()))
        return result

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "CachedChat":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def store_chat(settings, store_dir: Path | str | None = None, **kw) -> CachedChat:
    """The OpenAI-compatible chat model for `settings`, answering from the store's cache first and
    starting from the structured-output method the store remembers for its endpoint and model.
    `store_dir` defaults to `settings.store`; `kw` goes to `OpenAIChat.from_settings`."""
    from draftbot.llm.openai_chat import OpenAIChat

    path = store_cache_path(store_dir if store_dir is not None else settings.store)
    inner = OpenAIChat.from_settings(settings, method_memory=MethodMemory(path), **kw)
    return CachedChat(inner, path)
