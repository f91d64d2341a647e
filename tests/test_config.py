from pathlib import Path

from pydantic import SecretStr

from draftbot.config import load_settings


def test_overrides_win_over_environment_and_are_validated(monkeypatch):
    monkeypatch.setenv("DRAFTBOT_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    s = load_settings(model="from-flag", api_key="sk-test-SECRET-1234567890abcdef", store="x")
    assert s.model == "from-flag"
    assert s.base_url == "http://127.0.0.1:1/v1"
    assert isinstance(s.api_key, SecretStr) and s.api_key.get_secret_value().endswith("abcdef")
    assert "SECRET" not in repr(s)
    assert s.store == Path("x")


def test_none_means_not_given(monkeypatch):
    monkeypatch.setenv("DRAFTBOT_STORE", "/tmp/from-env")
    assert load_settings(store=None).store == Path("/tmp/from-env")
