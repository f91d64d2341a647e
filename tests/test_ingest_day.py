"""A day's ingest into a big store does only the day's work: stored paths resolved a folder at a
time, Chroma's memory let go once its writes are done, and neither the whole verifier nor the PDF
and DOCX readers imported for a folder of text files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from index_fixtures import generated_body, write_source

from draftbot.config import load_settings
from draftbot.index.ingest import _key, _keys, _real_dir, ingest
from draftbot.index.store import open_store

SRC = Path(__file__).resolve().parent.parent / "src"


def test_stored_paths_resolve_as_one_by_one(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.md").write_text("x")
    (tmp_path / "via").symlink_to(real)
    (real / "link.md").symlink_to(real / "a.md")
    (real / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    monkeypatch.chdir(tmp_path)
    t = str(tmp_path)
    paths = [f"{t}/real/a.md", f"{t}/via/a.md", f"{t}/via/link.md", f"{t}/real/link.md", f"{t}/real/dangling.md",
             f"{t}/gone/x.md", f"{t}/via/gone.md", "real/a.md", "via/link.md", f"{t}/real/../via/a.md",
             f"{t}//via/a.md", "/", "/x.md", t]
    _real_dir.cache_clear()
    want = [_key(p) for p in paths]
    _real_dir.cache_clear()
    assert _keys(paths) == want
    assert want[1] == want[2] == f"{t}/real/a.md"  # a symlinked folder and a symlinked file


def test_a_file_stored_through_a_symlinked_folder_is_updated_from_the_real_one(tmp_path):
    real = tmp_path / "real"
    write_source(real, "a.md", "第一版", generated_body(1, 6))
    write_source(real, "b.md", "另一份", generated_body(2, 6))
    (tmp_path / "via").symlink_to(real)
    with open_store(load_settings(store=tmp_path / "store"), write=True, quiet=True) as st:
        assert ingest([tmp_path / "via"], st).added == 2
    write_source(real, "a.md", "第二版", generated_body(3, 6))
    with open_store(load_settings(store=tmp_path / "store"), write=True, quiet=True) as st:
        got = ingest([real], st)
        assert (got.added, got.updated, got.unchanged) == (0, 1, 1)
        assert sorted(r.title for r in st.sources()) == sorted(["第二版", "另一份"])


def test_the_writer_lets_go_of_chroma_once_written_and_reconnects_when_asked(tmp_path):
    from chromadb.api.client import SharedSystemClient

    folder = tmp_path / "c"
    for i in range(3):
        write_source(folder, f"d{i}.md", f"文档{i}", generated_body(i, 8))
    with open_store(load_settings(store=tmp_path / "store"), write=True, quiet=True) as st:
        ingest([folder], st)
        assert st._conn is None and str(tmp_path / "store" / "chroma") not in SharedSystemClient._identifier_to_system
        key = st.key()  # kept: no reconnect for the key the ingest ended with
        assert st._conn is None
        assert st.chunks_col.count() == key["chunks"]  # a later Chroma call connects again
        write_source(folder, "d9.md", "文档9", generated_body(9, 8))
        assert ingest([folder], st).added == 1
    with open_store(load_settings(store=tmp_path / "store")) as st:
        assert len(st.sources()) == 4 and st.key()["sources"] == 4


def test_an_ingest_of_text_files_imports_only_what_it_uses():
    code = ("import sys, draftbot.verify.ingest_facts, draftbot.sources.loader, draftbot.index.ingest; "
            "print(' '.join(m for m in ('draftbot.verify.report', 'draftbot.verify.library', "
            "'draftbot.sources.pdf_files', 'draftbot.sources.docx_files') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == ""
    # and the package's names still resolve, each from its home module
    from draftbot import verify
    from draftbot.verify.report import check_markdown

    assert verify.check_markdown is check_markdown and "SourceLibrary" in verify.__all__


def test_the_dead_share_is_counted_as_the_whole_index_counts_it(tmp_path):
    from draftbot.index import lexindex as lx
    from draftbot.index.lexstore import _dead_share

    folder = tmp_path / "c"
    for i in range(6):
        write_source(folder, f"d{i}.md", f"文档{i}", generated_body(i, 4 + 3 * i))
    store = tmp_path / "store"
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        ingest([folder], st)
        root = st.lexical_dir()
    assert _dead_share(root, lx.read_manifest(root)) == 0.0
    write_source(folder, "d1.md", "文档1改", generated_body(41, 5))  # a new version: the old one's documents die
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        assert ingest([folder], st).updated == 1
    m = lx.read_manifest(root)
    idx = lx.LexIndex(root, m)
    assert len(m["segments"]) == 2 and any(m["dead"].values())  # below the share that merges
    assert 0 < _dead_share(root, m) == 1 - idx.n / idx.n_total
