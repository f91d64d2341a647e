"""draftbot.toml (project and user), precedence flags > env > project > user > defaults, and
`draftbot config` naming each value's origin; the API key never from a file, never printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-c", "from draftbot.cli import main; main()"]


def run(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTBOT_", "OPENAI_"))}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env={**base, **env})


def shown(r: subprocess.CompletedProcess) -> dict:
    assert r.returncode == 0, r.stderr
    return {row["key"]: row for row in json.loads(r.stdout)["settings"]}


def setup(tmp_path: Path) -> tuple[Path, dict]:
    project = tmp_path / "team"
    (project / "drafts").mkdir(parents=True)
    (project / "draftbot.toml").write_text('model = "team-model"\nstore = "shared-store"\ntimeout = 90\n',
                                           encoding="utf-8")
    user = tmp_path / "home" / "draftbot.toml"
    user.parent.mkdir()
    user.write_text('model = "my-model"\nconcurrency = 8\ntimeout = 10\nbase_url = "http://127.0.0.1:9/v1"\n',
                    encoding="utf-8")
    return project, {"DRAFTBOT_CONFIG": str(user)}


def test_each_value_comes_from_the_strongest_layer_and_says_so(tmp_path):
    project, env = setup(tmp_path)
    got = shown(run("config", "--json", cwd=project / "drafts", env={**env, "DRAFTBOT_TIMEOUT": "5"}))
    assert (got["model"]["value"], got["model"]["origin"]) == ("team-model", f"project {project / 'draftbot.toml'}")
    assert got["store"]["value"] == str(project / "shared-store")  # relative to the file, not the cwd
    assert (got["timeout"]["value"], got["timeout"]["origin"]) == ("5.0", "env DRAFTBOT_TIMEOUT")
    assert (got["concurrency"]["value"], got["concurrency"]["origin"]) == ("8", f"user {env['DRAFTBOT_CONFIG']}")
    assert got["base_url"]["origin"].startswith("user ")
    assert (got["max_retries"]["value"], got["max_retries"]["origin"]) == ("2", "default")
    plain = run("config", cwd=project / "drafts", env=env)
    assert "team-model" in plain.stdout and "(default)" in plain.stdout and "project file:" in plain.stderr


def test_a_flag_beats_every_layer(tmp_path, corpus_dir):
    project, env = setup(tmp_path)
    r = run("ingest", str(corpus_dir / "2026-06-04_nbs-services.md"), "-q", cwd=project, env=env)
    assert r.returncode == 0, r.stderr
    assert (project / "shared-store" / "chroma").is_dir()  # the project's store, from its file
    flag_store = tmp_path / "flag-store"
    r = run("ingest", str(corpus_dir / "2026-06-04_nbs-services.md"), "-q", "--store", str(flag_store), cwd=project,
            env=env)
    assert r.returncode == 0 and (flag_store / "chroma").is_dir()


def test_the_api_key_is_never_read_from_a_file_nor_printed(tmp_path):
    project, env = setup(tmp_path)
    (project / "draftbot.toml").write_text('api_key = "sk-file"\n', encoding="utf-8")
    r = run("config", cwd=project, env=env)
    assert r.returncode == 2 and "sk-file" not in r.stderr + r.stdout
    assert r.stderr.strip().splitlines() == [
        f"draftbot: error: {project / 'draftbot.toml'}: api_key is never read from a file (it would travel with it); "
        "set DRAFTBOT_API_KEY or OPENAI_API_KEY, or `keyring set draftbot api_key`"]
    (project / "draftbot.toml").unlink()
    r = run("config", "--json", cwd=project, env={**env, "OPENAI_API_KEY": "sk-very-secret"})
    assert "sk-very-secret" not in r.stdout + r.stderr
    # OPENAI_API_KEY is the openai backend's own key, not the key every backend gets
    assert (shown(r)["api_key"]["value"], shown(r)["api_key"]["origin"]) == ("not set", "default")
    key = shown(r)["key (openai)"]
    assert (key["value"], key["origin"]) == ("set", "env OPENAI_API_KEY")
    r = run("config", "--json", cwd=project, env={**env, "OPENAI_API_KEY": "sk-very-secret",
                                                   "DRAFTBOT_API_KEY": "sk-first-secret"})
    assert "secret" not in r.stdout + r.stderr
    key = shown(r)["key (openai)"]  # DRAFTBOT_API_KEY is read first, for every backend
    assert (key["value"], key["origin"]) == ("set", "env DRAFTBOT_API_KEY")


def test_a_bad_file_is_one_line_naming_file_and_key(tmp_path):
    project, env = setup(tmp_path)
    cfg = project / "draftbot.toml"
    for text, needle in (('modle = "x"\n', "unknown setting 'modle' (did you mean 'model'?)"),
                         ('timeout = "soon"\n', f"timeout (project {cfg})"),
                         ('model = \n', "not valid TOML")):
        cfg.write_text(text, encoding="utf-8")
        r = run("config", cwd=project, env=env)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and needle in lines[0] and "Traceback" not in r.stderr, r.stderr
        assert str(cfg) in lines[0]
