"""Read commands answer from draftbot's own files (the lexical index, the local records, texts and
vectors, Chroma's persisted HNSW files) and import chromadb only for a dense query filtered by
what no local index finds (a publisher alone) or to more than a few thousand chunks:
whole CLI processes, with
`-X importtime` telling whether chromadb was imported. Results are the same as when every read
goes to Chroma (DRAFTBOT_LOCAL_READS=0)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from draftbot.config import load_settings
from draftbot.index.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DAY = "2026-06-04"


def _cli(*args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, bool]:
    """(the finished process, whether it imported chromadb)."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "draftbot.cli", *args], capture_output=True,
                       text=True, env={**os.environ, "NO_COLOR": "1", **(env or {})})
    imported = any(re.search(r"\|\s*chromadb$", line.rstrip()) for line in p.stderr.splitlines())
    return p, imported


def _stderr(p: subprocess.CompletedProcess) -> str:
    return "\n".join(line for line in p.stderr.splitlines() if not line.startswith("import time:"))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    s = tmp_path_factory.mktemp("local-reads") / "store"
    p, _ = _cli("ingest", "--store", str(s), str(CORPUS), "-q")
    assert p.returncode == 0, _stderr(p)
    return s


def _draft(store: Path, tmp: Path) -> Path:
    out = tmp / "d.md"
    p, _ = _cli("draft", "--date", DAY, "--backend", "extractive", "--store", str(store), "-o", str(out), "--force", "-q")
    assert p.returncode == 0, _stderr(p)
    return out


def test_read_commands_without_chromadb(store, tmp_path):
    draft = _draft(store, tmp_path)
    runs = {
        "search": ("search", "规模以上工业增加值", "--store", str(store)),
        "search --mode lexical": ("search", "规模以上工业增加值", "--mode", "lexical", "--store", str(store)),
        "plan": ("plan", "--date", DAY, "--store", str(store), "-o", str(tmp_path / "o.yaml"), "--force", "-q"),
        "check": ("check", str(draft), "--store", str(store)),
        "sources": ("sources", "--store", str(store)),
        "draft": ("draft", "--date", DAY, "--backend", "extractive", "--store", str(store), "-o", str(tmp_path / "e.md"), "-q"),
    }
    for name, args in runs.items():
        p, imported = _cli(*args)
        assert p.returncode in (0, 1), (name, _stderr(p))
        assert not imported, f"{name} imported chromadb"
    # a dense query filtered by date is scored from the index files (a day's chunks, every one)
    p, imported = _cli("search", "规模以上工业增加值", "--mode", "dense", "--date", DAY, "--store", str(store))
    assert p.returncode == 0 and not imported
    # by publisher alone there is no local index to find the chunks by: Chroma's
    p, imported = _cli("search", "规模以上工业增加值", "--mode", "dense", "--publisher", "国家统计局", "--store", str(store))
    assert p.returncode == 0 and imported


@pytest.mark.parametrize("args", [("search", "规模以上工业增加值", "--json"),
                                  ("search", "数据要素 大赛", "--mode", "lexical", "--json", "--date", DAY),
                                  ("search", "规模以上工业增加值", "--json", "--date", DAY, "-k", "20"),
                                  ("search", "消费 服务业", "--mode", "dense", "--json", "--since", "2026-05-01", "-k", "30"),
                                  ("sources", "--json")])
def test_same_answers_as_chroma(store, args):
    local, _ = _cli(*args, "--store", str(store))
    chroma, imported = _cli(*args, "--store", str(store), env={"DRAFTBOT_LOCAL_READS": "0"})
    assert imported and local.returncode == chroma.returncode == 0
    assert json.loads(local.stdout) == json.loads(chroma.stdout)


