"""Number facts built at ingest (issue 15 item 2): `draftbot ingest` keeps the mention table that
`check` looks figures up in current, source by source; a table not stamped for the store's state
(a store ingested before the hook, written by another process, another extractor version) is
detected and brought up to date from the difference of source ids."""

from __future__ import annotations

import json
import sqlite3

from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.config import load_settings
from draftbot.index.store import open_store
from draftbot.verify import SourceLibrary, check_clause
from draftbot.verify.mention_index import current_key, index_path

runner = CliRunner()


def _doc(title: str, publisher: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\npublisher: {publisher}\ndate: {date}\nkind: release\nlang: zh\n---\n\n# {title}\n\n{body}\n"


DOCS = {
    "a.md": _doc("2026年7月份青川省工业生产情况", "青川省统计局", "2026-08-15",
                 "7月份，全省规模以上工业增加值同比增长5.9%。全省锂离子电池产量3.41亿只，增长17.2%。"),
    "b.md": _doc("青川省7月份外贸进出口情况", "青川海关", "2026-08-16",
                 "7月份，全省货物贸易进出口总值812.6亿元，同比增长4.4%；其中出口536.2亿元，增长7.8%。"),
}
LATER = {"c.md": _doc("青川省7月份电力消费情况", "青川省能源局", "2026-08-17",
                      "7月份，全省全社会用电量428.7亿千瓦时，同比增长6.6%。")}


def _write(folder, docs):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def _cli_ingest(store, *paths, prune=False):
    args = ["ingest", *map(str, paths), "--store", str(store), "--quiet"] + (["--prune"] if prune else [])
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res


def _table(store) -> tuple[set[str], dict | None, int]:
    """(indexed source ids, stamped key, mention rows) read straight from the SQLite file."""
    db = sqlite3.connect(str(store / "verify-mentions.sqlite"))
    try:
        sids = {s for (s,) in db.execute("SELECT sid FROM sources")}
        key = db.execute("SELECT value FROM meta WHERE key='store'").fetchone()
        rows = db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    finally:
        db.close()
    return sids, (json.loads(key[0]) if key else None), rows


def _state(store) -> tuple[set[str], dict]:
    with open_store(load_settings(store=store)) as st:
        return st.source_ids(), current_key(st)


def _library_without_reading(st) -> SourceLibrary:
    """A library whose bulk text scan fails the test: a current table needs no source text."""
    lib = SourceLibrary.from_store(st)

    def boom():
        raise AssertionError("the mention table was rebuilt from the sources' texts")

    lib._bulk_loader = boom
    return lib


def test_ingest_builds_the_table_and_check_uses_it_as_is(tmp_path):
    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    _cli_ingest(store, tmp_path / "day1")
    ids, key = _state(store)
    sids, stamped, rows = _table(store)
    assert sids == ids and stamped == key and rows > 0

    with open_store(load_settings(store=store)) as st:
        lib = _library_without_reading(st)
        a = lib.resolve("2026年7月份青川省工业生产情况").id
        # 7.8% is the exports' growth: not in the industry release, found in the trade one (the
        # holder is read for its subject: it states the figure for exports)
        [f] = check_clause("全省出口增长7.8%", [a], lib)
        assert f.kind == "wrong_source" and "青川省7月份外贸进出口情况" in f.detail
        b = lib.resolve("青川省7月份外贸进出口情况").id
        assert {e.id for e in lib.entries.values() if e._text is not None} == {a, b}  # cited and holder only

    # a day's ingest adds only the new source's rows and stamps the new key
    _write(tmp_path / "day2", LATER)
    _cli_ingest(store, tmp_path / "day2")
    ids2, key2 = _state(store)
    sids2, stamped2, rows2 = _table(store)
    assert sids2 == ids2 == ids | (sids2 - ids) and len(sids2) == 3 and stamped2 == key2 != key and rows2 > rows
    with open_store(load_settings(store=store)) as st:
        lib = _library_without_reading(st)
        c = lib.resolve("青川省7月份电力消费情况").id
        [f] = check_clause("全省规模以上工业增加值同比增长5.9%", [c], lib)
        assert f.kind == "wrong_source" and "工业生产情况" in f.detail

    # a removed source's rows go with it
    (tmp_path / "day2" / "c.md").unlink()
    _cli_ingest(store, tmp_path / "day2", prune=True)
    ids3, key3 = _state(store)
    sids3, stamped3, _ = _table(store)
    assert sids3 == ids3 == ids and stamped3 == key3


def test_a_store_ingested_without_the_hook_is_brought_up_to_date(tmp_path):
    from draftbot.index.ingest import ingest

    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    with open_store(load_settings(store=store), write=True, quiet=True) as st:  # no hook: an older draftbot
        ingest([tmp_path / "day1"], st)
    assert not (store / "verify-mentions.sqlite").exists()

    # the next `draftbot ingest` finds no valid table: it builds it whole, for every source
    _write(tmp_path / "day2", LATER)
    _cli_ingest(store, tmp_path / "day2")
    ids, key = _state(store)
    sids, stamped, _ = _table(store)
    assert sids == ids and len(ids) == 3 and stamped == key


def test_a_store_written_elsewhere_is_refreshed_by_the_difference(tmp_path):
    from draftbot.index.ingest import ingest

    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    _cli_ingest(store, tmp_path / "day1")
    _, before, _ = _table(store)
    _write(tmp_path / "day2", LATER)
    with open_store(load_settings(store=store), write=True, quiet=True) as st:  # a writer without the hook
        ingest([tmp_path / "day2"], st)
    ids, key = _state(store)
    sids, stamped, _ = _table(store)
    assert stamped == before != key and len(sids) == 2  # stale, and seen to be

    with open_store(load_settings(store=store)) as st:
        lib = SourceLibrary.from_store(st)
        a = lib.resolve("2026年7月份青川省工业生产情况").id
        [f] = check_clause("全省全社会用电量同比增长6.6%", [a], lib)  # 6.6% is only in the new source
        assert f.kind == "wrong_source" and "电力消费情况" in f.detail
        read = {e.id for e in lib.entries.values() if e._text is not None}
    c = next(s for s in ids if s not in sids)
    assert read == {a, c}  # only the new source was read to refresh the table
    sids, stamped, _ = _table(store)
    assert sids == ids and stamped == key


def test_another_extractor_version_empties_the_table(tmp_path, monkeypatch):
    import draftbot.verify.mention_index as mi

    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    _cli_ingest(store, tmp_path / "day1")
    monkeypatch.setattr(mi, "EXTRACTOR_VERSION", mi.EXTRACTOR_VERSION + 1)
    with open_store(load_settings(store=store)) as st:
        idx = mi.MentionIndex(index_path(st))
        assert idx.key() is None and not idx.is_current(current_key(st))
        assert idx.db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 0
        idx.close()
        SourceLibrary.from_store(st).warm()  # rebuilt with the new version, and stamped
    sids, stamped, rows = _table(store)
    assert len(sids) == 2 and stamped is not None and rows > 0


def test_a_noop_reingest_leaves_the_table_alone(tmp_path):
    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    _cli_ingest(store, tmp_path / "day1")
    path = store / "verify-mentions.sqlite"
    stat = path.stat().st_mtime_ns
    _cli_ingest(store, tmp_path / "day1")
    assert path.stat().st_mtime_ns == stat


def test_a_valid_table_is_kept_source_by_source_without_rereading(tmp_path, monkeypatch):
    from draftbot.index.ingest import ingest
    from draftbot.verify.ingest_facts import IngestFacts

    def no_full_rebuild(self):
        raise AssertionError("rebuilt whole instead of source by source")

    monkeypatch.setattr(SourceLibrary, "warm", no_full_rebuild)
    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    _write(tmp_path / "day2", LATER)
    for day in ("day1", "day2"):  # a new store, then a valid one: both incremental
        with open_store(load_settings(store=store), write=True, quiet=True) as st:
            facts = IngestFacts(st)
            ingest([tmp_path / day], st, hooks=[facts])
            assert facts.was_current and facts.changed == len(DOCS if day == "day1" else LATER)
    ids, key = _state(store)
    sids, stamped, _ = _table(store)
    assert sids == ids and len(ids) == 3 and stamped == key


def test_an_unwritable_table_costs_the_ingest_nothing(tmp_path, monkeypatch):
    from draftbot.index.ingest import ingest
    from draftbot.verify.ingest_facts import IngestFacts

    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS)
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        ingest([tmp_path / "day1"], st)  # a table not valid for the store: finish() would rebuild it
    (store / "verify-mentions.sqlite").mkdir()  # a directory where the file should be: cannot open

    def no_full_rebuild(self):
        raise AssertionError("rebuilt a table nobody can keep")

    monkeypatch.setattr(SourceLibrary, "warm", no_full_rebuild)
    _write(tmp_path / "day2", LATER)
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        facts = IngestFacts(st)
        report = ingest([tmp_path / "day2"], st, hooks=[facts])
    assert report.added == 1 and facts.index is None


