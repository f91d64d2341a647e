"""A real HTTP server on loopback that speaks the OpenAI chat-completions protocol, for tests.

Tests script its behaviour step by step (`server.script([Reply(...), Status(429, retry_after=1)])`)
or answer per request with `server.responder = fn(request_json) -> str | dict | step`. Every request
is recorded in `server.requests` so tests can assert what the client actually sent.

Import from test files with `from fakeserver import fake_llm, Reply, ...` (pytest puts tests/ on
sys.path because tests/ has a conftest.py and no __init__.py) and use the `fake_llm` fixture.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import pytest

# ---------------------------------------------------------------- scripted steps


@dataclass
class Reply:
    """A normal answer. Given as a tool call when the request offers tools (function_calling),
    or when `tool_call` names a function explicitly; otherwise as message content."""

    content: str | None = ""
    tool_call: str | None = None
    finish_reason: str | None = None
    usage: tuple[int, int] | None = None  # (prompt_tokens, completion_tokens); estimated if None


@dataclass
class Status:
    """An HTTP error. `message` may contain "{auth}", replaced by the request's Authorization
    header (to test that the client scrubs a key a server echoes back)."""

    code: int
    retry_after: float | None = None
    message: str | None = None


@dataclass
class Delay:
    seconds: float
    then: Any = None  # the step to answer with after the delay (default: Reply("{}"))


@dataclass
class Truncated:
    """Content cut off at the token limit: finish_reason "length"."""

    content: str


@dataclass
class Empty:
    """A 200 answer with empty content and no tool call."""


@dataclass
class Reject:
    """Rejects a request that asks for response_format json_schema (the DeepSeek behaviour).
    A request without json_schema skips this step and takes the next one."""

    code: int = 400
    message: str = "This response_format type is unavailable now"


@dataclass
class Hang:
    """Never answers (until the server shuts down or `seconds` pass)."""

    seconds: float = 30.0


@dataclass
class SlowStream:
    """Streams `content` in pieces of `chunk` characters, `delay` seconds apart (stream=True only;
    a non-stream request gets the content after the total delay)."""

    content: str
    delay: float = 0.05
    chunk: int = 4


class Headers(dict):
    """Request headers with case-insensitive lookup (clients differ in header case)."""

    def __init__(self, items):
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default=None):
        return super().get(key.lower(), default)

    def __contains__(self, key) -> bool:
        return super().__contains__(str(key).lower())


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: Headers
    json: Any
    at: float = field(default_factory=time.monotonic)


# ---------------------------------------------------------------- helpers


def _estimate(text: str) -> int:
    return max(1, len(text) // 2)


def _prompt_text(body: dict) -> str:
    parts = []
    for m in body.get("messages") or []:
        c = m.get("content")
        if isinstance(c, str):
            parts.append(c)
        elif isinstance(c, list):
            parts.extend(p.get("text", "") for p in c if isinstance(p, dict))
    return "\n".join(parts)


def _wants_json_schema(body: dict) -> bool:
    rf = body.get("response_format")
    return isinstance(rf, dict) and rf.get("type") == "json_schema"


def _embedding(text: str, dim: int) -> list[float]:
    """Deterministic unit vector from the text's hash."""
    seed = hashlib.sha256(text.encode("utf-8")).digest()
    raw = []
    counter = 0
    while len(raw) < dim:
        block = hashlib.sha256(seed + counter.to_bytes(4, "little")).digest()
        raw.extend((b - 127.5) / 127.5 for b in block)
        counter += 1
    vec = raw[:dim]
    norm = sum(v * v for v in vec) ** 0.5 or 1.0
    return [v / norm for v in vec]


# ---------------------------------------------------------------- server


