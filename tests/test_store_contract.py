"""The store contract (index/store.py): the Chroma store and the in-memory toy both satisfy it,
the rest of draftbot runs on either, and nothing outside index/ reaches past it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from index_fixtures import memory_and_chroma

from draftbot.config import load_settings
from draftbot.index.retrieve import search
from draftbot.index.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SRC = ROOT / "src" / "draftbot"
QUERIES = ["规模以上工业增加值", "数据要素×大赛 重庆", "社会消费品零售总额", "global markets stocks", "工业生产者出厂价格"]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    with memory_and_chroma(tmp_path_factory.mktemp("contract"), CORPUS) as (mem, chroma):
        yield mem, chroma


def test_both_implement_the_protocol(both):
    for st in both:
        assert isinstance(st, Store)


def test_same_sources_and_texts(both):
    mem, chroma = both
    assert [r.id for r in mem.sources()] == [r.id for r in chroma.sources()]
    some = mem.sources()[0]
    assert mem.source_text(some.id) == chroma.source_text(some.id)
    assert [c.text for c in mem.source_chunks(some.id)] == [c.text for c in chroma.source_chunks(some.id)]
    day = some.date
    assert [r.id for r in mem.sources_between(day, day)] == [r.id for r in chroma.sources_between(day, day)]
    assert mem.key()["chunks"] == chroma.key()["chunks"]


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
def test_same_search_results(both, mode):
    mem, chroma = both
    for q in QUERIES:
        a = [(h.chunk_id, round(h.score, 4)) for h in search(mem, q, k=6, mode=mode)]
        b = [(h.chunk_id, round(h.score, 4)) for h in search(chroma, q, k=6, mode=mode)]
        assert a == b, q


def test_filters_reach_the_dense_side(both):
    mem, _ = both
    day = mem.sources()[0].date
    hits = search(mem, "工业", k=5, date_from=day, date_to=day, mode="dense")
    assert hits and all(h.date == day for h in hits)


def test_a_draft_runs_on_the_memory_store(both, tmp_path):
    from draftbot.draft.pipeline import run_draft

    mem, _ = both
    out = tmp_path / "brief.md"
    res = run_draft(load_settings(store=tmp_path / "unused"), "2026-06-04", out=out, backend="extractive",
                    quiet=True, store=mem, force=True)
    text = out.read_text(encoding="utf-8")
    assert "参考文献" in text and "[1]" in text
    assert res is not None


def _python_files_outside_index():
    return [p for p in SRC.rglob("*.py") if "index" not in p.relative_to(SRC).parts[:1]]


def test_no_vector_database_outside_index():
    bad = [str(p.relative_to(SRC)) for p in _python_files_outside_index()
           if re.search(r"^\s*(import|from)\s+chromadb", p.read_text(encoding="utf-8"), re.M)]
    assert bad == []


def test_no_private_store_member_outside_index():
    # a store is named store/st/self.store outside index/; its underscored members are Chroma's business
    pat = re.compile(r"\b(?:store|st|self\.store|self\._store)\._[a-z]\w*")
    bad = [f"{p.relative_to(SRC)}: {m.group(0)}" for p in _python_files_outside_index()
           for m in pat.finditer(p.read_text(encoding="utf-8"))]
    assert bad == []
