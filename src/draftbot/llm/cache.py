"""SQLite response cache: the same prompt (model + messages + schema + parameters) is asked once.

Sections are drafted concurrently, so one connection is shared under a lock (SQLite work is tiny
next to an LLM call; the lock is never held while the inner model runs).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from pydantic import BaseModel

from draftbot.llm.base import ChatModel, ChatResult, InvalidReply, LLMError, Usage, parse_reply, prompt_key

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
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.db_path, check_same_thread=False, timeout=30)
            with self._conn:
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise LLMError(f"response cache {self.db_path}: cannot open ({exc})") from None

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