def test_same_draft_and_check_as_chroma(store, tmp_path):
    a = _draft(store, tmp_path)
    b = tmp_path / "c.md"
    p, _ = _cli("draft", "--date", DAY, "--backend", "extractive", "--store", str(store), "-o", str(b), "--force", "-q",
                env={"DRAFTBOT_LOCAL_READS": "0"})
    assert p.returncode == 0
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    one, _ = _cli("check", str(a), "--store", str(store), "--json")
    two, _ = _cli("check", str(a), "--store", str(store), "--json", env={"DRAFTBOT_LOCAL_READS": "0"})
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_a_write_behind_drafts_back_never_reads_stale(tmp_path):
    """Another program deletes a source's record in Chroma: the stamp no longer matches, so the
    reader opens Chroma and the source is gone from every answer."""
    s = tmp_path / "store"
    assert _cli("ingest", "--store", str(s), str(CORPUS), "-q")[0].returncode == 0
    with open_store(load_settings(store=s)) as st:
        victim = st.sources()[0].id
        n = st.source_count()
    import chromadb

    client = chromadb.PersistentClient(path=str(s / "chroma"))
    client.get_collection("draftbot_sources").delete(ids=[victim])
    del client
    p, imported = _cli("sources", "--store", str(s), "--json")
    assert p.returncode == 0 and imported
    ids = [row["id"] for row in json.loads(p.stdout)] if isinstance(json.loads(p.stdout), list) else None
    if ids is not None:
        assert victim not in ids and len(ids) == n - 1


def _texts_into_chroma(s: Path) -> None:
    """Make a store as draftbot wrote them before the texts left Chroma: every chunk's text and
    whole metadata in Chroma too."""
    from draftbot.index import localdb

    con = sqlite3.connect(s / "lexical" / localdb.FILE)
    rows = [localdb._chunk_row(r) for r in con.execute(f"SELECT {localdb._SELECT} FROM chunks")]
    con.close()
    with open_store(load_settings(store=s), write=True) as st:
        st.chunks_col.update(ids=[r[0] for r in rows], documents=[r[1] for r in rows], metadatas=[r[2] for r in rows])


def test_an_embedded_store_keeps_its_texts_only_in_the_local_file(store):
    with open_store(load_settings(store=store), write=True) as st:
        got = st.chunks_col.get(include=["documents", "metadatas"], limit=50)
        assert got["ids"] and all(d is None for d in got["documents"])
        assert all(set(m) <= {"source_id", "date_int", "publisher", "kind"} for m in got["metadatas"])  # what queries filter on
        texts = st.get_chunks(got["ids"])  # read through Chroma: texts and metadata come from the local file
        assert all(texts[cid][0] and "start" in texts[cid][1] for cid in got["ids"])


