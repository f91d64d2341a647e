"""The chat-model interface every backend implements, and helpers they share."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ValidationError

from draftbot.endpoints import display_url, is_loopback, loopback_only, scrub  # noqa: F401 (re-exported)
from draftbot.errors import UserError

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens)


class ChatResult(BaseModel):
    parsed: Any  # an instance of the requested schema
    raw_text: str
    usage: Usage = Usage()
    model: str
    cached: bool = False
    method: str  # "json_schema" | "function_calling" | "json_mode" | "replay" | "scripted"
    # corrective retries this answer took (a reply that was not the schema's JSON, asked again)
    corrections: int = 0


def retry_lines(result: ChatResult, what: str = "outline") -> list[str]:
    """The stderr line a call's corrective retries earn (`outline: 1 corrective retry`), or none."""
    n = getattr(result, "corrections", 0) or 0
    return [f"{what}: {n} corrective {'retry' if n == 1 else 'retries'}"] if n else []


_CJK = re.compile(r"[\u4e00-\u9fff]")
FAILED_QUOTE_CHARS = 600


def corrective_message(messages: list[dict], reason: str, schema_name: str, failed: str | None) -> str:
    """The message asking again after an unusable reply: in the prompt's language, quoting the
    failed reply (cut to a few hundred characters) so the model sees what to fix."""
    chinese = any(_CJK.search(str(m.get("content") or "")) for m in messages if m.get("role") == "system")
    quoted = " ".join((failed or "").split())
    if len(quoted) > FAILED_QUOTE_CHARS:
        quoted = quoted[:FAILED_QUOTE_CHARS] + "…"
    if chinese:
        said = f"你上一次的回复是：\n<reply>\n{quoted}\n</reply>\n" if quoted else "你上一次的回复是空的。\n"
        return (f"{said}这个回复无法使用：{reason}。请重新回答：只输出一个符合 {schema_name} 结构的 JSON 对象，"
                "不要附加说明文字，也不要使用代码块。")
    said = f"Your previous reply was:\n<reply>\n{quoted}\n</reply>\n" if quoted else "Your previous reply was empty.\n"
    return (f"{said}It could not be used: {reason}. Reply again with only one JSON object that matches the "
            f"required schema {schema_name}; no prose, no code fence.")


class LLMError(UserError):
    """One-line, user-facing: names the endpoint (or replay file) and the reason; never the key.

    A UserError, so the CLI prints it as one line."""


class ReplyFailed(LLMError):
    """The endpoint answered, but this prompt got no usable reply (invalid JSON twice, a content
    filter): a failure of one task, not of the endpoint, so the run may go on without it.
    `usage` and `corrections` say what the failed call cost, so it is still accounted for."""

    def __init__(self, message: str, usage: "Usage | None" = None, corrections: int = 0):
        super().__init__(message)
        self.usage = usage or Usage()
        self.corrections = corrections


@runtime_checkable
class ChatModel(Protocol):
    name: str
    model: str

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult: ...


def schema_json(schema: type[BaseModel]) -> dict:
    return {"title": schema.__name__, "schema": schema.model_json_schema()}


def prompt_key(model: str, messages: list[dict], schema: type[BaseModel] | dict | None, params: dict | None = None) -> str:
    """sha256 over model, the full prompt, the output schema and the sampling parameters."""
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        schema_part: Any = schema_json(schema)
    else:
        schema_part = schema
    blob = json.dumps({"model": model, "messages": messages, "schema": schema_part, "params": params or {}},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class InvalidReply(ValueError):
    """The model's text is not JSON matching the schema (reason in the message; `text` if known)."""

    def __init__(self, reason: str, text: str | None = None):
        super().__init__(reason)
        self.text = text


_FENCE = re.compile(r"^\s*```(?:json|JSON)?\s*\n?(.*?)\n?```\s*$", re.S)


def parse_reply(text: str | None, schema: type[BaseModel]) -> BaseModel:
    """Parse a model reply into `schema`, tolerating a ```json fence around the object."""
    if text is None or not text.strip():
        raise InvalidReply("empty reply")
    body = text.strip()
    m = _FENCE.match(body)
    if m:
        body = m.group(1).strip()
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InvalidReply(f"not JSON ({exc.msg} at char {exc.pos})") from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "object"
        raise InvalidReply(f"does not match schema {schema.__name__} ({exc.error_count()} errors; "
                           f"{where}: {first.get('msg', 'invalid')})") from None


def coerce_model(value: BaseModel, schema: type[BaseModel]) -> BaseModel:
    """A pydantic instance given for `schema`: used as is, or re-validated from its data."""
    if isinstance(value, schema):
        return value
    try:
        return schema.model_validate(value.model_dump())
    except ValidationError as exc:
        raise InvalidReply(f"does not match schema {schema.__name__} ({exc.error_count()} errors)") from None


def schema_instruction(schema: type[BaseModel]) -> str:
    """System text for json_mode, where the server does not see the schema."""
    return ("Reply with one JSON object only (no prose, no code fence) that validates against this "
            f"JSON Schema named {schema.__name__}:\n"
            + json.dumps(schema.model_json_schema(), ensure_ascii=False))


# USD per 1M tokens (input, output); list prices, for rough run-cost estimates only.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "deepseek-chat": (0.27, 1.10),
    "qwen-plus": (0.40, 1.20),
}


def estimate_cost(model: str, usage: Usage) -> float | None:
    """Estimated USD for `usage` on `model`; None for a model not in the table."""
    name = (model or "").lower().split("/")[-1]
    price = PRICES.get(name)
    if price is None:
        # dated snapshots such as gpt-4o-mini-2024-07-18: longest known prefix
        matches = [k for k in PRICES if name.startswith(k + "-")]
        if not matches:
            return None
        price = PRICES[max(matches, key=len)]
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1_000_000
