"""The loopback fake server itself speaks what the OpenAI SDK expects (others build tests on it)."""

from __future__ import annotations

import time

import openai
import pytest
from fakeserver import FakeLLMServer, Reply, SlowStream, Status, fake_llm  # noqa: F401

KEY = "sk-test-SECRET-1234567890abcdef"


def client(server: FakeLLMServer, **kw) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0, timeout=5, **kw)


def test_plain_chat_completion(fake_llm):
    fake_llm.script([Reply("你好", usage=(7, 2))])
    resp = client(fake_llm).chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert resp.choices[0].message.content == "你好" and resp.choices[0].finish_reason == "stop"
    assert resp.usage.prompt_tokens == 7 and resp.usage.completion_tokens == 2
    assert fake_llm.requests[0].path == "/v1/chat/completions"


def test_slow_stream_arrives_in_pieces(fake_llm):
    fake_llm.script([SlowStream("流式输出的内容", delay=0.05, chunk=2)])
    t0 = time.monotonic()
    stream = client(fake_llm).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True, stream_options={"include_usage": True})
    pieces, usage = [], None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        usage = chunk.usage or usage
    assert "".join(pieces) == "流式输出的内容" and len(pieces) == 4
    assert time.monotonic() - t0 >= 0.2
    assert usage is not None and usage.completion_tokens > 0


def test_tool_call_when_tools_offered(fake_llm):
    fake_llm.script([Reply('{"a": 1}')])
    resp = client(fake_llm).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}],
        tools=[{"type": "function", "function": {"name": "Out", "parameters": {"type": "object"}}}])
    call = resp.choices[0].message.tool_calls[0]
    assert call.function.name == "Out" and call.function.arguments == '{"a": 1}'


def test_status_with_retry_after_header(fake_llm):
    fake_llm.script([Status(429, retry_after=2, message="slow down")])
    with pytest.raises(openai.RateLimitError) as ei:
        client(fake_llm).chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert ei.value.response.headers["retry-after"] == "2" and "slow down" in str(ei.value)


def test_embeddings_deterministic_float_and_base64(fake_llm):
    c = client(fake_llm)
    a = c.embeddings.create(model="e", input=["政策", "简报"]).data  # SDK asks for base64 by default
    b = c.embeddings.create(model="e", input=["政策", "简报"], encoding_format="float").data
    assert len(a) == 2 and len(a[0].embedding) == fake_llm.embedding_dim
    assert a[0].embedding == pytest.approx(b[0].embedding, abs=1e-6)
    assert a[0].embedding != pytest.approx(a[1].embedding)
    assert sum(x * x for x in b[0].embedding) == pytest.approx(1.0)


def test_models_listing(fake_llm):
    assert [m.id for m in client(fake_llm).models.list()] == [fake_llm.model]


def test_unscripted_request_is_not_retryable_error(fake_llm):
    with pytest.raises(openai.APIStatusError) as ei:
        client(fake_llm).chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert ei.value.status_code == 418 and "no scripted reply" in str(ei.value)
