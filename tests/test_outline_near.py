"""The planner reads the sources it may place in date bands (outline/store_sources._near): all of
them within DISTRACTOR_DAYS (or the recency window), only the background kinds further back. The
same sources as placing every record of the horizon, whatever the plan settings, read from the
store's local file or from Chroma."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from index_fixtures import cli_ingested, opened

from draftbot.index.store import records_fields
from draftbot.outline.model import PlanSpec
from draftbot.outline.sources import DISTRACTOR_DAYS, PlanSource, standing
from draftbot.outline.store_sources import _near

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SPECS = [PlanSpec(), PlanSpec(background_kinds=[]), PlanSpec(background_kinds=["release", "policy"]),
         PlanSpec(recency_days=DISTRACTOR_DAYS + 300), PlanSpec(background_days=200),
         PlanSpec(background_days=5000, background_kinds=["news"])]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return cli_ingested(tmp_path_factory.mktemp("near") / "store", CORPUS)


@pytest.fixture(params=["local", "chroma"])
def store(request, store_dir, monkeypatch):
    with opened(store_dir, request.param, monkeypatch) as st:
        yield st


def _placed(store, day, spec):
    horizon = max(spec.background_days, DISTRACTOR_DAYS)
    return [PlanSource.from_record(r) for r in store.sources()
            if (r.date is None or abs((day - r.date).days) <= horizon) and standing(r.date, r.kind, day, spec)]


@pytest.mark.parametrize("spec", SPECS, ids=range(len(SPECS)))
@pytest.mark.parametrize("day", ["2026-06-04", "2027-09-01", "2025-01-15"])
def test_the_sources_placing_every_record_gives(store, spec, day):
    day = dt.date.fromisoformat(day)
    assert _near(store, day, spec) == _placed(store, day, spec)


def test_kind_filter_of_the_far_band(store):
    """The sample corpus has policies more than DISTRACTOR_DAYS before the sample day: the kind
    filter keeps them for the policy kind and leaves them for another."""
    day = dt.date(2026, 6, 4)
    lo, hi = day - dt.timedelta(days=1100), day - dt.timedelta(days=DISTRACTOR_DAYS + 1)
    far = records_fields(store, lo, hi, ("kind",))
    policies = sorted(f["id"] for f in far if f["kind"] == "policy")
    assert policies
    assert sorted(f["id"] for f in records_fields(store, lo, hi, ("kind", "title"), kinds=["policy"])) == policies
    others = records_fields(store, lo, hi, ("kind",), kinds=["release", "news"])
    assert sorted(f["id"] for f in others) == sorted(f["id"] for f in far if f["kind"] in ("release", "news"))
