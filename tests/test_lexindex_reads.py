"""How the persisted lexical index reads its postings never changes what it ranks: the top-n
selection equals a full sort, ties at the cut included; a query restricted to a few documents
(a day's sources) reads only their stretch of each posting list and scores them float for float
as a read of the whole lists does, with segments written before per-term source counts existed,
with dead documents, and through the small-read binary search."""

from __future__ import annotations

import numpy as np
import pytest
from index_fixtures import generated_body, write_source

from draftbot.config import load_settings
from draftbot.index import lexindex
from draftbot.index.ingest import ingest
from draftbot.index.lexical import query_tokens
from draftbot.index.lexindex import _first_by_score, _sources_per_term
from draftbot.index.retrieve import SOURCE_WEIGHT
from draftbot.index.store import open_store


@pytest.mark.parametrize("seed", range(6))
def test_top_n_is_the_full_sorts_first_n(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 5000))
    comb = rng.integers(0, 40, size=m) / 7.0  # few distinct values: many ties, at the cut too
    cand = np.sort(rng.choice(10 * m, size=m, replace=False))
    for n in (1, 3, 10, 50, m, m + 5):
        full = np.lexsort((cand, -comb))[:n]
        assert _first_by_score(comb, cand, n).tolist() == full.tolist()


def test_nothing_asked_nothing_given():
    assert _first_by_score(np.array([1.0, 2.0]), np.array([0, 1]), 0).tolist() == []


@pytest.mark.parametrize("contiguous", [True, False])
def test_sources_per_term_counts_distinct_sources(contiguous):
    rng = np.random.default_rng(3)
    doc_src = np.repeat(np.arange(30), 7) if contiguous else rng.integers(0, 30, size=210)
    lists = [np.sort(rng.choice(210, size=int(rng.integers(0, 60)), replace=False)) for _ in range(50)]
    post_ptr = np.concatenate(([0], np.cumsum([len(x) for x in lists])))
    post_doc = np.concatenate(lists).astype(np.int32)
    want = [len(set(doc_src[x].tolist())) for x in lists]
    assert _sources_per_term(post_ptr, post_doc, doc_src).tolist() == want


def _corpus(folder, start: int, n: int) -> None:
    for i in range(start, start + n):
        write_source(folder, f"doc{i:04d}.md", f"生成文档第{i}号", generated_body(i, 30 + i % 9),
                     publisher="国家统计局", date=f"2026-05-{1 + i % 28:02d}")


def _rankings(idx, queries, sids, analyzer) -> list:
    out = []
    for q in queries:
        toks = query_tokens(q, analyzer)
        out.append(idx.top_per_source(toks, 10, SOURCE_WEIGHT, sids))
        mask = idx.allowed_mask(None, None, None, None, set(sids))
        out.append(idx.top_in_context(toks, 25, SOURCE_WEIGHT, mask))
    return out


def test_restricted_reads_rank_as_whole_list_reads(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    _corpus(docs, 0, 40)
    settings = load_settings(store=tmp_path / "store")
    with open_store(settings, write=True) as st:
        ingest([docs], st)
        _corpus(docs, 40, 20)  # a second segment
        ingest([docs], st)
        p = docs / "doc0003.md"  # a changed file: a dead document in the first segment
        p.write_text(p.read_text(encoding="utf-8") + "\n补充：数据要素市场建设提速。\n", encoding="utf-8")
        ingest([docs], st)
        idx = st.lexical_index()
        assert len(idx.segments) >= 2 and any(not idx._whole(s) for s in idx.segments)
        assert all(s.term_nsrc is not None for s in idx.segments)
        ids = sorted(r.id for r in st.sources())
        sids = [ids[5], ids[6], ids[44], ids[50]]
        queries = [generated_body(i, 2)[:14] for i in (5, 44, 50, 7)] + ["增长 数据 产业"]
        assert idx._runs(idx.allowed_mask(None, None, None, None, set(sids))) is not None
        restricted = _rankings(idx, queries, sids, st.analyzer)
        monkeypatch.setattr(lexindex, "_WINDOW", 2)  # the small-read binary search, many steps
        assert _rankings(idx, queries, sids, st.analyzer) == restricted
        for seg in idx.segments:  # a segment written before the counts: read whole, same answer
            monkeypatch.setattr(seg, "term_nsrc", None)
        assert _rankings(idx, queries, sids, st.analyzer) == restricted
        monkeypatch.setattr(lexindex.LexIndex, "_runs", lambda self, allowed: None)  # whole lists only
        assert _rankings(idx, queries, sids, st.analyzer) == restricted
        assert any(r for r in restricted)
