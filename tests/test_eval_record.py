"""The offline prompt loop: `eval --record` against an OpenAI-compatible endpoint (the loopback fake
server here) writes each case's replay.json; `eval --backend replay` reads exactly that file with
no server; an edited prompt fails the case naming the prompt file; extractive says prompts are
not exercised; `--json` prints to stdout, `--json-out` writes a file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.cli import app
from test_eval import EVALS, RATIOS, copy_case, elsewhere  # noqa: F401  (fixture: run from a scratch folder)

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    """The sample-day case recorded from the loopback server: (case folder, eval JSON, requests)."""
    from eval_fixtures import server_echo
    from fakeserver import FakeLLMServer

    case = copy_case(EVALS / "sample-day", tmp_path / "cases" / "sample-day", thresholds={})
    monkeypatch.setenv("DRAFTBOT_MODEL", "fake-model")
    with FakeLLMServer(model="fake-model") as server:
        server.responder = server_echo
        out = tmp_path / "recorded.json"
        r = invoke("eval", str(case), "--record", "--backend", "openai", "--base-url", server.base_url,
                   "--no-cache", "--json-out", str(out))
        assert r.exit_code in (0, 1), r.output
        asked = len(server.chat_requests())
    monkeypatch.delenv("DRAFTBOT_MODEL")
    assert f"recorded {asked} replies into {case / 'replay.json'}" in r.stderr
    return case, json.loads(out.read_text(encoding="utf-8")), asked


def test_record_writes_the_file_replay_reads_and_replay_scores_the_same(recorded, tmp_path):
    from draftbot.llm.replay import load_replay, shipped_prompts

    case, first, asked = recorded
    rf = load_replay(case / "replay.json")
    assert asked >= 4 and len(rf.replies) == asked
    assert rf.model == "fake-model" and set(rf.prompts) == set(shipped_prompts()) >= {"section.md"}
    assert rf.note.startswith("recorded by `draftbot eval --record`")
    # no server now, no --model: the recorded model is used; the figures are the recorded run's
    out = tmp_path / "replayed.json"
    r = invoke("eval", str(case), "--backend", "replay", "--json-out", str(out))
    assert r.exit_code in (0, 1), r.output
    again = json.loads(out.read_text(encoding="utf-8"))
    assert again["config"]["prompts_exercised"] is True
    for m in RATIOS:
        assert again["cases"]["sample-day"][m] == first["cases"]["sample-day"][m], m
    assert "prompt changed" not in r.output and "not exercised" not in r.stderr


def test_an_edited_prompt_fails_the_replayed_case_naming_the_file(recorded, tmp_path, monkeypatch):
    import draftbot.resources as resources

    case, _, _ = recorded
    prompts = tmp_path / "prompts"
    shutil.copytree(resources.data_dir("prompts"), prompts)
    section = prompts / "section.md"
    section.write_text(section.read_text(encoding="utf-8").replace("\n", "\n务必简洁。\n", 1), encoding="utf-8")
    real = resources.data_dir
    monkeypatch.setattr(resources, "data_dir", lambda name: prompts if name == "prompts" else real(name))
    r = invoke("eval", str(case), "--backend", "replay", "--json")
    assert r.exit_code == 1, r.output  # the case fails (a gate failure), not a usage error
    assert "prompt changed since recording: section.md — re-record" in r.stderr, r.stderr
    assert "Traceback" not in r.output
    data = json.loads(r.stdout)
    assert "prompt changed since recording: section.md" in data["errors"]["sample-day"]
    assert any(f.startswith("sample-day: ") and "section.md" in f for f in data["gate"]["failures"])


def test_record_needs_a_model_backend(tmp_path):
    case = copy_case(EVALS / "sample-day", tmp_path / "c" / "sample-day", thresholds={})
    r = invoke("eval", str(case), "--record")
    assert r.exit_code == 2 and "--record needs --backend openai" in r.stderr


def test_extractive_says_prompts_are_not_exercised_and_json_goes_to_stdout(tmp_path):
    case = copy_case(EVALS / "sample-day", tmp_path / "c" / "sample-day", thresholds={})
    out = tmp_path / "new" / "folder" / "e.json"
    r = invoke("eval", str(case), "--json", "--json-out", str(out), "--html", str(tmp_path / "h" / "e.html"))
    assert r.exit_code in (0, 1), r.output
    assert "prompt changes are not exercised" in r.stderr
    data = json.loads(r.stdout)  # stdout is the JSON alone; the table went to stderr
    assert data["config"]["prompts_exercised"] is False and "sample-day" in data["cases"]
    assert json.loads(out.read_text(encoding="utf-8"))["cases"] == data["cases"]
    assert (tmp_path / "h" / "e.html").is_file()
    q = invoke("eval", str(case), "--json", "-q")
    assert q.stderr == ""
    quiet = json.loads(q.stdout)["cases"]["sample-day"]
    assert all(quiet[m] == data["cases"]["sample-day"][m] for m in RATIOS)
