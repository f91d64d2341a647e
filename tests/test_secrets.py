"""The API key never leaves the Authorization header: not in output, logs, files or error messages,
on success and on failure, even when the server echoes the header back in its error body."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from fakeserver import Hang, Status, fake_llm  # noqa: F401

from tests.chains_fixtures import DAY, KEY, Writer, draft, draftbot_exe, llm_store, store  # noqa: F401

FRAGMENTS = (KEY, KEY[len("sk-test-"):], "1234567890abcdef")


def assert_no_key(text: str, where: str) -> None:
    for frag in FRAGMENTS:
        assert frag not in text, f"key fragment {frag!r} in {where}"


def assert_no_key_in_files(*roots: Path) -> None:
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for frag in FRAGMENTS:
                    assert frag.encode() not in data, f"key fragment in {path}"


def assert_server_got_the_key(server) -> None:
    reqs = server.chat_requests()
    assert reqs, "no request reached the server"
    assert all(r.headers.get("Authorization") == f"Bearer {KEY}" for r in reqs)


def test_success_path_keeps_the_key_out_of_everything(tmp_path, store, fake_llm, caplog):
    caplog.set_level(logging.DEBUG)  # every library's debug log (openai, httpx, langchain, ours)
    fake_llm.responder = Writer()
    out = tmp_path / "briefing.md"
    res = draft(out, fake_llm)
    assert res.exit_code == 0, res.output
    assert_server_got_the_key(fake_llm)
    assert_no_key(res.stdout, "stdout")
    assert_no_key(res.stderr, "stderr")
    assert_no_key(caplog.text, "log records")
    assert out.exists() and out.with_suffix(".json").exists()
    assert_no_key_in_files(tmp_path, store)  # Markdown, provenance JSON, and the store folder


@pytest.mark.parametrize("step", [
    Status(401, message="Incorrect API key provided: {auth}"),
    Status(400, message="bad request from {auth}"),
    Status(500, message="upstream failed for {auth}"),
], ids=["401-echo", "400-echo", "500-echo-after-retries"])
def test_failures_scrub_the_key_even_when_the_server_echoes_it(tmp_path, store, fake_llm, caplog, step):
    caplog.set_level(logging.DEBUG)
    fake_llm.responder = lambda body: step
    out = tmp_path / "briefing.md"
    res = draft(out, fake_llm, env={"DRAFTBOT_MAX_RETRIES": "1"})
    assert res.exit_code == 2, res.output
    assert_server_got_the_key(fake_llm)  # so the echoed body really held it
    [line] = res.stderr.strip().splitlines()
    assert line.startswith(f"draftbot: error: LLM endpoint {fake_llm.base_url}: ")
    assert f"HTTP {step.code}" in line
    assert_no_key(line, "the error line")
    assert_no_key(res.stdout, "stdout")
    assert_no_key(caplog.text, "log records")
    assert not out.exists() and not out.with_suffix(".json").exists()
    assert_no_key_in_files(tmp_path, store)


def test_timeout_in_a_real_process_keeps_the_key_out_of_stderr(tmp_path, store, fake_llm):
    fake_llm.responder = lambda body: Hang(20)
    out = tmp_path / "briefing.md"
    env = {**os.environ, "OPENAI_API_KEY": KEY, "DRAFTBOT_TIMEOUT": "0.3", "DRAFTBOT_MAX_RETRIES": "0"}
    proc = subprocess.run([*draftbot_exe(), "draft", "--date", DAY, "--backend", "openai", "--base-url",
                           fake_llm.base_url, "--model", "test-model", "-o", str(out)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert "timeout" in proc.stderr and "Traceback" not in proc.stderr
    assert_no_key(proc.stderr, "stderr")
    assert_no_key(proc.stdout, "stdout")
    assert_server_got_the_key(fake_llm)
    assert not out.exists()


def test_the_key_is_not_in_the_backend_label_or_reprs(fake_llm, monkeypatch):
    from draftbot.config import load_settings
    from draftbot.backends.registry import key_of, make_drafter

    monkeypatch.delenv("DRAFTBOT_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)  # as `draft` gets it
    settings = load_settings(model="test-model", base_url=fake_llm.base_url)
    assert key_of(settings, "openai").get_secret_value() == KEY
    drafter = make_drafter(settings, "openai")
    for text in (drafter.label, repr(drafter), str(drafter.chat), repr(settings), str(settings.model_dump())):
        assert_no_key(text, text[:40])
