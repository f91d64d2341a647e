"""Store + incremental ingest, on embedded Chroma and on a real `chroma run` server."""

from __future__ import annotations

import os
import time

import pytest

from chroma_server import chroma_server  # noqa: F401 - fixture
from index_fixtures import backend, generated_body, make_corpus, write_source  # noqa: F401 - fixture

from draftbot.errors import UserError
from draftbot.config import load_settings
from draftbot.index.ingest import ingest, prepare
from draftbot.index.retrieve import search
from draftbot.index.store import open_store
from draftbot.sources import load_paths


def _open(settings, **kw):
    return open_store(settings, write=True, **kw)


def test_ingest_then_reingest_unchanged_adds_nothing(backend, tmp_path):
    docs = tmp_path / "docs"
    n = 30
    make_corpus(docs, n)
    # saved a while ago, as a corpus re-ingested later is: files seconds old are read and hashed
    # again (the stat cache's racy window), which costs about what preparing them did
    for f in docs.rglob("*.md"):
        t = f.stat().st_mtime - 120
        os.utime(f, (t, t))
    with _open(backend) as st:
        first = ingest([docs], st)
        assert (first.added, first.updated, first.unchanged, first.removed) == (n, 0, 0, 0)
        assert first.chunks_added == st.chunk_count() > n  # body chunks + one meta chunk each
        before = st.chunk_count()
        second = ingest([docs], st)
    assert (second.added, second.updated, second.unchanged, second.chunks_added) == (0, 0, n, 0)
    ratio = second.seconds / first.seconds
    print(f"\n[{'server' if backend.chroma_url else 'embedded'}] first ingest {first.seconds:.2f}s, "
          f"unchanged re-ingest {second.seconds:.3f}s, ratio {ratio:.3f}")
    assert ratio < 0.5
    with open_store(backend) as st:  # a fresh handle sees the same state
        assert st.chunk_count() == before and len(st.sources()) == n


def test_source_records_text_and_title_lookup(backend, tmp_path):
    docs = tmp_path / "docs"
    body = "# 标题行\n\n2025年新能源汽车产量达到1652万辆。  集成电路产量4843亿块。\n\n\n第二段：工业机器人77.3万套。\n"
    write_source(docs, "a.md", "新型工业化迈出坚实步伐新质生产力积蓄强劲动力", body, url="https://example.gov.cn/a.html", usage="用于核验")
    write_source(docs, "b.md", "“数据要素×”三年行动计划（2024—2026年）", generated_body(1, 80), publisher="国家数据局", date="2024-01-04")
    loaded = {s.path: s for s in load_paths([docs]).sources}
    with _open(backend) as st:
        ingest([docs], st)
        recs = st.sources()
        assert {r.title for r in recs} == {s.title for s in loaded.values()}
        for s in loaded.values():
            rec = st.get_source(s.id)
            assert rec.path == s.path and rec.publisher == s.publisher and rec.date == s.date
            assert st.source_text(s.id) == s.text  # rebuilt exactly from chunks + stored whitespace
            chunks = st.source_chunks(s.id)
            assert rec.chunks == len(chunks) >= 1
            assert all(c.text == s.text[c.start : c.end] for c in chunks)
        assert st.get_source("nope") is None


def test_changed_file_replaces_old_chunks_and_prune_removes_deleted(backend, tmp_path):
    docs = tmp_path / "docs"
    paths = make_corpus(docs, 5)
    with _open(backend) as st:
        ingest([docs], st)
        old = {r.path: r.id for r in st.sources()}
        write_source(docs, paths[0].name, "生成文档第0号", generated_body(999), date="2026-05-01")
        rep = ingest([docs], st)
        assert (rep.added, rep.updated, rep.unchanged) == (0, 1, 4)
        new = {r.path: r.id for r in st.sources()}
        changed = str(paths[0].resolve())
        assert new[changed] != old[changed] and len(new) == 5
        ids = st.chunk_ids()
        assert not any(i.startswith(old[changed] + ":") for i in ids)
        assert any(i.startswith(new[changed] + ":") for i in ids)
        hits = search(st, "编号999-3", k=3, mode="lexical")
        assert hits and hits[0].source_id == new[changed]

        paths[1].unlink()
        kept = ingest([docs], st)  # without --prune the deleted file's source stays
        assert kept.removed == 0 and len(st.sources()) == 5
        pruned = ingest([docs], st, prune=True)
        assert pruned.removed == 1 and len(st.sources()) == 4
        assert not any(i.startswith(old[str(paths[1].resolve())] + ":") for i in st.chunk_ids())
        # pruning one folder never touches sources from another
        other = tmp_path / "other"
        make_corpus(other, 2)
        ingest([other], st)
        ingest([docs], st, prune=True)
        assert len(st.sources()) == 6


