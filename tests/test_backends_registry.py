"""One backend registry: `draft`, `eval` and the CLI choices agree, including a keyless loopback endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.backends.base import Drafter
from draftbot.backends.registry import BACKENDS, make_drafter, spec_of
from draftbot.cli import app
from draftbot.config import load_settings
from draftbot.errors import UserError

runner = CliRunner()
EVALS = Path(__file__).resolve().parent.parent / "evals"


def test_registry_names_are_the_cli_choices_and_build_drafters(tmp_path):
    settings = load_settings(base_url="http://127.0.0.1:9/v1", model="m")
    for cmd in ("draft", "eval"):
        help_text = " ".join(runner.invoke(app, [cmd, "--help"], terminal_width=400).output.split())
        assert all(f"{name}:" in help_text for name in BACKENDS), cmd
    assert isinstance(make_drafter(settings, "extractive"), Drafter)
    assert make_drafter(settings, "openai").name == "openai"  # keyless, on loopback
    replay = tmp_path / "r.json"
    replay.write_text("{}", encoding="utf-8")
    assert make_drafter(settings, "replay", replay=replay).name == "replay"
    with pytest.raises(UserError, match="needs --replay FILE"):
        make_drafter(settings, "replay")
    with pytest.raises(UserError, match="unknown backend 'gpt': choose one of extractive, openai, replay"):
        spec_of("gpt", settings)


def test_a_remote_endpoint_needs_a_key_everywhere():
    remote = load_settings(base_url="https://api.example.com/v1")
    with pytest.raises(UserError, match="backend openai needs an API key"):
        spec_of("openai", remote)
    for cmd in (["draft", "--date", "2026-06-04"], ["eval", str(EVALS / "sample-day")]):
        res = runner.invoke(app, [*cmd, "--backend", "openai"], env={"DRAFTBOT_BASE_URL": "https://api.example.com/v1"})
        assert res.exit_code == 2 and "needs an API key" in res.output and "Traceback" not in res.output, cmd


def test_eval_accepts_a_keyless_loopback_endpoint_like_draft(tmp_path, monkeypatch):
    from eval_fixtures import server_echo
    from fakeserver import FakeLLMServer

    with FakeLLMServer(model="fake-model") as server:
        server.responder = server_echo
        monkeypatch.setenv("DRAFTBOT_BASE_URL", server.base_url)
        monkeypatch.setenv("DRAFTBOT_MODEL", "fake-model")
        out = tmp_path / "e.json"
        res = runner.invoke(app, ["eval", str(EVALS / "sample-day"), "--backend", "openai", "--no-cache", "--quiet",
                                  "--baseline", str(tmp_path / "none.json"), "--update-baseline", "--json-out", str(out)])
        assert res.exit_code == 0, res.output
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["config"]["backend"] == "openai" and len(server.chat_requests()) >= 4
        assert data["cases"]["sample-day"]["citation_coverage"] > 0
