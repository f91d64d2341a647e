"""The wheel carries prompts/ and briefs/, so an installed draftbot drafts from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("draftbot-*.whl")
    return whl


def test_wheel_ships_prompts_and_briefs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for prompt in (REPO / "prompts").glob("*.md"):
        assert f"draftbot/_data/prompts/{prompt.name}" in names
    assert "draftbot/_data/briefs/xinzhi-daily.yaml" in names


def test_installed_wheel_drafts_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # PYTHONPATH puts the installed copy ahead of the editable checkout; deps come from this venv.
    env = {**os.environ, "PYTHONPATH": str(site), "DRAFTBOT_STORE": str(tmp_path / "store")}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "draftbot.cli", *args], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    where = subprocess.run(
        [sys.executable, "-c", "import draftbot; print(draftbot.__file__)"], cwd=elsewhere, env=env,
        capture_output=True, text=True,
    ).stdout
    assert where.startswith(str(site))
    assert run("ingest", str(REPO / "corpus"), "--quiet").returncode == 0
    drafted = run("draft", "--date", "2026-06-04", "-o", "b.md", "--quiet")
    assert drafted.returncode == 0, drafted.stderr
    text = (elsewhere / "b.md").read_text(encoding="utf-8")
    assert "## 摘要" in text and "## 参考文献" in text and "今日判断" in text