def test_upgraded_store_gets_local_reads_after_one_read(tmp_path):
    """A store from before this change (no stamp, no local file, texts in Chroma): the first
    reader opens Chroma and writes them; the next one does not open Chroma."""
    s = tmp_path / "store"
    assert _cli("ingest", "--store", str(s), str(CORPUS), "-q")[0].returncode == 0
    _texts_into_chroma(s)
    lex = s / "lexical"
    m = json.loads((lex / "manifest.json").read_text(encoding="utf-8"))
    m.pop("commit_stamp"), m.pop("embedder")
    (lex / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    (lex / "local.sqlite").unlink()
    first, imported = _cli("search", "工业", "--mode", "lexical", "--store", str(s), "--json")
    assert first.returncode == 0 and imported
    second, imported = _cli("search", "工业", "--mode", "lexical", "--store", str(s), "--json")
    assert second.returncode == 0 and not imported
    assert json.loads(first.stdout) == json.loads(second.stdout)


def test_damaged_local_file_falls_back_to_chroma_when_chroma_has_the_texts(tmp_path):
    s = tmp_path / "store"
    assert _cli("ingest", "--store", str(s), str(CORPUS), "-q")[0].returncode == 0
    good, _ = _cli("search", "工业", "--mode", "lexical", "--store", str(s), "--json")
    _texts_into_chroma(s)
    (s / "lexical" / "local.sqlite").write_bytes(b"not a database at all" * 100)
    p, imported = _cli("search", "工业", "--mode", "lexical", "--store", str(s), "--json")
    assert p.returncode == 0 and imported, _stderr(p)
    assert json.loads(p.stdout) == json.loads(good.stdout)
    with sqlite3.connect(s / "lexical" / "local.sqlite") as con:  # rebuilt by that reader
        assert con.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 14


@pytest.mark.parametrize("how", ["delete", "garble"])
def test_a_lost_local_file_is_one_line_and_repair_reads_the_sources_again(tmp_path, how):
    s = tmp_path / "store"
    assert _cli("ingest", "--store", str(s), str(CORPUS), "-q")[0].returncode == 0
    good, _ = _cli("search", "工业", "--mode", "lexical", "--store", str(s), "--json")
    sources, _ = _cli("sources", "--json", "--store", str(s))
    local = s / "lexical" / "local.sqlite"
    if how == "delete":
        local.unlink()
    else:
        local.write_bytes(b"not a database at all" * 100)
    for args in (("search", "工业", "--mode", "lexical"), ("ingest", str(CORPUS), "-q")):
        p, _ = _cli(*args, "--store", str(s))
        said = _stderr(p).strip().splitlines()
        assert p.returncode == 2 and len(said) == 1 and "ingest --repair" in said[0] and "local.sqlite" in said[0], _stderr(p)
    p, _ = _cli("ingest", "--repair", "--store", str(s), "-q")  # the paths the store recorded
    assert p.returncode == 0 and "read" in _stderr(p), _stderr(p)
    again, _ = _cli("search", "工业", "--mode", "lexical", "--store", str(s), "--json")
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(good.stdout), _stderr(again)
    listed, _ = _cli("sources", "--json", "--store", str(s))
    assert json.loads(listed.stdout) == json.loads(sources.stdout)


def test_ingest_keeps_the_local_file_in_step(tmp_path):
    """Adding, changing and removing sources: the local file answers as Chroma does."""
    from draftbot.index.ingest import ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    files = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
    for f in files[:6]:
        (docs / f.name).write_bytes(f.read_bytes())
    s = tmp_path / "store"
    for step in range(3):
        with open_store(load_settings(store=s), write=True, quiet=True) as st:
            ingest([docs], st, prune=True)
        with open_store(load_settings(store=s)) as local:
            assert local._conn is None  # answered from draftbot's files
            got = {r.id: (r.title, r.path, local.source_text(r.id)) for r in local.sources()}
        os.environ["DRAFTBOT_LOCAL_READS"] = "0"
        try:
            with open_store(load_settings(store=s)) as chroma:
                want = {r.id: (r.title, r.path, chroma.source_text(r.id)) for r in chroma.sources()}
        finally:
            del os.environ["DRAFTBOT_LOCAL_READS"]
        assert got == want and len(got) == len(list(docs.glob("*.md")))
        if step == 0:  # one file changed, one added, one removed
            p = docs / files[0].name
            p.write_text(p.read_text(encoding="utf-8") + "\n\n补充说明：本文有一处更新。\n", encoding="utf-8")
            (docs / files[6].name).write_bytes(files[6].read_bytes())
            (docs / files[1].name).unlink()
        elif step == 1:
            (docs / files[2].name).rename(docs / ("moved-" + files[2].name))


def test_first_ingest_writes_the_local_file_as_it_goes(tmp_path, monkeypatch):
    """A new store's local file is filled source by source, never re-read from Chroma at the end."""
    from draftbot.index import lexstore
    from draftbot.index.ingest import ingest

    calls = []
    monkeypatch.setattr(lexstore, "_sync_local", lambda *a, **k: calls.append(1))
    s = tmp_path / "store"
    with open_store(load_settings(store=s), write=True, quiet=True) as st:
        ingest([CORPUS], st)
    assert calls == []
    with open_store(load_settings(store=s)) as st:
        assert st._conn is None and len(st.sources()) == 14
