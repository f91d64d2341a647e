"""The persisted lexical index: exact against the in-memory BM25, incremental at ingest, stale
indexes detected and refreshed, kept in the local folder for a Chroma server; the records
snapshot; no-op ingest without Chroma; prune keeps renamed files; repair of lost chunks."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from chroma_server import chroma_server  # noqa: F401 - fixture
from index_fixtures import backend, generated_body, write_source  # noqa: F401 - fixture

from draftbot.config import load_settings
from draftbot.index import lexindex, lexstore
from draftbot.index.ingest import ingest, prepare
from draftbot.index.lexical import query_tokens
from draftbot.index.retrieve import SOURCE_WEIGHT, _dint, _matches, search
from draftbot.index.store import open_store
from draftbot.sources import load_paths
from draftbot.text.dates import iso_day

PUBLISHERS = ("国家统计局", "国家数据局", "工业和信息化部")


def _corpus(folder: Path, start: int, n: int) -> None:
    for i in range(start, start + n):
        write_source(folder, f"doc{i:04d}.md", f"生成文档第{i}号", generated_body(i, 18 + i % 7),
                     publisher=PUBLISHERS[i % 3], date=f"2026-05-{1 + i % 28:02d}")


def _age(p: Path) -> None:
    """Older than the stat cache's racy window, so the cache keeps the file."""
    os.utime(p, (p.stat().st_atime - 10, p.stat().st_mtime - 10))


def _aged_corpus(folder: Path, n: int) -> None:
    _corpus(folder, 0, n)
    for p in folder.iterdir():
        _age(p)


