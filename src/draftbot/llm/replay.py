"""Offline replay of recorded LLM responses, and the recorder that makes the file.

A maintainer with a key runs once through `RecordingChat(OpenAIChat(...), path)`; everyone else (CI,
evals) runs `ReplayChat(path, model)` with no network. Responses are keyed by `prompt_key`, so any
change to the prompt, schema, model or temperature is a miss, reported with the key and the file.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from pydantic import BaseModel

from draftbot.llm.base import ChatModel, ChatResult, InvalidReply, LLMError, Usage, parse_reply, prompt_key


def _params(temperature: float) -> dict:
    return {"temperature": temperature}


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise LLMError(f"replay file {path}: unreadable ({exc})") from None
    if not isinstance(data, dict):
        raise LLMError(f"replay file {path}: expected a JSON object of recorded responses")
    return data


class ReplayChat:
    """Answers from a JSON file `{prompt_key: {"raw_text", "usage", "model"}}`; never calls out."""

    def __init__(self, path: Path | str, model: str):
        self.path = Path(path)
        self.model = model
        self.name = f"replay:{model}"
        if not self.path.is_file():
            raise LLMError(f"replay file {self.path}: not found")
        self._records = _load(self.path)

    def __repr__(self) -> str:
        return f"ReplayChat(path={str(self.path)!r}, model={self.model!r}, records={len(self._records)})"

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        key = prompt_key(self.model, messages, schema, _params(temperature))
        rec = self._records.get(key)
        if rec is None:
            raise LLMError(f"replay file {self.path}: no recorded response for key {key} "
                           f"(model {self.model}; the prompt, schema or parameters changed since recording?)")
        try:
            parsed = parse_reply(rec.get("raw_text"), schema)
        except InvalidReply as exc:
            raise LLMError(f"replay file {self.path}: recorded response {key} returned invalid JSON: {exc}") from None
        return ChatResult(parsed=parsed, raw_text=rec["raw_text"], usage=Usage(**(rec.get("usage") or {})),
                          model=rec.get("model") or self.model, method="replay")


class RecordingChat:
    """Passes calls to `inner` and records each response into the replay file (merged, atomic)."""

    def __init__(self, inner: ChatModel, path: Path | str):
        self.inner = inner
        self.path = Path(path)
        self.model = inner.model
        self.name = f"recording:{inner.name}"
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RecordingChat(inner={self.inner!r}, path={str(self.path)!r})"

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        result = self.inner.invoke(messages, schema, temperature=temperature)
        key = prompt_key(self.inner.model, messages, schema, _params(temperature))
        with self._lock:
            records = _load(self.path)
            records[key] = {"raw_text": result.raw_text, "usage": result.usage.model_dump(), "model": result.model}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(records, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        return result
