"""OpenAI-compatible chat backend (OpenAI, DeepSeek, Qwen, vLLM, ...) via langchain_openai.ChatOpenAI.

Retries are ours, not the SDK's (the client gets max_retries=0), so we decide what is retried and how
long we wait: 429 (honouring Retry-After, capped), 500/502/503/504, connection errors and timeouts.
Structured output tries json_schema, then function_calling, then json_mode (schema described in a
system message) when a server rejects the format; the accepted method is remembered for this
instance and, given a `method_memory` (the store's `MethodMemory`), for every later process.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import threading
import time
from typing import Any

from typing import TYPE_CHECKING

from pydantic import BaseModel, SecretStr, ValidationError

from draftbot.llm.base import (
    DEFAULT_BASE_URL,
    ChatResult,
    InvalidReply,
    LLMError,
    ReplyFailed,
    Usage,
    display_url,
    is_loopback,
    loopback_only,
    parse_reply,
    corrective_message,
    schema_instruction,
    scrub,
)

if TYPE_CHECKING:
    import openai

log = logging.getLogger("draftbot.llm")

METHODS = ("json_schema", "function_calling", "json_mode")
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Words in a 400 body meaning "this server cannot do that output format", per method.
_REJECT_MARKERS = {
    "json_schema": ("response_format", "json_schema", "structured output"),
    "function_calling": ("tool", "function"),
    "json_mode": ("response_format", "json_object"),
}


class _Unsupported(Exception):
    """The server rejected this structured-output method; try the next one."""


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class OpenAIChat:
    """ChatModel over an OpenAI-compatible /chat/completions endpoint."""

    def __init__(
        self,
        model: str = "gpt-4o-mini",
        base_url: str | None = None,
        api_key: SecretStr | str | None = None,
        timeout: float = 60.0,
        max_retries: int = 2,
        *,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        retry_after_cap: float = 30.0,
        method: str | None = None,
        max_tokens: int | None = None,
        method_memory=None,
    ):
        self.model = model
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.endpoint = display_url(self.base_url)  # shown to users: no credentials, no query
        self._where = f"LLM endpoint {self.endpoint}"
        self.name = f"openai:{model}"
        self.timeout = float(timeout)
        self.max_retries = max(0, int(max_retries))
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.retry_after_cap = retry_after_cap
        self.max_tokens = max_tokens
        if method is not None and method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self._memory = method_memory  # get(endpoint, model) / put(endpoint, model, method)
        if method is None and method_memory is not None:
            remembered = method_memory.get(self.endpoint, model)
            method = remembered if remembered in METHODS else None
        self._method = method
        self._lock = threading.Lock()
        self._runnables: dict[tuple, Any] = {}

        if isinstance(api_key, str):
            api_key = SecretStr(api_key) if api_key else None
        if api_key is None:
            env = os.environ.get("DRAFTBOT_API_KEY") or os.environ.get("OPENAI_API_KEY")
            api_key = SecretStr(env) if env else None
        self._secret = api_key.get_secret_value() if api_key else None

        loopback = is_loopback(self.base_url)
        if loopback_only() and not loopback:
            raise LLMError(f"{self._where}: refusing a non-loopback LLM endpoint because DRAFTBOT_LOOPBACK_ONLY is set")
        if not self._secret and not loopback:
            raise LLMError(f"{self._where}: no API key: set OPENAI_API_KEY or DRAFTBOT_API_KEY")

        from langchain_openai import ChatOpenAI  # heavy import, only when a real backend is built

        self._llm = ChatOpenAI(
            model=model,
            base_url=self.base_url,
            # a local server (vLLM, llama.cpp, the test server) may need no key; the SDK needs some string
            api_key=SecretStr(self._secret or "no-key"),
            timeout=self.timeout,
            max_retries=0,
            use_responses_api=False,
            max_tokens=max_tokens,
        )

    @classmethod
    def from_settings(cls, settings, **kw) -> "OpenAIChat":
        return cls(model=settings.model, base_url=settings.base_url, api_key=settings.api_key,
                   timeout=settings.timeout, max_retries=settings.max_retries, **kw)

    def __repr__(self) -> str:
        return (f"OpenAIChat(model={self.model!r}, base_url={self.endpoint!r}, "
                f"api_key={'***' if self._secret else None}, timeout={self.timeout}, "
                f"max_retries={self.max_retries}, method={self._method!r})")

    __str__ = __repr__

    @property
    def method(self) -> str | None:
        """The structured-output method this endpoint accepted (None until the first call)."""
        return self._method

    # ------------------------------------------------------------------ public

    def invoke(self, messages: list[dict], schema: type[BaseModel], *, temperature: float = 0.0) -> ChatResult:
        # from the remembered method on: a server that stops accepting it still gets the later ones
        order = list(METHODS[METHODS.index(self._method):]) if self._method else list(METHODS)
        rejected: list[str] = []
        for method in order:
            try:
                return self._invoke_method(method, messages, schema, temperature)
            except _Unsupported as exc:
                rejected.append(f"{method}: {exc}")
                log.info("%s rejected structured output method %s; trying the next", self.endpoint, method)
        raise LLMError(self._clean(f"{self._where}: the server rejected every structured-output method "
                                   f"({'; '.join(rejected)})"))

    # ------------------------------------------------------------------ internals

    def _clean(self, text: str) -> str:
        return " ".join(scrub(text, self._secret).split())

    def _runnable(self, method: str, schema: type[BaseModel], temperature: float):
        key = (method, schema, temperature)
        with self._lock:
            r = self._runnables.get(key)
            if r is None:
                r = self._llm.with_structured_output(schema, method=method, include_raw=True,
                                                     temperature=temperature)
                self._runnables[key] = r
            return r

    def _invoke_method(self, method: str, messages: list[dict], schema: type[BaseModel], temperature: float) -> ChatResult:
        runnable = self._runnable(method, schema, temperature)
        convo = list(messages)
        if method == "json_mode":
            convo = [{"role": "system", "content": schema_instruction(schema)}, *convo]
        usage = Usage()
        corrected = False
        while True:
            out, call_usage, invalid = self._call_with_retries(runnable, convo, method)
            usage = usage + call_usage
            if self._method != method:
                self._accepted(method)
            try:
                parsed, raw_text = self._extract(out, schema, method) if out is not None else self._recover(invalid, schema)
                return ChatResult(parsed=parsed, raw_text=raw_text, usage=usage, model=self.model, method=method,
                                  corrections=int(corrected))
            except InvalidReply as exc:
                if corrected:
                    raise ReplyFailed(self._clean(f"{self._where}: model {self.model} returned invalid JSON for "
                                                  f"{schema.__name__} twice (also after a corrective retry): {exc}"),
                                      usage, corrections=1) from None
                corrected = True
                log.info("%s: invalid structured reply (%s); retrying once with a correction", self.endpoint, self._clean(str(exc)))
                failed = _raw_text(out.get("raw")) if out is not None else (exc.text or (invalid.text if invalid else None))
                convo = [*convo, {"role": "user", "content": corrective_message(messages, str(exc), schema.__name__, failed)}]

    def _accepted(self, method: str) -> None:
        """The server accepted `method`: start from it from now on (only ever later in METHODS, so
        a concurrent call still on an earlier method cannot move it back), here and in the store."""
        with self._lock:
            if self._method is not None and METHODS.index(self._method) >= METHODS.index(method):
                return
            self._method = method
        if self._memory is not None:
            self._memory.put(self.endpoint, self.model, method)

    def _call_with_retries(self, runnable, convo: list[dict], method: str) -> tuple[dict | None, Usage, InvalidReply | None]:
        """One successful HTTP exchange: (langchain output, usage, None), or (None, usage, InvalidReply)
        when the SDK itself refused the reply (truncated at the length limit, unparsable JSON)."""
        attempt = 0
        while True:
            try:
                out = runnable.invoke(convo)
                raw = out.get("raw")
                return out, _usage_of(raw), None
            except Exception as exc:  # classified below; anything unknown becomes a one-line LLMError
                try:
                    return None, *self._classify(exc, method)
                except _Retryable as r:
                    if attempt >= self.max_retries:
                        tries = f" after {attempt + 1} attempts" if attempt else ""
                        raise LLMError(self._clean(f"{self._where}: {r.reason}{tries}")) from None
                    wait = r.wait if r.wait is not None else min(self.backoff_max, self.backoff_base * (2 ** attempt))
                    wait += random.uniform(0, self.backoff_base / 10) if r.wait is None else 0.0
                    log.info("%s: %s; retry %d/%d in %.2fs", self.endpoint, self._clean(r.reason),
                             attempt + 1, self.max_retries, wait)
                    time.sleep(wait)
                    attempt += 1

    def _classify(self, exc: Exception, method: str) -> tuple[Usage, InvalidReply]:
        """Raise _Retryable / _Unsupported / LLMError for `exc`, or return an invalid-reply outcome."""
        import openai  # loaded with langchain_openai in __init__; kept out of `import draftbot.llm`

        if isinstance(exc, openai.APITimeoutError):
            raise _Retryable(f"no answer within {self.timeout:g}s (timeout)")
        if isinstance(exc, openai.APIConnectionError):
            cause = exc
            while cause.__cause__ is not None or cause.__context__ is not None:  # the socket-level reason
                cause = cause.__cause__ or cause.__context__
            detail = f" ({cause})" if cause is not exc and str(cause) else ""
            raise _Retryable(f"cannot connect{detail}")
        if isinstance(exc, openai.APIStatusError):
            code = exc.status_code
            msg = _error_message(exc)
            if code in RETRY_STATUSES:
                wait = self._retry_after(exc) if code == 429 else None
                raise _Retryable(f"HTTP {code}: {msg}", wait)
            if code in (400, 422) and any(m in msg.lower() for m in _REJECT_MARKERS[method]):
                raise _Unsupported(self._clean(f"HTTP {code}: {msg}"))
            if code == 401:
                raise LLMError(self._clean(f"{self._where}: the API key was rejected (HTTP 401): {msg}")) from None
            if code == 404:
                raise LLMError(self._clean(f"{self._where}: not found (HTTP 404; check the base URL and model "
                                           f"{self.model!r}): {msg}")) from None
            raise LLMError(self._clean(f"{self._where}: request failed (HTTP {code}): {msg}")) from None
        if isinstance(exc, openai.LengthFinishReasonError):
            return _usage_of_completion(exc.completion), InvalidReply("reply cut off at the length limit (truncated JSON)")
        if isinstance(exc, openai.ContentFilterFinishReasonError):
            raise ReplyFailed(f"{self._where}: model {self.model} refused the request (content filter)") from None
        if isinstance(exc, ValidationError):
            # the SDK's own parse of a json_schema reply failed; the reply text is in the error input
            errs = exc.errors()
            first = errs[0] if errs else {}
            text = first.get("input") if isinstance(first.get("input"), str) else None
            return Usage(), InvalidReply(f"does not match the schema ({first.get('msg', 'invalid')})", text)
        if isinstance(exc, openai.OpenAIError):
            raise LLMError(self._clean(f"{self._where}: {type(exc).__name__}: {exc}")) from None
        raise LLMError(self._clean(f"{self._where}: unexpected {type(exc).__name__}: {exc}")) from None

    def _retry_after(self, exc: openai.APIStatusError) -> float | None:
        headers = getattr(exc.response, "headers", None) or {}
        ms = headers.get("retry-after-ms")
        value = headers.get("retry-after")
        wait: float | None = None
        try:
            if ms is not None:
                wait = float(ms) / 1000
            elif value is not None:
                try:
                    wait = float(value)
                except ValueError:
                    when = email.utils.parsedate_to_datetime(value)
                    wait = when.timestamp() - time.time()
        except (TypeError, ValueError):
            wait = None
        if wait is None:
            return None
        return max(0.0, min(wait, self.retry_after_cap))

    def _extract(self, out: dict, schema: type[BaseModel], method: str) -> tuple[BaseModel, str]:
        raw = out.get("raw")
        raw_text = _raw_text(raw)
        parsed = out.get("parsed")
        if isinstance(parsed, schema):
            return parsed, raw_text
        # langchain's parser failed (or found no tool call): ours tolerates fences and plain content
        return parse_reply(raw_text, schema), raw_text

    def _recover(self, invalid: InvalidReply | None, schema: type[BaseModel]) -> tuple[BaseModel, str]:
        text = invalid.text if invalid is not None else None
        if text:
            return parse_reply(text, schema), text  # e.g. a ```json fence the SDK parser refused
        raise invalid or InvalidReply("no reply")


def _error_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
        if isinstance(err, str):
            return err
    return str(getattr(exc, "message", "") or exc)


def _raw_text(raw) -> str:
    """What the model actually wrote: tool-call arguments for function_calling, else content."""
    if raw is None:
        return ""
    for call in getattr(raw, "tool_calls", None) or []:
        return json.dumps(call.get("args", {}), ensure_ascii=False)
    for call in getattr(raw, "invalid_tool_calls", None) or []:
        return str(call.get("args") or "")
    content = raw.content
    if isinstance(content, list):
        content = "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return content or ""


def _usage_of(raw) -> Usage:
    meta = getattr(raw, "usage_metadata", None) or {}
    if meta:
        return Usage(prompt_tokens=meta.get("input_tokens", 0) or 0, completion_tokens=meta.get("output_tokens", 0) or 0)
    tu = (getattr(raw, "response_metadata", None) or {}).get("token_usage") or {}
    return Usage(prompt_tokens=tu.get("prompt_tokens", 0) or 0, completion_tokens=tu.get("completion_tokens", 0) or 0)


def _usage_of_completion(completion) -> Usage:
    u = getattr(completion, "usage", None)
    if u is None:
        return Usage()
    return Usage(prompt_tokens=u.prompt_tokens or 0, completion_tokens=u.completion_tokens or 0)