def _queries(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        body = generated_body(rng.randint(0, 60), 3)
        a = rng.randint(0, max(0, len(body) - 20))
        out.append(body[a : a + rng.randint(4, 16)])
    return out


def _in_memory(st, q: str, n: int, filt: tuple) -> list[tuple[str, float]]:
    bm, ids, metas = st._build_lexical()
    allowed = None
    if any(x is not None for x in filt):
        allowed = {i for i, m in enumerate(metas) if _matches(m, *filt)}
    return [(ids[i], s) for i, s in bm.top_in_context(query_tokens(q, st.analyzer), n, SOURCE_WEIGHT, allowed)]


def _filters(st) -> list[tuple]:
    one_source = st.sources()[3].id
    return [
        (None,) * 5,
        (_dint(iso_day("2026-05-05")), _dint(iso_day("2026-05-20")), None, None, None),
        (None, None, {"国家数据局"}, None, None),
        (None, None, {"国家统计局", "工业和信息化部"}, {"release"}, None),
        (None, None, None, None, {one_source}),
    ]


def _assert_exact(st, seed: int) -> None:
    idx = st.lexical_index()
    assert idx is not None
    for q in _queries(seed, 12):
        for filt in _filters(st):
            got = idx.top_in_context(query_tokens(q, st.analyzer), 40, SOURCE_WEIGHT, idx.allowed_mask(*filt))
            assert got == _in_memory(st, q, 40, filt), (q, filt)


def test_persisted_index_ranks_exactly_like_in_memory_bm25_through_changes(tmp_path):
    docs = tmp_path / "docs"
    _corpus(docs, 0, 24)
    settings = load_settings(store=tmp_path / "store")
    with open_store(settings, write=True) as st:
        ingest([docs], st)
        _assert_exact(st, 1)
        _corpus(docs, 24, 10)  # new sources: a second segment
        ingest([docs], st)
        for i in (2, 5, 30):  # changed files: old versions marked dead, new ones appended
            p = docs / f"doc{i:04d}.md"
            p.write_text(p.read_text(encoding="utf-8") + "\n补充说明：数据要素市场建设提速。\n", encoding="utf-8")
        (docs / "doc0007.md").unlink()
        ingest([docs], st, prune=True)
        man = lexindex.read_manifest(st.lexical_dir())
        assert len(man["segments"]) == 3 and sum(len(v) for v in man["dead"].values()) == 4
        _assert_exact(st, 2)
    with open_store(settings) as st:  # a new process's view: memory-mapped from disk
        _assert_exact(st, 3)
        assert len(st.lexical_index()) == st.chunk_count()


def test_many_ingests_merge_segments_and_stay_exact(tmp_path, monkeypatch):
    monkeypatch.setattr(lexindex, "MAX_SEGMENTS", 3)
    docs = tmp_path / "docs"
    settings = load_settings(store=tmp_path / "store")
    with open_store(settings, write=True) as st:
        for k in range(5):
            _corpus(docs, k * 4, 4)
            ingest([docs], st)
        man = lexindex.read_manifest(st.lexical_dir())
        assert len(man["segments"]) <= 3
        _assert_exact(st, 4)


def test_index_written_by_another_writer_is_detected_and_refreshed(tmp_path):
    """A write that bypasses ingest (an older draftbot, a crash before the index was updated)
    changes the store's key, so the index is refreshed instead of answering stale."""
    docs = tmp_path / "docs"
    _corpus(docs, 0, 6)
    settings = load_settings(store=tmp_path / "store")
    with open_store(settings, write=True) as st:
        ingest([docs], st)
        extra = tmp_path / "extra"
        write_source(extra, "x.md", "琉璃瓦修缮工程通告", "故宫琉璃瓦修缮工程本月开工，预计工期九十天。")
        st.write_prepared([prepare(s, analyzer=st.analyzer) for s in load_paths([extra]).sources])
    with open_store(settings) as st:
        hits = search(st, "琉璃瓦修缮", k=3, mode="lexical")
        assert hits and hits[0].title == "琉璃瓦修缮工程通告"
        _assert_exact(st, 5)
    # a damaged index (a segment gone) is rebuilt, not trusted
    root = tmp_path / "store" / "lexical"
    for seg in root.glob("seg-*"):
        for f in seg.iterdir():
            f.unlink()
        seg.rmdir()
    with open_store(settings) as st:
        assert search(st, "琉璃瓦修缮", k=3, mode="lexical")[0].title == "琉璃瓦修缮工程通告"


def test_server_clients_keep_their_index_locally_and_follow_the_servers_changes(tmp_path, chroma_server):  # noqa: F811
    chroma_server.reset()
    a = load_settings(store=tmp_path / "a-local", chroma_url=chroma_server.url)
    b = load_settings(store=tmp_path / "b-local", chroma_url=chroma_server.url)
    docs = tmp_path / "docs"
    _corpus(docs, 0, 8)
    with open_store(a, write=True) as st:
        ingest([docs], st)
    with open_store(b) as st:
        assert search(st, "生成文档第3号", k=1, mode="lexical")[0].title == "生成文档第3号"
        assert st.lexical_dir().parent == tmp_path / "b-local"
        _assert_exact(st, 6)
    extra = tmp_path / "extra"
    write_source(extra, "y.md", "高铁新线联调联试", "京雄高铁新线完成联调联试，开通运营在即。")
    with open_store(a, write=True) as st:
        ingest([extra], st)
    with open_store(b) as st:  # B refreshes from the server: reads only the new source's chunks
        assert search(st, "联调联试", k=1, mode="lexical")[0].title == "高铁新线联调联试"
        assert len(st.sources()) == 9
        _assert_exact(st, 7)


def test_records_snapshot_serves_sources_and_follows_moves(tmp_path):
    docs = tmp_path / "docs"
    _corpus(docs, 0, 5)
    settings = load_settings(store=tmp_path / "store")
    with open_store(settings, write=True) as st:
        ingest([docs], st)
        (docs / "doc0001.md").rename(docs / "renamed.md")
        rep = ingest([docs], st, prune=True)
        assert (rep.removed, rep.moved, rep.unchanged) == (0, 1, 5)
    with open_store(settings) as st:
        # an embedded store's snapshot is the local file's sources table; no records.json is written
        assert not (st.lexical_dir() / "records.json").exists()
        snap = lexstore.snapshot_records(st, st.lexical_dir(), st.key())
        assert len(snap) == 5 and sum(r["path"].endswith("renamed.md") for r in snap.values()) == 1
        rec = next(r for r in st.sources() if r.title == "生成文档第1号")
        assert rec.path.endswith("renamed.md")
        from draftbot.index.chroma_store import _record

        in_chroma = {sid: _record(sid, m) for ids, metas in st._pages(st.sources_col, ["metadatas"]) for sid, m in zip(ids, metas)}
        assert in_chroma == {r.id: r for r in st.sources()}
        assert st.get_source(rec.id).path == rec.path


def test_rename_then_prune_keeps_the_source(backend, tmp_path):  # noqa: F811
    docs = tmp_path / "docs"
    _corpus(docs, 0, 4)
    with open_store(backend, write=True) as st:
        ingest([docs], st)
        (docs / "doc0002.md").rename(docs / "moved-here.md")
        rep = ingest([docs], st, prune=True)
        assert (rep.removed, rep.moved) == (0, 1)
        (docs / "doc0003.md").unlink()  # content really gone: removed
        rep = ingest([docs], st, prune=True)
        assert rep.removed == 1
        titles = {r.title: r for r in st.sources()}
    assert set(titles) == {"生成文档第0号", "生成文档第1号", "生成文档第2号"}
    assert titles["生成文档第2号"].path.endswith("moved-here.md")


def test_rerun_repairs_a_source_missing_chunks(backend, tmp_path):  # noqa: F811
    docs = tmp_path / "docs"
    _corpus(docs, 0, 5)
    with open_store(backend, write=True) as st:
        ingest([docs], st)
        victim = st.sources()[0]
        st.chunks_col.delete(ids=[f"{victim.id}:0001", f"{victim.id}:meta"])  # a lost write
        rep = ingest([docs], st)
        assert rep.repaired == 1 and rep.added == 1 and rep.unchanged == 4
        assert len(st.source_chunks(victim.id)) == victim.chunks
        assert st.chunk_count() == sum(r.chunks + 1 for r in st.sources())
        _assert_exact(st, 8)


def test_noop_ingest_answers_from_the_stat_cache_without_chroma(tmp_path):
    docs = tmp_path / "docs"
    _aged_corpus(docs, 6)
    store = tmp_path / "store"
    with open_store(load_settings(store=store), write=True) as st:
        ingest([docs], st)
    code = (
        "import sys;from pathlib import Path;from draftbot.config import load_settings;"
        "from draftbot.index.store import open_store;from draftbot.index.ingest import ingest;"
        f"st=open_store(load_settings(store={str(store)!r}),write=True);r=ingest([Path({str(docs)!r})],st);"
        "print(r.unchanged, 'chromadb' in sys.modules)"
    )
    env = {**os.environ}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert out == ["6", "False"]
    # any change to a file, or to the store, takes the full path again
    p = docs / "doc0000.md"
    p.write_text(p.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    _age(p)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert out[1] == "True"  # Chroma opened (the writer lets go of it once written)


def test_noop_ingest_with_another_embedder_is_still_refused(tmp_path):
    from draftbot.errors import UserError

    docs = tmp_path / "docs"
    _aged_corpus(docs, 3)
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([docs], st)
    with pytest.raises(UserError, match="built with embedder"):
        with open_store(load_settings(store=tmp_path / "store", embedder="hash:512"), write=True) as st:
            ingest([docs], st)


def test_bare_hash_means_the_stores_own_dimension(tmp_path, monkeypatch):
    """`hash` without a dimension: a new store gets NEW_STORE_DIM; a store built with 1,024 (by an
    earlier version, whose `hash` meant 1,024) keeps 1,024 for search and ingest, and its no-op
    re-ingest still answers from the stat cache without opening Chroma."""
    from draftbot.index.embedder_spec import NEW_STORE_DIM
    from draftbot.index.retrieve import search

    docs = tmp_path / "docs"
    _aged_corpus(docs, 3)
    with open_store(load_settings(store=tmp_path / "new"), write=True) as st:
        ingest([docs], st)
        assert st.embedder.dim == NEW_STORE_DIM
    with open_store(load_settings(store=tmp_path / "old", embedder="hash:1024"), write=True) as st:
        ingest([docs], st)
    with open_store(load_settings(store=tmp_path / "old")) as st:  # plain `hash`, as users run it
        assert st.embedder.dim == 1024 and search(st, "工业增加值", k=2)
    opened = []
    from draftbot.index.chroma_store import ChromaStore

    real = ChromaStore._connect
    monkeypatch.setattr(ChromaStore, "_connect", lambda self: opened.append(1) or real(self))
    with open_store(load_settings(store=tmp_path / "old"), write=True) as st:
        report = ingest([docs], st)
    assert report.unchanged == 3 and opened == []


def test_source_hooks_see_committed_texts_and_removals(tmp_path, monkeypatch):
    """The per-source hook list (for indexes derived per source, e.g. number facts)."""
    from draftbot.index import ingest as ingest_mod

    calls: list[tuple[str, str | None]] = []
    monkeypatch.setattr(ingest_mod, "SOURCE_HOOKS", [lambda sid, text: calls.append((sid, text))])
    docs = tmp_path / "docs"
    _corpus(docs, 0, 3)
    loaded = {s.id: s.text for s in load_paths([docs]).sources}
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([docs], st)
        assert dict(calls) == loaded  # each committed source once, with its exact text
        calls.clear()
        gone = next(s for s in load_paths([docs]).sources if s.path.endswith("doc0001.md"))
        (docs / "doc0001.md").unlink()
        ingest([docs], st, prune=True)
    assert calls == [(gone.id, None)]


def test_embedder_signature_from_settings_matches_the_embedder():
    from draftbot.index.embedder_spec import signature_for
    from draftbot.index.embeddings import embedder_signature, make_embedder

    for spec, base in (("hash", None), ("hash:256", None), ("openai:m1", "http://127.0.0.1:9/v1")):
        s = load_settings(embedder=spec, base_url=base)
        assert signature_for(s) == embedder_signature(make_embedder(s))


def test_hooks_passed_to_one_ingest_run_only_there(tmp_path):
    docs = tmp_path / "docs"
    _corpus(docs, 0, 2)
    seen: list[str] = []
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([docs], st, hooks=[lambda sid, text: seen.append(sid)])
        assert len(seen) == 2
        _corpus(docs, 2, 1)
        ingest([docs], st)
    assert len(seen) == 2


def test_merge_drops_dead_documents_and_stays_exact(tmp_path, monkeypatch):
    monkeypatch.setattr(lexindex, "MAX_DEAD_SHARE", 0.0)  # any dead document triggers the merge
    docs = tmp_path / "docs"
    _corpus(docs, 0, 12)
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([docs], st)
        for i in (1, 4):
            p = docs / f"doc{i:04d}.md"
            p.write_text(p.read_text(encoding="utf-8") + "\n另据统计，平台交易额稳步增长。\n", encoding="utf-8")
        (docs / "doc0009.md").unlink()
        ingest([docs], st, prune=True)
        man = lexindex.read_manifest(st.lexical_dir())
        assert len(man["segments"]) == 1 and man["dead"] == {}
        assert len(st.lexical_index()) == st.chunk_count()
        _assert_exact(st, 9)


def test_a_segment_finds_each_term_it_holds_and_no_other(tmp_path):
    """`_Segment.find` reads the sorted terms through memoryviews; the same answers as through the
    numpy arrays, for every term held and for terms before, between and after them."""
    vocab = ["增长", "工业", "gdp", "oil", "同比", "a", "zz", "价格", "数据"]
    docs = [(f"s{i}:{i:04d}", f"s{i}", i, ([vocab[i], vocab[(i + 3) % len(vocab)]], [1, 2]), 20260501, "p", "release")
            for i in range(len(vocab))]
    name, _ = lexindex.write_segment(tmp_path, docs, {}, {})
    seg = lexindex._Segment(tmp_path / name, 0, 0)
    held = sorted(t.encode("utf-8") for t in vocab)
    absent = [b"", b"0", b"b", b"zzz", "增".encode("utf-8"), "增长率".encode("utf-8"), b"\xff\xff"]
    got = {t: seg.find(t) for t in held + absent}
    assert sorted(got[t] for t in held) == list(range(len(held))) and all(got[t] == -1 for t in absent)
    seg._views = (seg.term_off, seg.blob)  # the numpy path (a non-native layout)
    assert {t: seg.find(t) for t in held + absent} == got