class FakeLLMServer:
    """Chat-completions, embeddings and models endpoints on 127.0.0.1 (random port)."""

    def __init__(self, *, model: str = "fake-model", embedding_dim: int = 16):
        self.model = model
        self.embedding_dim = embedding_dim
        self.requests: list[RecordedRequest] = []
        self.responder: Callable[[dict], Any] | None = None
        self.delay: float = 0.0  # fixed delay before every chat answer (benchmarks)
        self.reject_json_schema: str | None = None  # if set, every json_schema request gets 400 with it
        self._steps: list[Any] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle
    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "FakeLLMServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FakeLLMServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- scripting
    def script(self, steps: list[Any]) -> None:
        with self._lock:
            self._steps.extend(steps)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._steps)

    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next_step(self, body: dict) -> Any:
        with self._lock:
            while self._steps:
                step = self._steps.pop(0)
                if isinstance(step, Reject) and not _wants_json_schema(body):
                    continue
                return step
        if self.responder is not None:
            return self.responder(body)
        return Status(418, message="fake server: no scripted reply left")

    # -- HTTP
    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _record(self, body: Any) -> None:
                rec = RecordedRequest(self.command, self.path, Headers(self.headers.items()), body)
                with server._lock:
                    server.requests.append(rec)

            def _send_json(self, code: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                self._record(None)
                if self.path.rstrip("/").endswith("/models"):
                    self._send_json(200, {"object": "list", "data": [
                        {"id": server.model, "object": "model", "created": 0, "owned_by": "fake"}]})
                else:
                    self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_unparsed": raw.decode("utf-8", "replace")}
                self._record(body)
                path = self.path.split("?")[0].rstrip("/")
                if path.endswith("/chat/completions"):
                    self._chat(body)
                elif path.endswith("/embeddings"):
                    self._embeddings(body)
                else:
                    self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

            def _embeddings(self, body: dict) -> None:
                inputs = body.get("input")
                if isinstance(inputs, str) or (isinstance(inputs, list) and inputs and isinstance(inputs[0], int)):
                    inputs = [inputs]
                data = []
                for i, text in enumerate(inputs or []):
                    vec = _embedding(text if isinstance(text, str) else json.dumps(text), server.embedding_dim)
                    if body.get("encoding_format") == "base64":
                        emb: Any = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode()
                    else:
                        emb = vec
                    data.append({"object": "embedding", "index": i, "embedding": emb})
                tokens = sum(_estimate(t if isinstance(t, str) else "x") for t in inputs or [])
                self._send_json(200, {"object": "list", "data": data, "model": body.get("model", server.model),
                                      "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

            def _chat(self, body: dict) -> None:
                if server.delay:
                    time.sleep(server.delay)
                if server.reject_json_schema and _wants_json_schema(body):
                    self._error(400, server.reject_json_schema)
                    return
                step = server._next_step(body)
                self._answer(body, step)

            def _error(self, code: int, message: str, headers: dict[str, str] | None = None) -> None:
                self._send_json(code, {"error": {"message": message, "type": "invalid_request_error" if code < 500
                                                 else "server_error", "code": None, "param": None}}, headers)

            def _answer(self, body: dict, step: Any) -> None:
                if isinstance(step, str):
                    step = Reply(step)
                elif isinstance(step, dict):
                    step = Reply(json.dumps(step, ensure_ascii=False))
                if isinstance(step, Delay):
                    if server._stop.wait(step.seconds):
                        return
                    self._answer(body, step.then if step.then is not None else Reply("{}"))
                elif isinstance(step, Status):
                    msg = (step.message or f"fake server status {step.code}").replace(
                        "{auth}", self.headers.get("Authorization", ""))
                    headers = {"Retry-After": f"{step.retry_after:g}"} if step.retry_after is not None else None
                    self._error(step.code, msg, headers)
                elif isinstance(step, Reject):
                    self._error(step.code, step.message)
                elif isinstance(step, Hang):
                    server._stop.wait(step.seconds)
                    self.close_connection = True
                elif isinstance(step, Truncated):
                    self._reply(body, Reply(step.content, finish_reason="length"))
                elif isinstance(step, Empty):
                    self._reply(body, Reply("", finish_reason="stop"), force_content=True)
                elif isinstance(step, SlowStream):
                    if body.get("stream"):
                        self._stream(body, step)
                    else:
                        n = max(1, (len(step.content) + step.chunk - 1) // step.chunk)
                        if server._stop.wait(step.delay * n):
                            return
                        self._reply(body, Reply(step.content))
                elif isinstance(step, Reply):
                    if body.get("stream"):
                        self._stream(body, SlowStream(step.content or "", delay=0.0, chunk=max(1, len(step.content or "x"))))
                    else:
                        self._reply(body, step)
                else:
                    self._error(500, f"fake server: unknown step {step!r}")

            def _reply(self, body: dict, step: Reply, force_content: bool = False) -> None:
                content = step.content or ""
                tools = body.get("tools") or []
                tool_name = step.tool_call
                if tool_name is None and tools and not force_content:
                    tool_name = (tools[0].get("function") or {}).get("name")
                message: dict[str, Any] = {"role": "assistant", "refusal": None}
                if tool_name:
                    message["content"] = None
                    message["tool_calls"] = [{"id": f"call_{len(server.requests)}", "type": "function",
                                              "function": {"name": tool_name, "arguments": content}}]
                    finish = step.finish_reason or "tool_calls"
                else:
                    message["content"] = content
                    finish = step.finish_reason or "stop"
                if finish == "length" and tool_name:
                    finish = "length"
                pt, ct = step.usage or (_estimate(_prompt_text(body)), _estimate(content) if content else 0)
                self._send_json(200, {
                    "id": f"chatcmpl-fake{len(server.requests)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model") or server.model,
                    "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                    "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct},
                })

            def _stream(self, body: dict, step: SlowStream) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                base = {"id": f"chatcmpl-fake{len(server.requests)}", "object": "chat.completion.chunk",
                        "created": int(time.time()), "model": body.get("model") or server.model}

                def send(obj: Any) -> bool:
                    data = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
                    try:
                        self.wfile.write(f"data: {data}\n\n".encode("utf-8"))
                        self.wfile.flush()
                        return True
                    except (BrokenPipeError, ConnectionResetError):
                        return False

                if not send({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                                   "finish_reason": None}]}):
                    return
                text = step.content
                for i in range(0, len(text), step.chunk):
                    if step.delay and server._stop.wait(step.delay):
                        return
                    if not send({**base, "choices": [{"index": 0, "delta": {"content": text[i:i + step.chunk]},
                                                       "finish_reason": None}]}):
                        return
                send({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                if (body.get("stream_options") or {}).get("include_usage"):
                    pt, ct = _estimate(_prompt_text(body)), _estimate(text) if text else 0
                    send({**base, "choices": [], "usage": {"prompt_tokens": pt, "completion_tokens": ct,
                                                           "total_tokens": pt + ct}})
                send("[DONE]")

        return Handler


@pytest.fixture
def fake_llm():
    """A started FakeLLMServer, closed after the test."""
    with FakeLLMServer() as server:
        yield server
