"""Eval days for the outline tests: each corpus ingested once into its own store (Store API), and
what a correct outline of the day looks like (by file name, so the expectations read plainly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
EVALS = REPO / "evals"


@dataclass
class Day:
    name: str
    corpus: Path
    date: dt.date
    headings: list[list[str]]  # each topical heading names one of these topics (any keyword)
    relevant: set[str]  # files that must be assigned to a section
    distractors: set[str]  # files of other dates: never in a section
    duplicates: dict[str, str] = field(default_factory=dict)  # duplicate file -> file kept
    background: dict[str, str] = field(default_factory=dict)  # older file -> file whose section it joins


def _expected(case: str) -> list[list[str]]:
    data = yaml.safe_load((EVALS / case / "case.yaml").read_text(encoding="utf-8"))
    return data["expected_headings"]


DAYS = {
    "sample-day": Day(
        "sample-day", REPO / "corpus", dt.date(2026, 6, 4),
        headings=[["新型工业化"], ["消费市场", "服务业"], ["数据要素", "分赛"], ["生产资料"], ["科技股", "供应链"]],
        relevant={"2026-06-04_nbs-new-industrialization.md", "2026-06-04_nbs-consumption.md", "2026-06-04_nbs-services.md",
                  "2026-06-04_chongqing-data-contest.md", "2026-06-04_nbs-producer-prices-late-may.md",
                  "2026-06-04_reuters-global-markets.md", "2026-06-04_reuters-ny-fed-gscpi.md"},
        distractors={"2026-05-19_nbs-april-industrial-output.md", "2026-05-25_nbs-producer-prices-mid-may.md",
                     "2026-05-28_reuters-global-markets.md", "2025-05-16_chongqing-data-contest-2025.md"},
        background={"2026-06-03_hubei-data-contest.md": "2026-06-04_chongqing-data-contest.md",
                    "2026-04-27_nda-contest-notice.md": "2026-06-04_chongqing-data-contest.md",
                    "2024-01-04_data-elements-x-action-plan.md": "2026-06-04_chongqing-data-contest.md"},
    ),
    "september-mixed": Day(
        "september-mixed", EVALS / "september-mixed" / "corpus", dt.date(2026, 9, 10),
        headings=_expected("september-mixed"),
        relevant={"2026-09-10_nbs-cpi-august.md", "2026-09-10_nbs-ppi-august.md", "2026-09-10_caac-august-traffic.md",
                  "2026-09-10_hangzhou-low-altitude-plan.md", "2026-09-10_miit-smart-manufacturing-notice.md",
                  "2026-09-10_nea-power-statistics.md", "2026-09-10_reuters-global-markets.md",
                  "2026-09-10_reuters-copper.md"},
        distractors={"2026-08-09_nbs-cpi-july.md"},
        duplicates={"2026-09-10_xinhua-civil-aviation.md": "2026-09-10_caac-august-traffic.md"},
        background={"2024-12-20_miit-smart-manufacturing-guide.md": "2026-09-10_miit-smart-manufacturing-notice.md"},
    ),
    "october-two-topics": Day(
        "october-two-topics", EVALS / "october-two-topics" / "corpus", dt.date(2026, 10, 20),
        headings=_expected("october-two-topics"),
        relevant={"2026-10-20_nbs-q3-economy.md", "2026-10-20_reuters-china-gdp.md", "2026-10-20_moa-autumn-harvest.md",
                  "2026-10-20_xinhua-harvest-machinery.md"},
        distractors={"2026-07-15_nbs-h1-economy.md"},
    ),
}


@pytest.fixture(scope="session")
def day_stores(tmp_path_factory) -> dict[str, Path]:
    """One store per eval day, its corpus ingested through the Store API."""
    from draftbot.config import load_settings
    from draftbot.index.ingest import ingest
    from draftbot.index.store import open_store

    out = {}
    for name, day in DAYS.items():
        store_dir = tmp_path_factory.mktemp(f"outline-{name}") / "store"
        with open_store(load_settings(store=store_dir), write=True, quiet=True) as st:
            report = ingest([day.corpus], st)
        assert not report.failed, report.failed
        out[name] = store_dir
    return out


def open_store(path: Path):
    from draftbot.config import load_settings
    from draftbot.index.store import open_store

    return open_store(load_settings(store=path), quiet=True)
