"""The fast ingest paths give the same store as the plain one: worker processes, the stat cache."""

from __future__ import annotations

import os
import time

import pytest

from index_fixtures import generated_body, make_corpus, write_source

from draftbot.config import load_settings
from draftbot.index import ingest as ingest_mod
from draftbot.index.ingest import ingest
from draftbot.index.store import Store, open_store


def _snapshot(st: Store) -> tuple:
    rows = sorted((cid, doc, tuple(sorted(m.items()))) for cid, doc, m in st.chunk_rows(include_documents=True))
    recs = sorted((r.model_dump_json()) for r in st.sources())
    return rows, recs


def _corpus(folder):
    make_corpus(folder, 24, sentences=30)
    write_source(folder / "sub", "dup.md", "生成文档第3号", generated_body(3, 30), date="2026-05-04")  # same as doc0003
    (folder / "bad.md").write_text("---\ntitle: [unclosed\n---\n正文。\n", encoding="utf-8")
    (folder / "sub" / "sources.yaml").write_text("x.html: {title: 网页, publisher: 某局, date: 2026-01-02}\n", encoding="utf-8")
    (folder / "sub" / "x.html").write_text("<html><body><p>网页正文：产量增长百分之五。</p></body></html>", encoding="utf-8")


def test_worker_processes_write_the_same_store_as_inline(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    _corpus(docs)
    snaps, reports = [], []
    for workers in ("0", "2"):
        monkeypatch.setenv("DRAFTBOT_INGEST_WORKERS", workers)
        monkeypatch.setattr(ingest_mod, "PARALLEL_MIN", 1)  # use the pool even for a small folder
        monkeypatch.setattr(ingest_mod, "BATCH_CHUNKS", 64)  # several write rounds
        with open_store(load_settings(store=tmp_path / f"store{workers}"), write=True) as st:
            seen: list[int] = []
            rep = ingest([docs], st, progress=lambda stage, done, total: seen.append(done))
            snaps.append(_snapshot(st))
        reports.append(rep.model_dump(exclude={"seconds"}))
        assert seen == list(range(1, len(seen) + 1)) and len(seen) == 27  # every file, in order
    assert reports[0] == reports[1]
    assert reports[0]["added"] == 25 and [f["path"] for f in reports[0]["failed"]] == [str(docs / "bad.md")]
    assert snaps[0] == snaps[1]  # chunks (ids, texts, metadata) and source records identical
    assert len(snaps[0][1]) == 25


def _age(paths, seconds: float = 60) -> None:
    past = time.time() - seconds
    for p in paths:
        os.utime(p, (past, past))


def test_stat_cache_skips_unchanged_files_and_catches_changes(tmp_path):
    docs = tmp_path / "docs"
    files = make_corpus(docs, 6, sentences=10)
    _age(files)
    settings = load_settings(store=tmp_path / "store")
    with open_store(settings, write=True) as st:
        assert ingest([docs], st).added == 6
        assert (tmp_path / "store" / "ingest-stat-cache.json").is_file()

        # A file whose size, mtime and inode are unchanged is not read again (like git's index):
        # same-size new content with the old mtime restored goes unnoticed...
        st0 = files[0].stat()
        text = files[0].read_text(encoding="utf-8")
        files[0].write_text(text.replace("生成文档第0号", "生成文档第9号"), encoding="utf-8")
        os.utime(files[0], ns=(st0.st_atime_ns, st0.st_mtime_ns))
        rep = ingest([docs], st)
        assert (rep.added, rep.updated, rep.unchanged) == (0, 0, 6)

        # ...and any stat change makes it read and hashed as usual
        _age([files[0]], 30)
        rep = ingest([docs], st)
        assert (rep.added, rep.updated, rep.unchanged) == (0, 1, 5)
        assert any(r.title == "生成文档第9号" for r in st.sources())

        # a new sources.yaml entry changes a file's metadata without touching the file
        (docs / "sources.yaml").write_text("doc0001.md: {usage: 新用途}\n", encoding="utf-8")
        rep = ingest([docs], st)
        assert (rep.updated, rep.unchanged) == (1, 5)

        # a cached id whose source was removed from the store is loaded and written again
        gone = next(r for r in st.sources() if r.title == "生成文档第2号")
        st.remove_sources([gone.id])
        rep = ingest([docs], st)
        assert (rep.added, rep.unchanged) == (1, 5)


def test_recently_modified_files_are_not_cached(tmp_path):
    docs = tmp_path / "docs"
    [f] = make_corpus(docs, 1, sentences=5)  # just written: within the racy window
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([docs], st)
        st0 = f.stat()
        f.write_text(f.read_text(encoding="utf-8").replace("生成文档第0号", "生成文档第7号"), encoding="utf-8")
        os.utime(f, ns=(st0.st_atime_ns, st0.st_mtime_ns))  # same size and mtime: only a read can tell
        rep = ingest([docs], st)
    assert rep.updated == 1


@pytest.mark.parametrize("value", ["0"])
def test_stat_cache_can_be_turned_off(tmp_path, monkeypatch, value):
    monkeypatch.setenv("DRAFTBOT_INGEST_STAT_CACHE", value)
    docs = tmp_path / "docs"
    _age(make_corpus(docs, 2, sentences=5))
    with open_store(load_settings(store=tmp_path / "store"), write=True) as st:
        ingest([docs], st)
        assert ingest([docs], st).unchanged == 2
    assert not (tmp_path / "store" / "ingest-stat-cache.json").exists()