def _all_rows(store) -> list[tuple]:
    from draftbot.verify.mention_index import MentionIndex

    idx = MentionIndex(store / "verify-mentions.sqlite")
    try:
        return sorted(idx.all_rows(), key=repr)
    finally:
        idx.close()


def test_rows_computed_in_the_prepare_workers_equal_a_whole_rebuild(tmp_path, monkeypatch):
    """The rows `IngestFacts.prepare` computes in a forked prepare worker (from the loaded source)
    are exactly those the check's own rebuild (from the stored record and text) would write."""
    import draftbot.index.ingest as ingest_mod
    from draftbot.index.ingest import ingest
    from draftbot.verify.ingest_facts import IngestFacts

    monkeypatch.setattr(ingest_mod, "PARALLEL_MIN", 1)
    monkeypatch.setenv("DRAFTBOT_INGEST_WORKERS", "1")
    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS | LATER)
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        facts = IngestFacts(st)
        ingest([tmp_path / "day1"], st, hooks=[facts])
        assert facts.prepare is not None and facts.changed == 3
    in_workers = _all_rows(store)
    assert len({r[0] for r in in_workers}) == 3 and len(in_workers) > 10

    (store / "verify-mentions.sqlite").unlink()
    with open_store(load_settings(store=store)) as st:
        SourceLibrary.from_store(st).warm()  # from the records and texts in the store
    assert _all_rows(store) == in_workers


