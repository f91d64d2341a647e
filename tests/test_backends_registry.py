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


def test_every_capability_is_stated_on_each_line():
    """A new backend cannot silently get the offline planner, the cache or no key: the flags have no default."""
    from draftbot.backends.registry import BackendSpec

    with pytest.raises(TypeError, match="plans"):
        BackendSpec(lambda s, **_: None, "toy", needs_key=False, records=False, cacheable=False, offline=True)
    assert [n for n, s in BACKENDS.items() if s.plans] == ["openai", "replay"]
    assert [n for n, s in BACKENDS.items() if s.cacheable] == [n for n, s in BACKENDS.items() if s.records] == ["openai"]


def _name_comparisons(path: Path, names: set[str]) -> list[str]:
    """`x == "openai"`, `x != "replay"`, `x in ("openai", "replay")` in a file: a backend compared by name."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for right in [node.left, *node.comparators]:
            consts = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
            hit = [c.value for c in consts if isinstance(c, ast.Constant) and c.value in names]
            if hit:
                found.append(f"{path.name}:{node.lineno} compares {hit[0]!r}")
    return found


def test_no_module_outside_the_registry_compares_a_backend_name():
    src = Path(__file__).resolve().parent.parent / "src" / "draftbot"
    # the embedder's "openai:<model>" kind is not a backend
    skip = {src / "backends" / "registry.py", src / "index" / "embedder_spec.py"}
    offenders = [hit for p in sorted(src.rglob("*.py")) if p not in skip for hit in _name_comparisons(p, set(BACKENDS))]
    assert offenders == []


def test_the_detector_finds_each_form(tmp_path):
    f = tmp_path / "m.py"
    f.write_text('a = b == "openai"\nc = d in ("replay", "x")\ne = "extractive" != g\nh = i == "other"\n', encoding="utf-8")
    assert len(_name_comparisons(f, set(BACKENDS))) == 3


def test_a_key_per_backend_draftbot_api_key_first(monkeypatch):
    from draftbot.backends.registry import BackendSpec, default_backend, key_of

    monkeypatch.delenv("DRAFTBOT_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    monkeypatch.setenv("TOY_API_KEY", "sk-toy")
    monkeypatch.setitem(BACKENDS, "toy", BackendSpec(lambda s, **_: None, "toy", plans=True, needs_key=True,
                                                     records=False, cacheable=False, offline=False,
                                                     key_env="TOY_API_KEY"))
    settings = load_settings()
    assert key_of(settings, "openai").get_secret_value() == "sk-openai"
    assert key_of(settings, "toy").get_secret_value() == "sk-toy"  # OPENAI_API_KEY is openai's only
    assert settings.api_key is None and default_backend(settings) == "openai"
    monkeypatch.setenv("DRAFTBOT_API_KEY", "sk-first")
    settings = load_settings()
    assert {key_of(settings, n).get_secret_value() for n in ("openai", "toy")} == {"sk-first"}
    monkeypatch.delenv("DRAFTBOT_API_KEY")
    monkeypatch.delenv("TOY_API_KEY")
    with pytest.raises(UserError, match="backend toy needs an API key: set TOY_API_KEY"):
        spec_of("toy", load_settings(base_url="https://api.example.com/v1"))
