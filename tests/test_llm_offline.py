"""Replay, recording, the SQLite response cache, the scripted test double, prompt keys and cost."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fakeserver import Reply, fake_llm  # noqa: F401
from pydantic import BaseModel, SecretStr

from draftbot.llm import (
    CachedChat,
    ChatModel,
    LLMError,
    OpenAIChat,
    RecordingChat,
    ReplayChat,
    ScriptedChat,
    Usage,
    estimate_cost,
    prompt_key,
)

KEY = "sk-test-SECRET-1234567890abcdef"


class Clause(BaseModel):
    text: str
    source_ids: list[str]


class Draft(BaseModel):
    clauses: list[Clause]


class Other(BaseModel):
    clauses: list[str]


def draft(text: str, sid: str = "s1") -> str:
    return json.dumps({"clauses": [{"text": text, "source_ids": [sid]}]}, ensure_ascii=False)


def msgs(section: str) -> list[dict]:
    return [{"role": "system", "content": "起草简报。"}, {"role": "user", "content": section}]


def openai_chat(server, **kw) -> OpenAIChat:
    return OpenAIChat(model="gpt-4o-mini", base_url=server.base_url, api_key=SecretStr(KEY), timeout=5,
                      max_retries=0, **kw)


# ---------------------------------------------------------------- prompt_key


def test_prompt_key_changes_with_each_input():
    base = prompt_key("gpt-4o-mini", msgs("一"), Draft, {"temperature": 0.0})
    assert len(base) == 64 and base == prompt_key("gpt-4o-mini", msgs("一"), Draft, {"temperature": 0.0})
    variants = [
        prompt_key("gpt-4o", msgs("一"), Draft, {"temperature": 0.0}),
        prompt_key("gpt-4o-mini", msgs("二"), Draft, {"temperature": 0.0}),
        prompt_key("gpt-4o-mini", msgs("一"), Other, {"temperature": 0.0}),
        prompt_key("gpt-4o-mini", msgs("一"), Draft, {"temperature": 0.7}),
    ]
    assert len({base, *variants}) == 5


# ---------------------------------------------------------------- replay / recording


def test_replay_hit_and_miss(tmp_path):
    path = tmp_path / "replay.json"
    key = prompt_key("gpt-4o-mini", msgs("一"), Draft, {"temperature": 0.0})
    path.write_text(json.dumps({key: {"raw_text": draft("甲"), "usage": {"prompt_tokens": 9, "completion_tokens": 3},
                                      "model": "gpt-4o-mini"}}), encoding="utf-8")
    chat = ReplayChat(path, model="gpt-4o-mini")
    assert isinstance(chat, ChatModel)
    res = chat.invoke(msgs("一"), Draft)
    assert res.parsed.clauses[0].text == "甲" and res.method == "replay" and res.usage.prompt_tokens == 9
    with pytest.raises(LLMError) as ei:
        chat.invoke(msgs("二"), Draft)
    miss = prompt_key("gpt-4o-mini", msgs("二"), Draft, {"temperature": 0.0})
    assert str(path) in str(ei.value) and miss in str(ei.value)


def test_replay_missing_or_broken_file(tmp_path):
    with pytest.raises(LLMError, match="not found"):
        ReplayChat(tmp_path / "nope.json", model="m")
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    with pytest.raises(LLMError, match="bad.json"):
        ReplayChat(bad, model="m")


def test_recording_then_replay_round_trip(fake_llm, tmp_path):
    fake_llm.responder = lambda body: draft("回放：" + body["messages"][-1]["content"])
    path = tmp_path / "rec" / "replay.json"
    rec = RecordingChat(openai_chat(fake_llm), path)
    live = [rec.invoke(msgs(s), Draft) for s in ("一", "二")]
    assert len(fake_llm.chat_requests()) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["replies"]) == 2 and KEY not in path.read_text(encoding="utf-8")

    replay = ReplayChat(path, model="gpt-4o-mini")
    again = [replay.invoke(msgs(s), Draft) for s in ("一", "二")]
    assert [r.parsed for r in again] == [r.parsed for r in live]
    assert [r.usage for r in again] == [r.usage for r in live]
    assert len(fake_llm.chat_requests()) == 2  # replay made no request
    with pytest.raises(LLMError):
        replay.invoke(msgs("一"), Draft, temperature=0.5)  # different parameters: a miss


# ---------------------------------------------------------------- cache


def test_cache_second_call_served_from_sqlite(fake_llm, tmp_path):
    fake_llm.script([Reply(draft("甲"), usage=(50, 10))])
    db = tmp_path / "cache" / "llm.sqlite"
    chat = CachedChat(openai_chat(fake_llm), db)
    first = chat.invoke(msgs("一"), Draft)
    assert first.cached is False and len(fake_llm.chat_requests()) == 1
    second = chat.invoke(msgs("一"), Draft)
    assert second.cached is True and second.parsed == first.parsed and second.method == first.method
    assert second.usage == Usage(prompt_tokens=50, completion_tokens=10)
    assert len(fake_llm.chat_requests()) == 1
    chat.close()

    # a new process (new connection) still hits; the row is really in SQLite
    reopened = CachedChat(openai_chat(fake_llm), db)
    assert reopened.invoke(msgs("一"), Draft).cached is True
    assert len(fake_llm.chat_requests()) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 1


def test_cache_key_includes_prompt_schema_and_params(tmp_path):
    inner = ScriptedChat([draft("甲"), draft("乙"), draft("丙"), json.dumps({"clauses": ["x"]})])
    chat = CachedChat(inner, tmp_path / "c.sqlite")
    chat.invoke(msgs("一"), Draft)
    chat.invoke(msgs("二"), Draft)
    chat.invoke(msgs("一"), Draft, temperature=0.3)
    chat.invoke(msgs("一"), Other)
    assert len(inner.calls) == 4 and chat.hits == 0
    assert chat.invoke(msgs("二"), Draft).parsed.clauses[0].text == "乙"
    assert len(inner.calls) == 4 and chat.hits == 1


def test_cache_errors_are_not_cached(tmp_path):
    inner = ScriptedChat([LLMError("http://127.0.0.1:1/v1: HTTP 503"), draft("甲")])
    chat = CachedChat(inner, tmp_path / "c.sqlite")
    with pytest.raises(LLMError):
        chat.invoke(msgs("一"), Draft)
    assert chat.invoke(msgs("一"), Draft).cached is False
    assert chat.invoke(msgs("一"), Draft).cached is True


def test_cache_unwritable_path_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LLMError, match="response cache"):
        CachedChat(ScriptedChat([]), blocker / "c.sqlite")


def test_cache_concurrent_threads(fake_llm, tmp_path):
    fake_llm.delay = 0.05
    fake_llm.responder = lambda body: draft("并发：" + body["messages"][-1]["content"])
    chat = CachedChat(openai_chat(fake_llm), tmp_path / "c.sqlite")
    sections = [f"第{i}节" for i in range(8)]

    def run(section):
        return chat.invoke(msgs(section), Draft)

    with ThreadPoolExecutor(max_workers=4) as pool:
        first = list(pool.map(run, sections))
    assert [r.parsed.clauses[0].text for r in first] == [f"并发：{s}" for s in sections]
    assert len(fake_llm.chat_requests()) == 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        second = list(pool.map(run, sections * 2))
    assert all(r.cached for r in second) and len(fake_llm.chat_requests()) == 8
    assert [r.parsed for r in second[:8]] == [r.parsed for r in first]


def test_concurrent_requests_overlap_on_the_server(fake_llm):
    # the fixed-delay mode used by the drafting benchmark: 4 threads take ~1 delay, not 4
    fake_llm.delay = 0.3
    fake_llm.responder = lambda body: draft("x")
    chat = openai_chat(fake_llm)
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda i: chat.invoke(msgs(str(i)), Draft), range(4)))
    assert time.monotonic() - t0 < 0.3 * 4 * 0.75


# ---------------------------------------------------------------- scripted double


def test_scripted_replies_in_order_and_records_calls():
    chat = ScriptedChat([draft("甲"), Draft.model_validate_json(draft("乙")), LLMError("boom")])
    assert isinstance(chat, ChatModel)
    a = chat.invoke(msgs("一"), Draft)
    b = chat.invoke(msgs("二"), Draft, temperature=0.2)
    assert (a.parsed.clauses[0].text, b.parsed.clauses[0].text) == ("甲", "乙")
    assert a.method == "scripted" and a.usage.prompt_tokens > 0
    with pytest.raises(LLMError, match="boom"):
        chat.invoke(msgs("三"), Draft)
    with pytest.raises(LLMError, match="no scripted reply left"):
        chat.invoke(msgs("四"), Draft)
    assert [c.messages[-1]["content"] for c in chat.calls] == ["一", "二", "三", "四"]
    assert chat.calls[1].temperature == 0.2 and chat.calls[0].schema is Draft


def test_scripted_callable_and_invalid_reply():
    chat = ScriptedChat(lambda messages, schema: draft(messages[-1]["content"] * 2))
    assert chat.invoke(msgs("好"), Draft).parsed.clauses[0].text == "好好"
    bad = ScriptedChat(['{"clauses": "nope"}', "不是JSON"])
    for _ in range(2):
        with pytest.raises(LLMError, match="invalid JSON"):
            bad.invoke(msgs("一"), Draft)


def test_scripted_thread_safe():
    chat = ScriptedChat([draft(str(i)) for i in range(40)])
    got: list[str] = []
    lock = threading.Lock()

    def worker():
        for _ in range(10):
            r = chat.invoke(msgs("x"), Draft)
            with lock:
                got.append(r.parsed.clauses[0].text)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got, key=int) == [str(i) for i in range(40)]


# ---------------------------------------------------------------- cost


def test_estimate_cost_table():
    u = Usage(prompt_tokens=2_000_000, completion_tokens=500_000)
    assert estimate_cost("gpt-4o-mini", u) == pytest.approx(2 * 0.15 + 0.5 * 0.60)
    assert estimate_cost("gpt-4o", u) == pytest.approx(2 * 2.50 + 0.5 * 10.0)
    assert estimate_cost("gpt-4o-2024-08-06", u) == estimate_cost("gpt-4o", u)
    assert estimate_cost("gpt-4o-mini-2024-07-18", u) == estimate_cost("gpt-4o-mini", u)
    assert estimate_cost("deepseek-chat", u) is not None and estimate_cost("qwen-plus", u) is not None
    assert estimate_cost("llama-local", u) is None