def test_orphan_chunks_are_swept_at_next_ingest(backend, tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 3)
    [src] = load_paths([write_source(tmp_path / "x", "x.md", "孤儿", generated_body(5))]).sources
    with _open(backend) as st:
        p = prepare(src)
        # an interrupted ingest: chunks written, commit record never written
        st.chunks_col.upsert(ids=p.ids, documents=p.docs, metadatas=p.metas, embeddings=st.embedder.embed_matrix(p.docs))
        assert st.get_source(src.id) is None and st.chunk_count() == len(p.ids)
        rep = ingest([docs], st)
        assert rep.orphans_swept == len(p.ids)
        assert {i.rsplit(":", 1)[0] for i in st.chunk_ids()} == {r.id for r in st.sources()}


def test_other_embedder_is_refused(backend, tmp_path):
    docs = tmp_path / "docs"
    make_corpus(docs, 2)
    with _open(backend) as st:
        ingest([docs], st)
    other = backend.model_copy(update={"embedder": "hash:512"})
    with pytest.raises(UserError, match=r"built with embedder hash\(dim=256\); you asked for hash\(dim=512\); use a new --store or re-ingest"):
        open_store(other)


def test_unreachable_server_fails_fast_with_one_line():
    t0 = time.monotonic()
    with pytest.raises(UserError) as exc:
        open_store(load_settings(chroma_url="http://127.0.0.1:9"))
    assert time.monotonic() - t0 < 5
    assert str(exc.value).startswith("Chroma server at http://127.0.0.1:9 not reachable:")
    with pytest.raises(UserError, match="not valid"):
        open_store(load_settings(chroma_url="ftp://x"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_unwritable_store_dir_is_named(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(UserError, match=str(ro / "store")):
            open_store(load_settings(store=ro / "store"), write=True)
    finally:
        ro.chmod(0o700)


def test_store_path_that_is_a_file_is_named(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(UserError, match=str(blocker / "store")):
        open_store(load_settings(store=blocker / "store"), write=True)


def test_uncommitted_chunks_are_invisible_to_search(backend, tmp_path):
    [src] = load_paths([write_source(tmp_path / "x", "x.md", "半截写入", "独角兽芯片产量达到 777 万片。" * 3)]).sources
    with _open(backend) as st:
        p = prepare(src)
        st.chunks_col.upsert(ids=p.ids, documents=p.docs, metadatas=p.metas, embeddings=st.embedder.embed_matrix(p.docs))
        assert st.chunk_count() == len(p.ids)
        assert [h for h in search(st, "独角兽芯片产量", k=5) if h.source_id == src.id] == []


def test_server_ingest_spares_chunks_another_ingest_commits_meanwhile(backend, tmp_path):
    """On a server there is no file lock: chunks another writer has written but not yet committed
    when our ingest starts must survive if that writer commits them before we finish."""
    if not backend.chroma_url:
        pytest.skip("embedded stores serialise writers with a file lock")
    docs = tmp_path / "docs"
    make_corpus(docs, 3)
    [other] = load_paths([write_source(tmp_path / "o", "o.md", "另一写入者", generated_body(4))]).sources
    with _open(backend) as st:
        p = prepare(other)
        st.chunks_col.upsert(ids=p.ids, documents=p.docs, metadatas=p.metas, embeddings=st.embedder.embed_matrix(p.docs))

        def other_commits(stage, done, total):  # the other writer finishes while we index
            if stage == "index" and done == 1:
                st.sources_col.upsert(ids=[p.record_id], metadatas=[p.record_meta], embeddings=[[1.0]])

        rep = ingest([docs], st, progress=other_commits)
        assert rep.orphans_swept == 0
        st._invalidate()
        assert st.get_source(other.id) is not None
        assert len(st.source_chunks(other.id)) == len([i for i in p.ids if not i.endswith(":meta")])
