"""Per-day reads (issue 26): `draft`, `plan` and `check` read the day's records and the ones they
cite, never every record of the store; what they read instead (the store's catalog, the planner's
fields, the verifier's lazy library) gives the same answers as the whole records did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from index_fixtures import cli_ingested, opened

from draftbot.config import load_settings
from draftbot.index.store import Listed, catalog, open_store, records_fields
from draftbot.outline.model import PlanSpec
from draftbot.outline.sources import DISTRACTOR_DAYS, PlanSource, classify, standing
from draftbot.outline.store_sources import _near
from draftbot.text.normalize import squash
from draftbot.verify.library import SourceLibrary, _squash_all

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DAY = "2026-06-04"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return cli_ingested(tmp_path_factory.mktemp("day-reads") / "store", CORPUS)


@pytest.fixture(params=["local", "chroma"])
def store(request, store_dir, monkeypatch):
    """The store read from its local file, and read from Chroma (DRAFTBOT_LOCAL_READS=0)."""
    with opened(store_dir, request.param, monkeypatch) as st:
        yield st


def _no_listing(store, monkeypatch):
    def every_record():
        raise AssertionError("read every record of the store")

    monkeypatch.setattr(store, "sources", every_record)


def test_draft_plan_and_check_read_no_every_record_listing(store_dir, tmp_path, monkeypatch):
    from draftbot.draft.pipeline import run_draft, run_plan
    from draftbot.verify import check_markdown

    settings = load_settings(store=str(store_dir))
    with open_store(settings) as st:
        assert st._local_reads() is not None  # the local file is what replaces the listing
        _no_listing(st, monkeypatch)
        result = run_draft(settings, DAY, out=tmp_path / "d.md", backend="extractive", quiet=True, store=st)
        outline, _, titles = run_plan(settings, DAY, store=st)
        lib = SourceLibrary.from_store(st)
        res = check_markdown(result.path.read_text(encoding="utf-8"), lib, result.draft.brief)
    assert result.sections and outline.sections
    assert all(i in titles for s in outline.sections for i in s.source_ids)
    assert res.stats.references_resolved == res.stats.references > 0
    assert len(lib.entries._made) <= res.stats.references + 5  # only what the draft cites was made


def test_catalog_is_every_record_in_listing_order(store):
    records = store.sources()
    assert catalog(store) == [Listed(r.id, r.date, r.title, r.url, r.publisher, r.kind) for r in records]


def test_planner_fields_are_the_records_fields(store):
    day = dt.date.fromisoformat(DAY)
    for spec in (PlanSpec(), PlanSpec(background_days=0, recency_days=0), PlanSpec(background_days=5000)):
        horizon = max(spec.background_days, DISTRACTOR_DAYS)
        want = [PlanSource.from_record(r) for r in store.sources()
                if (r.date is None or abs((day - r.date).days) <= horizon) and standing(r.date, r.kind, day, spec)]
        assert _near(store, day, spec) == want and want
        # what is not read stands nowhere: the planner would never have seen it
        assert not classify([PlanSource.from_record(r) for r in store.sources() if r.id not in {s.id for s in want}],
                            day, spec).model_dump(exclude_defaults=True)
    got = records_fields(store, day, day, ("title", "date"))
    assert sorted((f["id"], f["title"], f["date"]) for f in got) == \
        sorted((r.id, r.title, r.date.isoformat()) for r in store.sources() if r.date == day)


def test_lazy_library_answers_as_a_full_one(store):
    lazy = SourceLibrary.from_store(store)
    full = SourceLibrary.from_pairs((r, "") for r in store.sources())
    assert len(lazy) == len(full) and list(lazy.entries) == list(full.entries)
    assert all(sid in lazy for sid in full.entries) and "no-such-source" not in lazy
    assert lazy.get("no-such-source") is None
    for e in full.entries.values():
        r = e.record
        for args, kw in [((r.title,), {}), ((f"《{r.title}》",), {}), ((r.title[:-1] + " ",), {}),
                         (("", r.url), {}), (("某报道", None, r.publisher, r.date.isoformat() if r.date else ""),
                                             {"bracketed": False})]:
            a, b = lazy.resolve(*args, **kw), full.resolve(*args, **kw)
            assert (a and a.id) == (b and b.id), (args, kw)
    made = lazy.get(next(iter(full.entries)))
    assert made is lazy.get(made.id) and made in lazy.entries.values()  # one entry per source
    assert [e.id for e in lazy.entries.values()] == list(full.entries)


def test_primed_reference_lines_resolve_as_among_every_source(store, monkeypatch):
    """`prime` reads the rows of the sources the lines name by URL or squashed title; resolving
    those lines then gives what resolving among every source gives, without the whole catalog
    (which is still read for a line neither finds)."""
    import draftbot.index.store as index_store

    local = store._local_reads() is not None
    with open_store(load_settings(store=str(store.store_dir))) as other_reader:
        records = other_reader.sources()
    full = SourceLibrary.from_pairs((r, "") for r in records)
    other = records[1]
    lines = [(r.title, None) for r in records] + [(f"《{r.title}》 ", None) for r in records] + \
            [(other.title, r.url + "/") for r in records if r.url] + [("no such title at all", None)]
    lazy = SourceLibrary.from_store(store)
    lazy.prime(lines)
    assert (lazy._picked is not None) == local
    assert not local or len(lazy._picked.rows) == len(records)  # each line names one
    real_catalog = index_store.catalog
    if local:
        monkeypatch.setattr(index_store, "catalog", lambda st: pytest.fail("listed every source"))
    for title, url in lines[:-1]:
        a, b = lazy.resolve(title, url), full.resolve(title, url)
        assert a is not None and a.id == b.id, (title, url)
    if local:
        with pytest.raises(pytest.fail.Exception):  # containment needs every title
            lazy.resolve(*lines[-1])
    monkeypatch.setattr(index_store, "catalog", real_catalog)
    assert lazy.resolve(*lines[-1]) is full.resolve(*lines[-1]) is None


def test_titles_squashed_together_as_one_by_one():
    titles = ["ΑΣ Β", "ΑΣ", "Σ", " x ", "", "《ａＢ》 — “q”", "İstanbul", "e\u0301", "\u0301a", "１２３年", "a\u3000b"]
    assert _squash_all(titles) == [squash(t) for t in titles]
    assert _squash_all(["a\x00b", "c"]) == [squash("a\x00b"), "c"]
