"""Draft resilience at the model layer, counted on the loopback server: a run that fails half-way
keeps its finished calls in the store's cache (a re-run in a new process asks only for the rest),
and the structured-output method a server accepted is remembered in the store across processes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest
from fakeserver import FakeLLMServer, Status, fake_llm  # noqa: F401
from pydantic import BaseModel

from draftbot.config import Settings
from draftbot.llm.base import LLMError
from draftbot.llm.cache import CACHE_FILE, MethodMemory, store_chat, store_cache_path
from draftbot.llm.openai_chat import OpenAIChat

SECTIONS = [f"第{i}节：装备制造与数字经济" for i in range(1, 7)]
REJECT = "This response_format type is unavailable now"


class Clause(BaseModel):
    text: str
    cites: list[int]


class Section(BaseModel):
    clauses: list[Clause]


def reply_for(body: dict) -> str:
    section = body["messages"][-1]["content"]
    return json.dumps({"clauses": [{"text": f"{section}：产量增长5%", "cites": [1]}]}, ensure_ascii=False)


def msgs(section: str) -> list[dict]:
    return [{"role": "system", "content": "起草简报的一节。"}, {"role": "user", "content": section}]


def settings(server: FakeLLMServer, store) -> Settings:
    return Settings(store=store, model="fake-model", base_url=server.base_url, api_key=None, timeout=5,
                    max_retries=0)


def asked(server: FakeLLMServer) -> list[str]:
    return [r.json["messages"][-1]["content"] for r in server.chat_requests()]


# A separate process: the same store, a new connection, a new OpenAIChat (nothing in memory).
CHILD = textwrap.dedent("""
    import json, sys
    from pydantic import BaseModel
    from draftbot.config import Settings
    from draftbot.llm.base import LLMError
    from draftbot.llm.cache import store_chat

    class Clause(BaseModel):
        text: str
        cites: list[int]

    class Section(BaseModel):
        clauses: list[Clause]

    base_url, store, sections = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    chat = store_chat(Settings(store=store, model="fake-model", base_url=base_url, timeout=5, max_retries=0))
    out = {}
    for s in sections:
        try:
            r = chat.invoke([{"role": "system", "content": "起草简报的一节。"}, {"role": "user", "content": s}], Section)
            out[s] = {"text": r.parsed.clauses[0].text, "cached": r.cached, "method": chat.inner.method}
        except LLMError as exc:
            out[s] = {"error": str(exc)}
    print(json.dumps(out, ensure_ascii=False))
""")


def child(server: FakeLLMServer, store, sections: list[str]) -> dict:
    env = {**os.environ, "DRAFTBOT_LOOPBACK_ONLY": "1"}
    env.pop("DRAFTBOT_API_KEY", None)
    env.pop("OPENAI_API_KEY", None)
    done = subprocess.run([sys.executable, "-c", CHILD, server.base_url, str(store), json.dumps(sections)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


# The model server as its own process, so it can really be killed; it logs each section asked.
SERVER = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from fakeserver import FakeLLMServer

    log = open(sys.argv[2], "a", encoding="utf-8")

    def answer(body):
        section = body["messages"][-1]["content"]
        log.write(section + "\\n"); log.flush()
        return json.dumps({"clauses": [{"text": section + "：产量增长5%", "cites": [1]}]}, ensure_ascii=False)

    server = FakeLLMServer().start()
    server.responder = answer
    print(server.base_url, flush=True)
    while True:
        time.sleep(1)
""")