def test_a_whole_rebuild_keeps_no_source_in_memory(tmp_path, monkeypatch):
    """A new extractor version rebuilds the table from every source (a bulk scan of their texts):
    each source's text and mentions are let go once its rows are written, so the rebuild's memory
    is one source's, not the library's (at 100k chunks the whole library was 2.9 GB), and the
    rows are those an ingest wrote."""
    import draftbot.verify.mention_index as mi

    many = {f"m{i}.md": _doc(f"2026年7月份青川省{i}号园区运行情况", "青川省统计局", "2026-08-15",
                             f"7月份，园区规模以上工业增加值同比增长{i + 1}.5%，产值{30 + i}.2亿元。")
            for i in range(12)}
    store = tmp_path / "store"
    _write(tmp_path / "day1", DOCS | many)
    _cli_ingest(store, tmp_path / "day1")
    before = _all_rows(store)
    monkeypatch.setattr(mi, "EXTRACTOR_VERSION", mi.EXTRACTOR_VERSION + 1)
    with open_store(load_settings(store=store)) as st:
        lib = SourceLibrary.from_store(st)
        scans = []
        bulk = lib._bulk_loader
        lib._bulk_loader = lambda: scans.append(1) or bulk()
        lib.warm()
        assert scans == [1]  # the texts came in one scan, not one read per source
        held = [e.id for e in lib.entries.values() if e._text is not None or e._mentions is not None]
        assert held == []
        a = lib.resolve("2026年7月份青川省工业生产情况").id
        [f] = check_clause("全省出口增长7.8%", [a], lib)  # the rebuilt table still finds the holder
        assert f.kind == "wrong_source" and "外贸进出口情况" in f.detail
    assert _all_rows(store) == before and len(before) > 30
