"""ScriptedChat: the in-process test double for code built on ChatModel (no HTTP at all).

Like pydantic-ai's TestModel/FunctionModel: give it the replies in order (JSON text, a pydantic
instance, or an exception to raise), or one callable `(messages, schema) -> str | BaseModel`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Callable, Union

from pydantic import BaseModel

from draftbot.llm.base import ChatResult, InvalidReply, LLMError, Usage, coerce_model, parse_reply
from draftbot.text.tokens import estimate_tokens

ScriptedReply = Union[str, BaseModel, Exception]


@dataclass
class Call:
    messages: list[dict]
    schema: type[BaseModel]
    temperature: float


class ScriptedChat:
    def __init__(self, replies: list[ScriptedReply] | Callable[[list[dict], type[BaseModel]], str | BaseModel],
                 model: str = "scripted"):
        self.model = model
        self.name = f"scripted:{model}"
        self.calls: list[Call] = []
        self._fn = replies if callable(replies) else None
        self._replies = [] if callable(replies) else list(replies)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ScriptedChat(model={self.model!r}, left={len(self._replies)}, calls={len(self.calls)})"

    @property
    def remaining(self) -> int:
        return len(self._replies)

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        with self._lock:
            self.calls.append(Call(list(messages), schema, temperature))
            if self._fn is None:
                if not self._replies:
                    raise LLMError(f"scripted model {self.model}: no scripted reply left (call {len(self.calls)})")
                reply = self._replies.pop(0)
        if self._fn is not None:
            reply = self._fn(messages, schema)
        if isinstance(reply, BaseException):
            raise reply
        try:
            if isinstance(reply, BaseModel):
                parsed = coerce_model(reply, schema)
                raw_text = parsed.model_dump_json()
            else:
                raw_text = str(reply)
                parsed = parse_reply(raw_text, schema)
        except InvalidReply as exc:
            raise LLMError(f"scripted model {self.model}: returned invalid JSON: {exc}") from None
        prompt = "\n".join(m.get("content", "") if isinstance(m.get("content"), str) else json.dumps(m.get("content"))
                           for m in messages)
        usage = Usage(prompt_tokens=estimate_tokens(prompt), completion_tokens=estimate_tokens(raw_text))
        return ChatResult(parsed=parsed, raw_text=raw_text, usage=usage, model=self.model, method="scripted")
