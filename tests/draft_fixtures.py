"""Shared fixtures for the draft tests: the sample-day corpus ingested once per session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DAY = "2026-06-04"
# the seed day's own sections (its four headings, queries and sources), moved out of the default
# brief: tests about one named section (industry, …) draft this outline instead of planning the day
SEED_OUTLINE = REPO / "evals" / "sample-day" / "outline.yaml"

# The seed briefing's key figures (task brief); "50 种/13 种/36 种" counts as one.
SEED_FIGURES = [
    "41.7 万亿元", "34.7 万亿元", "28%", "1652 万辆", "11.3 倍", "4843 亿块", "77.3 万套", "521.1 万台",
    "483.8 万个", "50.1 万亿元", "52%", "25.3 万亿元", "80.9 万亿元", "57.7%", "61.4%", "13.1%", "131 个", "22 个",
]
SEED_GROUP = ["50 种", "13 种", "36 种"]


def figures_found(markdown: str) -> tuple[int, list[str]]:
    """(found, missing) of the 19 seed figures, space-insensitive."""
    flat = re.sub(r"\s+", "", markdown)
    missing = [f for f in SEED_FIGURES if f.replace(" ", "") not in flat]
    group_ok = all(g.replace(" ", "") in flat for g in SEED_GROUP)
    if not group_ok:
        missing.append("/".join(SEED_GROUP))
    return len(SEED_FIGURES) + 1 - len(missing), missing


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store with the repo's corpus/ ingested (read-only for the tests that use it)."""
    from draftbot.config import load_settings
    from draftbot.index.ingest import ingest
    from draftbot.index.store import open_store

    store_dir = tmp_path_factory.mktemp("draft-store") / "store"
    with open_store(load_settings(store=store_dir), write=True, quiet=True) as st:
        report = ingest([CORPUS], st)
    assert not report.failed, report.failed
    return store_dir


@pytest.fixture
def use_sample_store(sample_store, monkeypatch) -> Path:
    monkeypatch.setenv("DRAFTBOT_STORE", str(sample_store))
    return sample_store
