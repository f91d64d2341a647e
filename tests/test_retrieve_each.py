"""`retrieve.search_each` (a draft section's evidence: every query of every source, each query
scored once) gives exactly the hits of one `search` per source and query, on the Chroma store
(persisted lexical index, local vectors), on the in-memory toy store (in-memory BM25), and when
a source is too large to score locally (the dense side then asks the store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_fixtures import memory_and_chroma

from draftbot.index import retrieve
from draftbot.index.retrieve import search, search_each

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
QUERIES = ["规模以上工业增加值 增长", "数据要素×大赛", "global markets stocks oil", "价格 上涨 下降", "规模以上工业增加值 增长"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    with memory_and_chroma(tmp_path_factory.mktemp("each"), CORPUS) as (mem, chroma):
        yield {"chroma": chroma, "memory": mem}


def _rows(hits):
    return [(h.chunk_id, h.score, h.text, h.title, h.dense_rank, h.lexical_rank) for h in hits]


def _one_by_one(st, queries, k, sids):
    return [_rows(search(st, q, k=k, source_ids=[sid])) for sid in sids for q in queries]


def _sources(st):
    recs = st.sources()
    # the day's sources and some others, one id twice and one unknown id
    return [r.id for r in recs[:9]] + [recs[0].id, "0" * 16]


@pytest.mark.parametrize("name", ["chroma", "memory"])
@pytest.mark.parametrize("k", [3, 12])
def test_same_hits_as_one_search_each(stores, name, k):
    st = stores[name]
    sids = _sources(st)
    got = [_rows(h) for h in search_each(st, QUERIES, k, sids)]
    want = _one_by_one(st, QUERIES, k, sids)
    assert len(got) == len(sids) * len(QUERIES)
    assert got == want
    assert any(got), "the queries found nothing: the comparison says nothing"


def test_large_sources_ask_the_store(stores, monkeypatch):
    """A source over LOCAL_DENSE_MAX chunks is ranked by the store's filtered dense query, as
    `search` does it."""
    st = stores["chroma"]
    monkeypatch.setattr(retrieve, "LOCAL_DENSE_MAX", 3)
    sids = _sources(st)[:5]
    assert [_rows(h) for h in search_each(st, QUERIES[:2], 6, sids)] == _one_by_one(st, QUERIES[:2], 6, sids)


def test_empty_query_is_refused(stores):
    from draftbot.errors import UserError

    with pytest.raises(UserError):
        search_each(stores["memory"], ["工业", " "], 4, _sources(stores["memory"])[:2])


def test_lexical_rankings_float_for_float(stores):
    """The persisted index's per-source rankings from one pass equal each source's own search,
    scores included (the fused hit scores hide a source-wide offset)."""
    from draftbot.index.lexical import query_tokens

    st = stores["chroma"]
    idx = st.lexical_index()
    sids = _sources(st)
    for q in QUERIES:
        toks = query_tokens(q, st.analyzer)
        each = idx.top_per_source(toks, 40, retrieve.SOURCE_WEIGHT, sids)
        for sid in sids:
            alone = idx.top_in_context(toks, 40, retrieve.SOURCE_WEIGHT, idx.allowed_mask(None, None, None, None, {sid}))
            assert each[sid] == alone, (q, sid)
