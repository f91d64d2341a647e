"""OpenAIChat against a real HTTP server on loopback (tests/fakeserver.py): parsing, fallbacks, retries, errors."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest
from fakeserver import Delay, Empty, FakeLLMServer, Hang, Reject, Reply, Status, Truncated, fake_llm  # noqa: F401
from pydantic import BaseModel, SecretStr

from draftbot.llm import ChatModel, LLMError, OpenAIChat

KEY = "sk-test-SECRET-1234567890abcdef"


class Clause(BaseModel):
    text: str
    source_ids: list[str]


class Draft(BaseModel):
    clauses: list[Clause]


GOOD = {"clauses": [{"text": "国务院常务会议部署稳就业举措。", "source_ids": ["s1"]}]}
GOOD_JSON = json.dumps(GOOD, ensure_ascii=False)
MSGS = [{"role": "system", "content": "你是简报撰稿人。"}, {"role": "user", "content": "起草第一节。"}]


def make(server: FakeLLMServer, **kw) -> OpenAIChat:
    opts = dict(model="gpt-4o-mini", base_url=server.base_url, api_key=SecretStr(KEY), timeout=5.0,
                max_retries=2, backoff_base=0.01, backoff_max=0.05)
    opts.update(kw)
    return OpenAIChat(**opts)


def test_good_reply_parsed_with_usage_and_key_sent(fake_llm):
    fake_llm.script([Reply(GOOD_JSON, usage=(120, 30))])
    chat = make(fake_llm)
    assert isinstance(chat, ChatModel)
    res = chat.invoke(MSGS, Draft)
    assert isinstance(res.parsed, Draft)
    assert res.parsed.clauses[0].source_ids == ["s1"]
    assert res.method == "json_schema" and res.cached is False and res.model == "gpt-4o-mini"
    assert (res.usage.prompt_tokens, res.usage.completion_tokens) == (120, 30)
    assert json.loads(res.raw_text) == GOOD
    [req] = fake_llm.chat_requests()
    assert req.headers["Authorization"] == f"Bearer {KEY}"
    assert req.json["messages"][1]["content"] == "起草第一节。"
    assert req.json["response_format"]["type"] == "json_schema"
    assert req.json["temperature"] == 0.0


def test_json_schema_rejected_falls_back_to_function_calling_and_remembers(fake_llm):
    fake_llm.script([Reject(400, "This response_format type is unavailable now"), Reply(GOOD_JSON), Reply(GOOD_JSON)])
    chat = make(fake_llm)
    first = chat.invoke(MSGS, Draft)
    assert first.method == "function_calling" and first.parsed == Draft.model_validate(GOOD)
    second = chat.invoke(MSGS, Draft)
    assert second.method == "function_calling" and chat.method == "function_calling"
    reqs = fake_llm.chat_requests()
    assert len(reqs) == 3  # rejected json_schema, then function_calling twice (no second probe)
    assert reqs[0].json["response_format"]["type"] == "json_schema"
    for r in reqs[1:]:
        assert "response_format" not in r.json
        assert r.json["tools"][0]["function"]["name"] == "Draft"


def test_falls_back_to_json_mode_with_schema_in_system_message(fake_llm):
    fake_llm.script([Reject(), Status(400, message="tools are not supported by this model"), Reply(GOOD_JSON)])
    chat = make(fake_llm)
    res = chat.invoke(MSGS, Draft)
    assert res.method == "json_mode" and isinstance(res.parsed, Draft)
    last = fake_llm.chat_requests()[-1].json
    assert last["response_format"] == {"type": "json_object"}
    assert last["messages"][0]["role"] == "system" and '"clauses"' in last["messages"][0]["content"]


def test_every_method_rejected_is_one_line_error(fake_llm):
    fake_llm.reject_json_schema = "response_format json_schema unavailable"
    fake_llm.script([Status(400, message="tool use unsupported"), Status(400, message="response_format json_object unsupported")])
    with pytest.raises(LLMError) as ei:
        make(fake_llm).invoke(MSGS, Draft)
    msg = str(ei.value)
    assert fake_llm.base_url in msg and "rejected every structured-output method" in msg and "\n" not in msg


def test_429_honours_retry_after(fake_llm):
    fake_llm.script([Status(429, retry_after=1), Reply(GOOD_JSON)])
    chat = make(fake_llm)
    t0 = time.monotonic()
    res = chat.invoke(MSGS, Draft)
    elapsed = time.monotonic() - t0
    assert isinstance(res.parsed, Draft)
    assert elapsed >= 1.0
    reqs = fake_llm.chat_requests()
    assert len(reqs) == 2 and reqs[1].at - reqs[0].at >= 1.0


def test_retry_after_is_capped(fake_llm):
    fake_llm.script([Status(429, retry_after=120), Reply(GOOD_JSON)])
    t0 = time.monotonic()
    make(fake_llm, retry_after_cap=0.2).invoke(MSGS, Draft)
    assert time.monotonic() - t0 < 5
    assert len(fake_llm.chat_requests()) == 2


@pytest.mark.parametrize("codes", [[500], [503], [502, 504]])
def test_server_errors_retried_then_success(fake_llm, codes):
    fake_llm.script([Status(c) for c in codes] + [Reply(GOOD_JSON)])
    res = make(fake_llm).invoke(MSGS, Draft)
    assert isinstance(res.parsed, Draft)
    assert len(fake_llm.chat_requests()) == len(codes) + 1


def test_retries_exhausted_names_endpoint_and_status(fake_llm):
    fake_llm.script([Status(503, message="overloaded")] * 3)
    with pytest.raises(LLMError) as ei:
        make(fake_llm, max_retries=2).invoke(MSGS, Draft)
    msg = str(ei.value)
    assert fake_llm.base_url in msg and "503" in msg and "overloaded" in msg and "3 attempts" in msg
    assert len(fake_llm.chat_requests()) == 3


def test_client_error_not_retried(fake_llm):
    fake_llm.script([Status(404, message="model does-not-exist not found"), Reply(GOOD_JSON)])
    with pytest.raises(LLMError) as ei:
        make(fake_llm).invoke(MSGS, Draft)
    assert "404" in str(ei.value) and fake_llm.base_url in str(ei.value)
    assert len(fake_llm.chat_requests()) == 1


def test_connection_refused_names_endpoint():
    with socket.socket() as s:  # a port that was free a moment ago and has no listener
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    chat = OpenAIChat(model="gpt-4o-mini", base_url=url, api_key=SecretStr(KEY), timeout=2, max_retries=1,
                      backoff_base=0.01)
    t0 = time.monotonic()
    with pytest.raises(LLMError) as ei:
        chat.invoke(MSGS, Draft)
    msg = str(ei.value)
    assert url in msg and "cannot connect" in msg and "2 attempts" in msg
    assert time.monotonic() - t0 < 3


def test_timeout_names_endpoint_quickly(fake_llm):
    fake_llm.script([Hang(), Hang()])
    chat = make(fake_llm, timeout=0.5, max_retries=1)
    t0 = time.monotonic()
    with pytest.raises(LLMError) as ei:
        chat.invoke(MSGS, Draft)
    elapsed = time.monotonic() - t0
    msg = str(ei.value)
    assert fake_llm.base_url in msg and "timeout" in msg
    assert 1.0 <= elapsed < 3.0
    assert len(fake_llm.chat_requests()) == 2


def test_slow_reply_within_timeout_succeeds(fake_llm):
    fake_llm.script([Delay(0.3, then=Reply(GOOD_JSON))])
    res = make(fake_llm, timeout=2).invoke(MSGS, Draft)
    assert isinstance(res.parsed, Draft) and len(fake_llm.chat_requests()) == 1


def test_timeout_then_success_is_retried(fake_llm):
    fake_llm.script([Hang(), Reply(GOOD_JSON)])
    res = make(fake_llm, timeout=0.3, max_retries=1).invoke(MSGS, Draft)
    assert isinstance(res.parsed, Draft) and len(fake_llm.chat_requests()) == 2


def test_truncated_json_gets_one_corrective_retry(fake_llm):
    fake_llm.script([Truncated(GOOD_JSON[:25]), Reply(GOOD_JSON, usage=(10, 5))])
    res = make(fake_llm).invoke(MSGS, Draft)
    assert isinstance(res.parsed, Draft)
    reqs = fake_llm.chat_requests()
    assert len(reqs) == 2
    fix = reqs[1].json["messages"][-1]
    assert fix["role"] == "user" and "JSON" in fix["content"] and "length limit" in fix["content"]
    assert res.usage.prompt_tokens >= 10  # both calls counted


def test_truncated_twice_is_invalid_json_error(fake_llm):
    fake_llm.script([Truncated(GOOD_JSON[:25]), Truncated(GOOD_JSON[:30]), Reply(GOOD_JSON)])
    with pytest.raises(LLMError) as ei:
        make(fake_llm).invoke(MSGS, Draft)
    assert "invalid JSON" in str(ei.value) and fake_llm.base_url in str(ei.value)
    assert len(fake_llm.chat_requests()) == 2


def test_reply_ignoring_schema_retried_then_error(fake_llm):
    fake_llm.script([Reply('{"answer": "好的"}'), Reply('{"summary": "无"}')])
    with pytest.raises(LLMError) as ei:
        make(fake_llm).invoke(MSGS, Draft)
    msg = str(ei.value)
    assert "invalid JSON for Draft" in msg and "schema" in msg
    assert len(fake_llm.chat_requests()) == 2


def test_reply_ignoring_schema_then_corrected(fake_llm):
    fake_llm.script([Reply('{"answer": "好的"}'), Reply(GOOD_JSON)])
    res = make(fake_llm).invoke(MSGS, Draft)
    assert res.parsed == Draft.model_validate(GOOD)


def test_function_calling_invalid_arguments_retried(fake_llm):
    fake_llm.script([Reply(GOOD_JSON[:20]), Reply(GOOD_JSON)])
    res = make(fake_llm, method="function_calling").invoke(MSGS, Draft)
    assert res.method == "function_calling" and isinstance(res.parsed, Draft)
    assert len(fake_llm.chat_requests()) == 2


def test_fenced_json_in_content_accepted(fake_llm):
    fake_llm.script([Reply(f"```json\n{GOOD_JSON}\n```")])
    res = make(fake_llm).invoke(MSGS, Draft)
    assert res.parsed == Draft.model_validate(GOOD) and len(fake_llm.chat_requests()) == 1


def test_empty_content_retried_then_error(fake_llm):
    fake_llm.script([Empty(), Empty()])
    with pytest.raises(LLMError) as ei:
        make(fake_llm).invoke(MSGS, Draft)
    assert "invalid JSON" in str(ei.value) and "empty" in str(ei.value)
    assert len(fake_llm.chat_requests()) == 2


def test_responder_mode_answers_per_request(fake_llm):
    def respond(body):
        section = body["messages"][-1]["content"]
        return {"clauses": [{"text": f"回显：{section}", "source_ids": ["s9"]}]}

    fake_llm.responder = respond
    chat = make(fake_llm)
    out = [chat.invoke([{"role": "user", "content": f"第{i}节"}], Draft).parsed.clauses[0].text for i in range(3)]
    assert out == ["回显：第0节", "回显：第1节", "回显：第2节"]


def test_non_loopback_refused_when_loopback_only(monkeypatch):
    monkeypatch.setenv("DRAFTBOT_LOOPBACK_ONLY", "1")
    with pytest.raises(LLMError) as ei:
        OpenAIChat(model="gpt-4o-mini", base_url="https://api.deepseek.com/v1", api_key=SecretStr(KEY))
    assert "https://api.deepseek.com/v1" in str(ei.value) and "DRAFTBOT_LOOPBACK_ONLY" in str(ei.value)
    with pytest.raises(LLMError):
        OpenAIChat(model="gpt-4o-mini", api_key=SecretStr(KEY))  # default endpoint is api.openai.com
    for host in ("localhost", "[::1]", "127.0.0.1"):
        OpenAIChat(model="m", base_url=f"http://{host}:9/v1", api_key=None)  # loopback is fine, even keyless


def test_credentials_in_url_never_shown():
    with pytest.raises(LLMError) as ei:
        OpenAIChat(model="m", base_url=f"https://user:{KEY}@api.example.com/v1?key={KEY}", api_key=SecretStr(KEY))
    assert KEY not in str(ei.value) and "https://api.example.com/v1" in str(ei.value)


def test_missing_key_for_remote_endpoint(monkeypatch):
    monkeypatch.delenv("DRAFTBOT_LOOPBACK_ONLY")
    with pytest.raises(LLMError) as ei:
        OpenAIChat(model="gpt-4o-mini", base_url="https://api.example.com/v1", api_key=None)
    assert "no API key: set OPENAI_API_KEY or DRAFTBOT_API_KEY" in str(ei.value)
    assert "https://api.example.com/v1" in str(ei.value)
    monkeypatch.setenv("DRAFTBOT_API_KEY", KEY)  # the environment counts as configured
    chat = OpenAIChat(model="gpt-4o-mini", base_url="https://api.example.com/v1")
    assert KEY not in repr(chat)


def test_key_from_environment_is_sent(fake_llm, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    fake_llm.script([Reply(GOOD_JSON)])
    OpenAIChat(model="gpt-4o-mini", base_url=fake_llm.base_url, timeout=5).invoke(MSGS, Draft)
    assert fake_llm.chat_requests()[0].headers["Authorization"] == f"Bearer {KEY}"


def test_key_never_leaks_even_when_server_echoes_it(fake_llm, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    chat = make(fake_llm, max_retries=1)
    assert KEY not in repr(chat) and KEY not in str(chat)
    errors = []
    fake_llm.script([Status(401, message="Incorrect API key provided: {auth}")])
    fake_llm.script([Status(503, message="upstream saw {auth}"), Status(503, message="upstream saw {auth}")])
    fake_llm.script([Status(400, message="bad request from {auth}")])
    fake_llm.script([Reply(f"not json {KEY}"), Reply(f"still not json {KEY}")])
    for _ in range(4):
        with pytest.raises(LLMError) as ei:
            chat.invoke(MSGS, Draft)
        errors.append(str(ei.value))
    assert all(fake_llm.base_url in e for e in errors)
    assert "401" in errors[0] and "***" in errors[0]
    out = capsys.readouterr()
    for text in [*errors, caplog.text, out.out, out.err, repr(chat)]:
        assert KEY not in text
    assert fake_llm.chat_requests()[0].headers["Authorization"] == f"Bearer {KEY}"  # it was really sent


def test_cost_figures_come_from_usage(fake_llm):
    from draftbot.llm import estimate_cost

    fake_llm.script([Reply(GOOD_JSON, usage=(1_000_000, 1_000_000))])
    res = make(fake_llm).invoke(MSGS, Draft)
    assert estimate_cost(res.model, res.usage) == pytest.approx(0.15 + 0.60)


def test_from_settings(fake_llm, monkeypatch):
    from draftbot.config import load_settings

    monkeypatch.setenv("DRAFTBOT_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("DRAFTBOT_API_KEY", KEY)
    chat = OpenAIChat.from_settings(load_settings(model="deepseek-chat", timeout=3.0, max_retries=0))
    assert (chat.model, chat.timeout, chat.max_retries) == ("deepseek-chat", 3.0, 0)
    fake_llm.script([Reply(GOOD_JSON)])
    assert isinstance(chat.invoke(MSGS, Draft).parsed, Draft)
    req = fake_llm.chat_requests()[0]
    assert req.json["model"] == "deepseek-chat" and req.headers["authorization"] == f"Bearer {KEY}"