def start_server_process(log):
    proc = subprocess.Popen([sys.executable, "-c", SERVER, os.path.dirname(__file__), str(log)],
                            stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def test_server_killed_mid_run_then_rerun_makes_only_the_missing_calls(tmp_path):
    store = tmp_path / "store"
    log = tmp_path / "asked.log"
    proc, base_url = start_server_process(log)
    try:
        chat = store_chat(Settings(store=store, model="fake-model", base_url=base_url, timeout=5, max_retries=0))
        results = {s: chat.invoke(msgs(s), Section).parsed.clauses[0].text for s in SECTIONS[:4]}
    finally:
        proc.kill()  # the sections are answered, then the model server is killed
        proc.wait(timeout=10)
    with pytest.raises(LLMError, match="cannot connect"):
        chat.invoke(msgs(SECTIONS[4]), Section)
    assert log.read_text(encoding="utf-8").splitlines() == SECTIONS[:4]

    with FakeLLMServer() as second:  # a new server (a new port: the cache is keyed by model, not URL)
        second.responder = reply_for
        out = child(second, store, SECTIONS)
        assert asked(second) == SECTIONS[4:]  # only the two calls that never finished
        assert [out[s]["cached"] for s in SECTIONS] == [True] * 4 + [False] * 2
        assert all(out[s]["text"] == results[s] for s in SECTIONS[:4])
        assert "error" not in json.dumps(out)


def test_a_failed_call_among_concurrent_ones_keeps_the_others(fake_llm, tmp_path):
    store = tmp_path / "store"
    bad = SECTIONS[2]
    fake_llm.responder = lambda body: (Status(503, message="overloaded") if body["messages"][-1]["content"] == bad
                                       else reply_for(body))
    chat = store_chat(settings(fake_llm, store))
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {s: pool.submit(chat.invoke, msgs(s), Section) for s in SECTIONS}
    failed = [s for s, f in futures.items() if f.exception() is not None]
    assert failed == [bad] and "HTTP 503" in str(futures[bad].exception())
    with sqlite3.connect(store_cache_path(store)) as conn:
        assert conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 5

    fake_llm.responder = reply_for  # the server recovers; the re-run (a new process) pays for one call
    before = len(fake_llm.chat_requests())
    out = child(fake_llm, store, SECTIONS)
    assert asked(fake_llm)[before:] == [bad]
    assert sum(not out[s]["cached"] for s in SECTIONS) == 1


def test_structured_output_method_is_remembered_across_processes(fake_llm, tmp_path):
    store = tmp_path / "store"
    fake_llm.reject_json_schema = REJECT
    fake_llm.responder = reply_for

    out1 = child(fake_llm, store, [SECTIONS[0]])
    kinds1 = [_method_of(r.json) for r in fake_llm.chat_requests()]
    assert kinds1 == ["json_schema", "function_calling"]  # the first process learns: one rejection
    assert out1[SECTIONS[0]]["method"] == "function_calling"
    assert MethodMemory(store / CACHE_FILE).get(OpenAIChat(model="fake-model", base_url=fake_llm.base_url).endpoint,
                                                "fake-model") == "function_calling"

    out2 = child(fake_llm, store, SECTIONS[1:3])  # a new process starts from function_calling
    kinds2 = [_method_of(r.json) for r in fake_llm.chat_requests()][2:]
    assert kinds2 == ["function_calling", "function_calling"]
    assert all(v["method"] == "function_calling" for v in out2.values())


def test_without_the_store_memory_each_process_retries_json_schema(fake_llm, tmp_path):
    # the control for the test above: the same two processes, each with its own empty store
    fake_llm.reject_json_schema = REJECT
    fake_llm.responder = reply_for
    child(fake_llm, tmp_path / "a", [SECTIONS[0]])
    child(fake_llm, tmp_path / "b", [SECTIONS[1]])
    assert [_method_of(r.json) for r in fake_llm.chat_requests()] == ["json_schema", "function_calling"] * 2


def test_memory_is_per_endpoint_and_model(tmp_path):
    mem = MethodMemory(tmp_path / CACHE_FILE)
    mem.put("http://127.0.0.1:9/v1", "m1", "json_mode")
    assert mem.get("http://127.0.0.1:9/v1", "m1") == "json_mode"
    assert mem.get("http://127.0.0.1:9/v1", "m2") is None
    assert mem.get("http://127.0.0.1:8/v1", "m1") is None
    mem.put("http://127.0.0.1:9/v1", "m1", "function_calling")
    assert MethodMemory(tmp_path / CACHE_FILE).get("http://127.0.0.1:9/v1", "m1") == "function_calling"


def test_a_remembered_method_the_server_now_rejects_moves_on_and_is_updated(fake_llm, tmp_path):
    mem = MethodMemory(tmp_path / CACHE_FILE)
    chat = OpenAIChat(model="fake-model", base_url=fake_llm.base_url, timeout=5, max_retries=0, method_memory=mem)
    mem.put(chat.endpoint, "fake-model", "json_schema")
    fake_llm.reject_json_schema = REJECT
    fake_llm.responder = reply_for
    again = OpenAIChat(model="fake-model", base_url=fake_llm.base_url, timeout=5, max_retries=0, method_memory=mem)
    assert again.method == "json_schema"
    again.invoke(msgs("一"), Section)
    assert again.method == "function_calling" and mem.get(chat.endpoint, "fake-model") == "function_calling"


def _method_of(body: dict) -> str:
    rf = body.get("response_format")
    if isinstance(rf, dict) and rf.get("type") == "json_schema":
        return "json_schema"
    if body.get("tools"):
        return "function_calling"
    return "json_mode" if isinstance(rf, dict) else "plain"
