"""The checker's mutation suite on the real sample corpus, ingested into a real store."""

from __future__ import annotations

from draftbot.config import load_settings
from draftbot.index.store import open_store
from draftbot.verify.library import SourceLibrary
from draftbot.verify.mutations import ERRORS, REWRITES, run_mutation_suite
from verify_fixtures import corpus_store  # noqa: F401  (fixture)


def test_suite_is_big_enough():
    assert len(ERRORS) >= 30 and len(REWRITES) >= 8
    cats = {m.category for m in ERRORS}
    assert {"digits", "scale", "percent", "pp", "chinese", "citation", "reference"} <= cats


def test_mutation_suite_on_ingested_corpus(corpus_store):
    with open_store(load_settings(store=corpus_store)) as st:
        rep = run_mutation_suite(SourceLibrary.from_store(st))
    print("\nchecker mutation suite:", rep.line())
    if rep.missed:
        print("missed:", rep.missed)
    if rep.flagged_rewrites:
        print("flagged rewrites:", rep.flagged_rewrites)
    assert rep.clean_findings == 0
    assert rep.caught / rep.total_errors >= 0.95
    assert rep.false_alarms <= 0.02 * rep.total_rewrites
    # the sample day and the claim suites of evals/claims together: every kind at least 90%
    assert rep.total_errors >= 120 and rep.total_rewrites >= 40
    assert {"direction", "period", "subject", "approximation", "multiple"} <= set(rep.by_kind)
    assert rep.min_kind_rate >= 0.9, rep.kind_line()
    # the classic cases name the fix
    by_name = {o.name: o for o in rep.errors}
    assert "1625 万辆 not in [1]" in by_name["digit swap 1652→1625 万辆"].details[0]
    moved = by_name["citation moved: services [3]→[2]"]
    assert set(moved.kinds) == {"wrong_source"} and "it is in [3]" in moved.details[0]
