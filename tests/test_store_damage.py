"""A damaged store heals itself or says so in one line: each damage class (delete, truncate to 0
and to half, garble, zero-fill, a record dropped) on each kind of store file. Never a traceback,
never `Aborted.`, never a silently different answer; the answers after the repair are the ones
of the clean store."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.cli import app

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()
FILES = ["2026-06-04_nbs-consumption.md", "2026-06-04_nbs-new-industrialization.md",
         "2026-05-19_nbs-april-industrial-output.md", "2026-06-04_reuters-global-markets.md"]
QUERY = ["search", "工业 增加值 消费", "--json", "-k", "6"]
SEGMENT_FILES = ["terms.bin", "term_off.npy", "post_ptr.npy", "post_doc.npy", "post_tf.npy", "doc_len.npy",
                 "doc_src.npy", "doc_idx.npy", "src_date.npy", "src_pub.npy", "src_kind.npy", "sources.txt"]
DAMAGES = ["delete", "trunc0", "trunc_half", "garble", "zero"]


def cli(args: list[str], store: Path):
    res = runner.invoke(app, [*args, "--store", str(store)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    assert "Traceback" not in res.output and "Aborted" not in res.output, res.output
    return res


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("damage")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in FILES:
        shutil.copy(REPO / "corpus" / name, corpus / name)
    store = root / "clean"
    assert cli(["ingest", str(corpus), "-q"], store).exit_code == 0
    answers = {tuple(c): cli(c, store).stdout for c in (QUERY, ["sources", "--json"])}
    return {"root": root, "corpus": corpus, "store": store, "answers": answers}


def damaged_copy(clean, rel: str, how: str, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(clean["store"], store)
    (target,) = [p for p in store.rglob("*") if p.is_file() and p.relative_to(store).as_posix().endswith(rel)][:1]
    st = os.stat(target)
    data = target.read_bytes()
    if how == "delete":
        target.unlink()
        return store
    if how == "trunc0":
        data = b""
    elif how == "trunc_half":
        data = data[: len(data) // 2]
    elif how == "garble":
        g = bytearray(data)
        rng = random.Random(7)
        for _ in range(max(1, len(g) // 40)):
            i = rng.randrange(len(g))
            g[i] ^= 0x5A
        data = bytes(g)
    elif how == "zero":
        data = b"\0" * len(data)
    target.write_bytes(data)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # an in-place edit that keeps the mtime
    return store


def answers_of(store: Path) -> dict:
    return {tuple(c): cli(c, store) for c in (QUERY, ["sources", "--json"])}


def assert_healed_or_said(clean, store: Path) -> None:
    first = answers_of(store)
    for cmd, res in first.items():
        if res.exit_code == 0:
            assert res.stdout == clean["answers"][cmd], f"{cmd}: a silently different answer"
        else:
            lines = [ln for ln in res.output.splitlines() if ln.strip()]
            assert res.exit_code == 2 and len(lines) == 1 and "--repair" in lines[0], res.output
    for cmd, res in answers_of(store).items():  # and the store stays as good on the next use
        if first[cmd].exit_code == 0:
            assert res.exit_code == 0 and res.stdout == clean["answers"][cmd]


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("rel", [f"/{n}" for n in SEGMENT_FILES] + ["lexical/manifest.json", "lexical/local.sqlite"])
def test_each_lexical_file_damaged_each_way_is_rebuilt(clean, tmp_path, rel, how):
    store = damaged_copy(clean, rel, how, tmp_path)
    assert_healed_or_said(clean, store)


def _as_written_before(store: Path) -> None:
    """Give an embedded store the `records.json` snapshot (listed and checksummed in the manifest)
    that draftbot wrote beside the local file before the local file became the snapshot."""
    from draftbot.index import lexindex, localdb

    lex = store / "lexical"
    m = lexindex.read_manifest(lex)
    reader = localdb.Reader.open(lex, m["key"])
    recs = dict(reader.records())
    reader.close()
    (lex / "records.json").write_text(json.dumps({"key": m["key"], "records": recs}, ensure_ascii=False), encoding="utf-8")
    lexindex.write_manifest(lex, m)
    assert "records.json" in lexindex.read_manifest(lex)["files"]


def test_a_store_with_records_json_opens_and_its_next_ingest_converts_it(clean, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(clean["store"], store)
    _as_written_before(store)
    for args, want in clean["answers"].items():  # read as before, nothing said
        res = cli(list(args), store)
        assert res.exit_code == 0 and res.stdout == want and "damaged" not in res.stderr
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(REPO / "corpus" / "2026-06-04_nbs-services.md", extra)
    res = cli(["ingest", str(extra), "-q"], store)
    assert res.exit_code == 0 and res.stdout.startswith("added 1 ·") and "damaged" not in res.stderr
    lex = store / "lexical"
    assert not (lex / "records.json").exists()
    assert "records.json" not in json.loads((lex / "manifest.json").read_text(encoding="utf-8"))["files"]
    listed = json.loads(cli(["sources", "--json"], store).stdout)
    before = json.loads(clean["answers"][("sources", "--json")])
    assert len(listed) == len(before) + 1 and all(r in listed for r in before)


def test_a_store_with_records_json_damaged_before_its_conversion_is_rebuilt(clean, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(clean["store"], store)
    _as_written_before(store)
    (store / "lexical" / "records.json").write_text("{}", encoding="utf-8")
    assert_healed_or_said(clean, store)


def test_damage_is_said_in_one_line_on_stderr(clean, tmp_path):
    store = damaged_copy(clean, "/post_doc.npy", "trunc0", tmp_path)  # numpy's EOFError, once `Aborted.`
    res = cli(QUERY, store)
    assert res.exit_code == 0 and res.stdout == clean["answers"][tuple(QUERY)]
    said = [ln for ln in res.stderr.splitlines() if "damaged" in ln]
    assert len(said) == 1 and "post_doc.npy" in said[0] and "rebuilding it from Chroma" in said[0]


@pytest.mark.parametrize("how", ["delete", "trunc0", "garble", "zero"])
def test_damaged_stat_cache_and_facts_table_are_rebuilt(clean, tmp_path, how):
    for rel in ("ingest-stat-cache.json", "verify-mentions.sqlite"):
        store = damaged_copy(clean, rel, how, tmp_path / rel)
        assert_healed_or_said(clean, store)
        res = cli(["ingest", str(clean["corpus"]), "-q"], store)
        assert res.exit_code == 0 and res.stdout.startswith("added 0 · updated 0 · unchanged 4")


@pytest.mark.parametrize("how", ["trunc0", "trunc_half", "garble", "zero"])
def test_a_damaged_chroma_database_is_one_line_and_ingest_repair_restores_it(clean, tmp_path, how):
    store = damaged_copy(clean, "chroma/chroma.sqlite3", how, tmp_path)
    for res in answers_of(store).values():
        if res.exit_code != 0:
            assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1 and "--repair" in res.output
    res = cli(["ingest", "--repair", "-q"], store)  # no paths: the ones the store recorded
    assert res.exit_code == 0, res.output
    assert {c: r.stdout for c, r in answers_of(store).items()} == clean["answers"]


def test_ingest_verifies_the_store_before_saying_unchanged(clean, tmp_path):
    store = damaged_copy(clean, "/term_off.npy", "garble", tmp_path)
    res = cli(["ingest", str(clean["corpus"]), "-q"], store)
    assert res.exit_code == 0 and res.stdout.startswith("added 0 · updated 0 · unchanged 4")
    assert "lexical index damaged (" in res.stderr and "term_off.npy" in res.stderr
    assert {c: r.stdout for c, r in answers_of(store).items()} == clean["answers"]


def test_rehash_rereads_a_file_edited_in_place_with_the_same_size_and_mtime(clean, tmp_path):
    store = tmp_path / "store"
    corpus = tmp_path / "corpus"
    shutil.copytree(clean["corpus"], corpus)
    src = corpus / FILES[0]
    st = os.stat(src)
    text = src.read_text(encoding="utf-8")
    edited = text.replace("50.1万亿元", "50.2万亿元", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    cli(["ingest", str(corpus), "-q"], store)  # copied with their old mtimes: stat-cached now
    src.write_text(edited, encoding="utf-8")
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cli(["ingest", str(corpus), "-q"], store).stdout.startswith("added 0 · updated 0 · unchanged 4")
    res = cli(["ingest", str(corpus), "--rehash", "-q"], store)
    assert res.stdout.startswith("added 0 · updated 1 · unchanged 3"), res.output
