"""Retrieval quality on the sample day: each key fact of the seed briefing must bring its source
into the hybrid top 3. Prints recall@3 for hybrid, lexical-only and dense-only."""

from __future__ import annotations

import pytest

from draftbot.config import load_settings
from draftbot.index.ingest import ingest
from draftbot.index.retrieve import search
from draftbot.index.store import open_store

# Expected titles as the seed's 参考文献 writes them (the Reuters entries there have no title).
NBS_IND = "新型工业化迈出坚实步伐新质生产力积蓄强劲动力"
NBS_CON = "消费市场扩容提质新发展格局加快构建"
NBS_SRV = "服务业发展量质齐升现代服务业蓬勃发展"
NBS_PRICE = "2026年5月下旬流通领域重要生产资料市场价格变动情况"
CQ = "2026年“数据要素×”大赛重庆分赛启幕"
HB = "2026年“数据要素×”大赛湖北分赛启动"
NDA = "关于举办2026年“数据要素×”大赛的通知"
PLAN = "“数据要素×”三年行动计划(2024—2026年)"
RT_MKT = "GLOBAL MARKETS-Tech stocks split, oil slides and gold gains as investors weigh supply risks"
RT_GSCPI = "NY Fed global supply chain pressure index stays elevated in May on Middle East shipping risks"

QUESTIONS = [
    ("全部工业增加值和制造业增加值增长到多少万亿元", NBS_IND),
    ("2025年新能源汽车产量是2020年的多少倍", NBS_IND),
    ("集成电路产量从2614亿块提升到多少", NBS_IND),
    ("工业机器人产量", NBS_IND),
    ("5G基站总数达到多少万个", NBS_IND),
    ("卓越级智能工厂和领航级智能工厂数量", NBS_IND),
    ("3D打印设备产量与年均增长", NBS_IND),
    ("社会消费品零售总额首次突破50万亿元", NBS_CON),
    ("数字消费规模", NBS_CON),
    ("最终消费支出对经济增长贡献率", NBS_CON),
    ("服务业增加值占GDP比重", NBS_SRV),
    ("知识密集型服务出口占服务出口比重", NBS_SRV),
    ("信息传输、软件和信息技术服务业增加值年均增长", NBS_SRV),
    ("5月下旬监测的50种重要生产资料价格上涨下降持平", NBS_PRICE),
    ("重庆分赛设置多少个赛道和赛题", CQ),
    ("湖北分赛由省数据局等22个部门共同推进", HB),
    ("国家数据局关于举办数据要素×大赛的通知", NDA),
    ("数据要素×三年行动计划的目标", PLAN),
    ("全球市场科技股分化 油价下跌 黄金上涨", RT_MKT),
    ("Brent crude fell and gold rose", RT_MKT),
    ("纽约联储全球供应链压力指数5月仍处于高位", RT_GSCPI),
    ("supply chain pressure index Middle East shipping", RT_GSCPI),
]
DAY = "2026-06-04"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    if not any(corpus.glob("2026-06-04_*.md")):
        pytest.skip("sample corpus not present")
    settings = load_settings(store=tmp_path_factory.mktemp("retrieval") / "store")
    with open_store(settings, write=True) as st:
        rep = ingest([corpus], st)
        assert not rep.failed
        yield st


def _expected(st, title):
    from draftbot.text.normalize import squash

    rec = next((r for r in st.sources() if squash(r.title) == squash(title)), None)
    assert rec is not None, f"no source titled {title!r} in the sample corpus"
    return rec


def _recall(st, mode, dated, stats=None):
    found, rows = 0, 0
    misses = []
    for q, title in QUESTIONS:
        rec = _expected(st, title)
        kw = {}
        if dated:
            if str(rec.date) != DAY:
                continue
            kw = {"date_from": DAY, "date_to": DAY}
        rows += 1
        top = [h.source_id for h in search(st, q, k=8, mode=mode, **kw)]
        if rec.id in top[:3]:
            found += 1
        else:
            misses.append(q)
        if stats is not None:
            stats["at1"] = stats.get("at1", 0) + (top[:1] == [rec.id])
            stats["rr"] = stats.get("rr", 0.0) + (1 / (top.index(rec.id) + 1) if rec.id in top else 0.0)
    return found, rows, misses


def test_every_key_fact_finds_its_source_in_hybrid_top3(sample_store):
    found, rows, misses = _recall(sample_store, "hybrid", dated=False)
    assert not misses, f"hybrid top-3 misses: {misses}"
    assert found == rows == len(QUESTIONS)


def test_recall_at_3_by_mode(sample_store):
    lines = []
    figures = {}
    for dated in (False, True):
        for mode in ("hybrid", "lexical", "dense"):
            stats: dict = {}
            found, rows, misses = _recall(sample_store, mode, dated, stats)
            figures[(mode, dated)] = found / rows
            lines.append(
                f"{'date=' + DAY if dated else 'no filter':>16} {mode:8} recall@3 {found}/{rows} = {found / rows:.2f}"
                f"  recall@1 {stats['at1'] / rows:.2f}  MRR@8 {stats['rr'] / rows:.2f}" + (f"  misses: {misses}" if misses else "")
            )
    print("\n" + "\n".join(lines))
    # fusion must not be worse than either side alone
    for dated in (False, True):
        assert figures[("hybrid", dated)] >= max(figures[("lexical", dated)], figures[("dense", dated)])


