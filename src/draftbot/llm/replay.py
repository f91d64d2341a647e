"""Offline replay of recorded LLM responses, and the recorder that makes the file.

A maintainer with a key (or any OpenAI-compatible endpoint) runs once through
`RecordingChat(OpenAIChat(...), path)`; everyone else (CI, evals) runs `ReplayChat(path)` with no
network. Responses are keyed by `prompt_key` (model, messages, schema, temperature), so any change
to a prompt is a miss. The file also records each prompt file's hash at recording time, so a miss
caused by an edited prompt says which file changed and that the case must be re-recorded, instead
of a bare hash.

File format (`replay.json`):

    {"format": "draftbot-replay/2", "model": "...", "prompts": {"section.md": "<hash>", ...},
     "note": "optional, e.g. hand-written replies", "replies": {"<prompt_key>": {"raw_text", "usage", "model"}}}

The first format (a bare object of replies) is still read; it has no prompt hashes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel

from draftbot.llm.base import ChatModel, ChatResult, InvalidReply, LLMError, Usage, parse_reply, prompt_key

FORMAT = "draftbot-replay/2"
_PLACEHOLDER = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")


def _params(temperature: float) -> dict:
    return {"temperature": temperature}


def prompt_hash(text: str) -> str:
    from draftbot.resources import content_hash

    return content_hash(text)


def shipped_prompts() -> dict[str, str]:
    """The prompt files this installation drafts with: file name -> text."""
    from draftbot.resources import data_dir

    folder = data_dir("prompts")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


class ReplayFile(BaseModel):
    model: str | None = None
    prompts: dict[str, str] = {}  # file name -> hash at recording time
    note: str | None = None
    replies: dict[str, dict] = {}

    def dump(self) -> dict:
        out: dict = {"format": FORMAT, "model": self.model, "prompts": dict(sorted(self.prompts.items()))}
        if self.note:
            out["note"] = self.note
        out["replies"] = dict(sorted(self.replies.items()))
        return out


def load_replay(path: Path, missing_ok: bool = False) -> ReplayFile:
    from draftbot.errors import UserError
    from draftbot.safefiles import check_regular

    try:
        check_regular(path, f"replay file {path}")  # a FIFO would block the run forever
    except UserError as exc:
        raise LLMError(str(exc)) from None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if missing_ok:
            return ReplayFile()
        raise LLMError(f"replay file {path}: not found") from None
    except (OSError, ValueError) as exc:
        raise LLMError(f"replay file {path}: unreadable ({exc})") from None
    if not isinstance(data, dict):
        raise LLMError(f"replay file {path}: expected a JSON object of recorded responses")
    if data.get("format") == FORMAT:
        try:
            return ReplayFile.model_validate({k: v for k, v in data.items() if k != "format"})
        except ValueError as exc:
            raise LLMError(f"replay file {path}: malformed ({str(exc).splitlines()[0]})") from None
    return ReplayFile(replies={k: v for k, v in data.items() if isinstance(v, dict)})  # format 1


def _write(path: Path, rf: ReplayFile) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(rf.dump(), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def _literal(text: str) -> str:
    """The longest stretch of a prompt file with no placeholder: it appears verbatim in any
    message built from the file."""
    parts = [s.strip() for chunk in text.split("\n=== user ===\n") for s in _PLACEHOLDER.split(chunk)]
    return max(parts, key=len, default="")


class ReplayChat:
    """Answers from a replay file; never calls out. `model` defaults to the recorded one;
    `prompts` (file name -> text, default: the shipped prompt files) are compared with the
    recorded hashes to explain a miss."""

    def __init__(self, path: Path | str, model: str | None = None, prompts: Mapping[str, str] | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise LLMError(f"replay file {self.path}: not found")
        self._file = load_replay(self.path)
        self.model = model or self._file.model or "replay"
        self.name = f"replay:{self.model}"
        self._records = self._file.replies
        self._prompts = dict(prompts) if prompts is not None else None

    def __repr__(self) -> str:
        return f"ReplayChat(path={str(self.path)!r}, model={self.model!r}, records={len(self._records)})"

    def changed_prompts(self, messages: list[dict] | None = None) -> list[str]:
        """Prompt files whose hash differs from the recording's; with `messages`, narrowed to the
        files these messages were built from (when that can be told)."""
        recorded = self._file.prompts
        if not recorded:
            return []
        current = self._prompts if self._prompts is not None else shipped_prompts()
        changed = sorted(n for n, h in recorded.items() if n in current and prompt_hash(current[n]) != h)
        changed += sorted(n for n in current if n not in recorded)
        if messages and len(changed) > 1:
            text = "\n".join(m.get("content", "") for m in messages if isinstance(m.get("content"), str))
            mine = [n for n in changed if n in current and _literal(current[n]) and _literal(current[n]) in text]
            changed = mine or changed
        return changed

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        key = prompt_key(self.model, messages, schema, _params(temperature))
        rec = self._records.get(key)
        if rec is None:
            changed = self.changed_prompts(messages)
            if changed:
                raise LLMError(f"replay file {self.path}: prompt changed since recording: "
                               f"{', '.join(changed)} — re-record")
            raise LLMError(f"replay file {self.path}: no recorded response for key {key} "
                           f"(model {self.model}; the prompt, schema or parameters changed since recording?)")
        try:
            parsed = parse_reply(rec.get("raw_text"), schema)
        except InvalidReply as exc:
            raise LLMError(f"replay file {self.path}: recorded response {key} returned invalid JSON: {exc}") from None
        return ChatResult(parsed=parsed, raw_text=rec["raw_text"], usage=Usage(**(rec.get("usage") or {})),
                          model=rec.get("model") or self.model, method="replay",
                          corrections=int(rec.get("corrections") or 0))


class RecordingChat:
    """Passes calls to `inner` and records each reply into the replay file (merged, atomic), with
    the hash of every prompt file (`prompts`: file name -> text, default the shipped ones). A file
    recorded under other prompt versions is started afresh: its replies can no longer be asked for."""

    def __init__(self, inner: ChatModel, path: Path | str, prompts: Mapping[str, str] | None = None,
                 note: str | None = None):
        self.inner = inner
        self.path = Path(path)
        self.model = inner.model
        self.name = f"recording:{inner.name}"
        self._lock = threading.Lock()
        current = dict(prompts) if prompts is not None else shipped_prompts()
        self.prompts = {n: prompt_hash(t) for n, t in current.items()}
        old = load_replay(self.path, missing_ok=True)
        stale = old.prompts != self.prompts or (old.model not in (None, self.model))
        self._file = ReplayFile(model=self.model, prompts=self.prompts, note=note or old.note,
                                replies={} if stale else old.replies)
        self.recorded = 0

    def __repr__(self) -> str:
        return f"RecordingChat(inner={self.inner!r}, path={str(self.path)!r})"

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        result = self.inner.invoke(messages, schema, temperature=temperature)
        key = prompt_key(self.inner.model, messages, schema, _params(temperature))
        with self._lock:
            entry = {"raw_text": result.raw_text, "usage": result.usage.model_dump(), "model": result.model}
            if result.corrections:  # replayed, the run still says how many corrective retries it took
                entry["corrections"] = result.corrections
            self._file.replies[key] = entry
            self.recorded += 1
            _write(self.path, self._file)
        return result


RecordingChatModel = RecordingChat  # the name the issue uses