def test_filters_and_diversity(sample_store):
    st = sample_store
    hits = search(st, "数据要素×大赛 分赛", k=6, date_from=DAY, date_to=DAY)
    assert hits and all(str(h.date) == DAY for h in hits)
    hits = search(st, "数据要素×大赛", k=8, publishers=["重庆市人民政府"])
    assert hits and {h.publisher for h in hits} == {"重庆市人民政府"}
    hits = search(st, "oil gold stocks", k=4, kinds=["news"])
    assert hits and {h.kind for h in hits} == {"news"}
    # at most ceil(k/2) chunks of one source
    for q in ("新型工业化 制造业 增加值 集成电路 机器人 智能工厂", "数据要素"):
        hits = search(st, q, k=4)
        per = {}
        for h in hits:
            per[h.source_id] = per.get(h.source_id, 0) + 1
        assert max(per.values()) <= 2
    # every hit is a real span of its source, even when its source matched through the title/summary
    for h in search(st, "纽约联储 供应链压力", k=5):
        assert st.source_text(h.source_id)[h.start : h.end] == h.text and h.end > h.start


def test_source_context_picks_the_chunk_whose_source_matches_the_whole_question():
    from draftbot.index.lexical import BM25, tokenize

    # two look-alike price tables: B's price chunk is shorter, so plain BM25 ranks it first;
    # only A's source also names the period the question asks about
    chunks = {
        "a:0000": "2026年5月下旬流通领域重要生产资料市场价格变动情况，国家统计局监测。",
        "a:0001": "电解铜价格为每吨80412.0元，比上期上涨，螺纹钢价格下跌，其他产品价格互有涨跌。",
        "b:0000": "2025年3月上旬流通领域重要生产资料市场价格变动情况。",
        "b:0001": "电解铜价格为每吨79000元。",
    }
    bm = BM25(list(chunks), [tokenize(t, "bigram") for t in chunks.values()], groups=[c[0] for c in chunks])
    q = tokenize("5月下旬电解铜价格", "bigram")

    def order(ranked):
        return [bm.ids[i] for i, _ in ranked if bm.ids[i].endswith(":0001")]

    assert order(bm.top(q, 4)) == ["b:0001", "a:0001"]
    assert order(bm.top_in_context(q, 4, group_weight=0.0)) == ["b:0001", "a:0001"]
    assert order(bm.top_in_context(q, 4, group_weight=3.0)) == ["a:0001", "b:0001"]


def test_lexical_index_follows_writes_of_the_same_store(tmp_path):
    from index_fixtures import write_source

    folder = tmp_path / "src"
    write_source(folder, "a.md", "甲", "制造业增加值稳步增长。")
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([folder], st)
        assert [h.title for h in search(st, "制造业增加值", k=3, mode="lexical")] == ["甲"]
        assert search(st, "琉璃瓦修缮", k=3, mode="lexical") == []
        write_source(folder, "b.md", "乙", "古建筑琉璃瓦修缮工程完工。")
        ingest([folder], st)  # the cached BM25 must not hide the new source
        assert [h.title for h in search(st, "琉璃瓦修缮", k=3, mode="lexical")][:1] == ["乙"]
        (folder / "b.md").unlink()
        ingest([folder], st, prune=True)
        assert search(st, "琉璃瓦修缮", k=3, mode="lexical") == []


def test_a_search_among_named_sources_ranks_them_here_as_chroma_would(sample_store, monkeypatch):
    """A source-id filter small enough is scored from the chunks' embeddings fetched by id (no
    filtered HNSW query over the whole collection): the same chunks, in the same order, with the
    same scores (to float32 rounding) as Chroma's own filtered query."""
    import draftbot.index.retrieve as R

    recs = sorted(sample_store.sources(), key=lambda r: r.id)
    queries = ["5G基站总数", "数据要素× 大赛 赛道 赛题", "oil prices and gold", "社会消费品零售总额"]
    calls = []
    real_query = sample_store.chunks_col.query

    def counted(*a, **kw):
        calls.append(kw.get("where"))
        return real_query(*a, **kw)

    monkeypatch.setattr(sample_store.chunks_col, "query", counted)
    for q in queries:
        for sids in ({recs[0].id}, {recs[1].id, recs[4].id}, {r.id for r in recs[:6]}):
            filt = (None, None, None, None, sids)
            emb = sample_store.embedder.embed_matrix([q])
            here = R._dense_among(sample_store, emb, 50, filt)
            res = real_query(query_embeddings=emb, n_results=50, where=R.build_where(source_ids=sids), include=["distances"])
            chroma = [(c, 1.0 - d) for c, d in zip(res["ids"][0], res["distances"][0])]
            assert len(here) == len(chroma) and {c for c, _ in here} == {c for c, _ in chroma}
            assert all(abs(a - b) < 1e-5 for (_, a), (_, b) in zip(here, chroma))
            assert [c for c, _ in here] == [c for c, _ in sorted(chroma, key=lambda x: (-round(x[1], 5), x[0]))] or \
                [round(s, 5) for _, s in here] == [round(s, 5) for _, s in chroma]
    # search() takes that path: no dense query to Chroma for a named source
    hits = search(sample_store, "5G基站", k=4, source_ids=[recs[0].id])
    assert hits and all(h.source_id == recs[0].id for h in hits) and calls == []
    # a filter naming more chunks than the bound goes to Chroma, as before
    monkeypatch.setattr(R, "LOCAL_DENSE_MAX", 1)
    search(sample_store, "5G基站", k=4, source_ids=[recs[0].id])
    assert len(calls) == 1
