"""The number-facts table's on-disk form (format 3): typed columns that read back exactly what was
extracted, a range counted once, an older JSON-row table rebuilt with one line, and the open check
(the file's CRC-32 against the stamp its last writer left; SQLite's own check only on a mismatch)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.config import load_settings
from draftbot.index.store import open_store
from draftbot.models import Source
from draftbot.verify import SourceLibrary
from draftbot.verify import mention_index as mi
from draftbot.verify.mention_index import MentionIndex, current_key, index_path, source_records, to_row

runner = CliRunner()

BODY = ("2026年1—5月，全省固定资产投资同比增长4.2%，增速比1—4月回落0.3个百分点，环比涨跌幅为-0.0%。"
        "5月份，社会消费品零售总额3.87万亿元，增长6.4%；其中汽车类零售额增长10%—12%。"
        "全年粮食产量约7.06亿吨，比上年增加1.6倍。")


def _source(sid: str = "s1", text: str = BODY) -> Source:
    return Source(id=sid, title="2026年5月份青川省经济运行情况", publisher="青川省统计局",
                  date=dt.date(2026, 6, 4), text=text, path=f"/tmp/{sid}.md")


def _rows_as_extracted(src: Source) -> list[tuple]:
    from draftbot.text.sentences import split_sentences

    starts = [s.start for s in split_sentences(src.text)]
    return [to_row(m, i) for m, i in mi.sentence_mentions(src.title, src.text, starts)]


def test_rows_read_back_exactly_with_their_types(tmp_path):
    src = _source()
    idx = MentionIndex(tmp_path / "t.sqlite")
    idx.add([(src.id, source_records(src))])
    facts = idx.facts_of([src.id])[src.id]
    want = _rows_as_extracted(src)
    assert any(r[6] == "range" for r in want) and len(want) > 5
    body = facts[: len(want)]  # the publication date's own mentions follow the text's
    # JSON of the read rows equals JSON of the extracted ones: 10 stays 10.0, -0.0 stays -0.0
    assert any(json.dumps(r[3]) == "-0.0" for r in want)
    assert [json.dumps(r) for r in body] == [json.dumps(list(r)) for r in want]
    pub = [list(to_row(m, 0)) for m in mi.date_mentions(2026, 6, 4)]  # what the date supports
    assert facts[len(want):] == pub and pub
    assert idx.fact_count(src.id) == len(facts)  # a range once, though filed once per end
    rows = idx.db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    assert rows > len(facts)
    idx.close()


def test_candidates_name_their_source_and_survive_a_rewrite(tmp_path):
    from draftbot.text.numbers import extract_numbers
    from draftbot.text.units import unit_class
    from draftbot.verify.library import QUALIFIED_SLACK

    idx = MentionIndex(tmp_path / "t.sqlite")
    a, b = _source("a"), _source("b", "全年粮食产量7.06亿吨。")
    idx.add([(a.id, source_records(a)), (b.id, source_records(b))])  # an empty table: indexes built later
    assert _indexes(idx) == set()
    [claim] = extract_numbers("粮食产量7.06亿吨")
    got = idx.candidates(claim, unit_class(claim), QUALIFIED_SLACK)
    assert _indexes(idx) == {"mentions_vkey", "mentions_ucls"}  # a lookup builds them first
    assert [sid for sid, _ in got] == ["a", "b"] and all(r[0] == "7.06亿吨" for _, r in got)
    idx.add([(a.id, source_records(a))])  # written again: now after b, as a rewrite always was
    got = idx.candidates(claim, unit_class(claim), QUALIFIED_SLACK)
    assert [sid for sid, _ in got] == ["b", "a"]
    idx.remove("b")
    assert [sid for sid, _ in idx.candidates(claim, unit_class(claim), QUALIFIED_SLACK)] == ["a"]
    assert idx.source_ids() == {"a"}
    idx.close()


def _indexes(idx: MentionIndex) -> set[str]:
    return {row[1] for row in idx.db.execute("PRAGMA index_list(mentions)") if row[3] == "c"}


def _ingested(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(
        "---\ntitle: 青川省5月份经济运行情况\npublisher: 青川省统计局\ndate: 2026-06-04\n---\n\n" + BODY + "\n",
        encoding="utf-8")
    store = tmp_path / "store"
    res = runner.invoke(app, ["ingest", str(corpus), "--store", str(store), "-q"])
    assert res.exit_code == 0, res.output
    return store


def _write_format1(path, meta: list[tuple], rows: list[tuple], sids: list[str]) -> None:
    """A table as the previous draftbot wrote it: one JSON row per lookup key."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE sources (sid TEXT PRIMARY KEY);
        CREATE TABLE mentions (sid TEXT, vkey TEXT, ucls TEXT, kind TEXT, y INT, m INT, d INT, absval REAL, row TEXT);
    """)
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO sources VALUES (?)", [(s,) for s in sids])
    db.commit()
    db.close()


def _ymd(ucls: str, row: list) -> tuple:
    """The year, month and day formats 1 and 2 kept a second time for a date's lookup."""
    return tuple(row[8:11]) if ucls == "@date" and row[6] != "range" else (None, None, None)


def _write_format2(path, meta: list[tuple], rows: list[tuple]) -> None:
    """A table as draftbot wrote it before format 3: kinds spelled, a date's parts twice."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE sources (n INTEGER PRIMARY KEY, sid TEXT NOT NULL UNIQUE);
        CREATE TABLE mentions (src INTEGER NOT NULL, pos INTEGER NOT NULL, vkey TEXT, ucls TEXT,
            y INTEGER, m INTEGER, d INTEGER, absval REAL, dup INTEGER NOT NULL,
            text TEXT, start INTEGER, "end" INTEGER, value, value_hi, unit TEXT, kind TEXT, qualifier TEXT,
            year INTEGER, month INTEGER, day INTEGER, step REAL, sentence INTEGER,
            PRIMARY KEY (src, pos)) WITHOUT ROWID;
        CREATE INDEX mentions_vkey ON mentions (vkey);
        CREATE INDEX mentions_ucls ON mentions (ucls, absval);
    """)
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    nums: dict[str, int] = {}
    for sid, vkey, ucls, absval, dup, *row in rows:
        n = nums.setdefault(sid, len(nums) + 1)
        db.execute("INSERT OR IGNORE INTO sources VALUES (?, ?)", (n, sid))
        pos = db.execute("SELECT COUNT(*) FROM mentions WHERE src=?", (n,)).fetchone()[0]
        row[7] = None if row[7] == "exact" else row[7]
        db.execute(f"INSERT INTO mentions VALUES ({','.join('?' * 22)})",
                   (n, pos, vkey, ucls, *_ymd(ucls, row), absval, dup, *row))
    db.commit()
    db.close()


def test_a_format2_table_is_converted_by_sqlite_and_stays_current(tmp_path, capsys):
    store = _ingested(tmp_path)
    path = store / "verify-mentions.sqlite"
    idx = MentionIndex(path)
    before, meta = idx.all_rows(), list(idx.db.execute("SELECT key, value FROM meta"))
    idx.close()
    assert {r[5 + 6] for r in before} >= {"percent", "pp", "range", "date"}
    _write_format2(path, [kv if kv[0] != "format" else ("format", "2") for kv in meta], before)
    size2 = path.stat().st_size
    capsys.readouterr()
    with open_store(load_settings(store=store)) as st:
        idx = MentionIndex(index_path(st))
        said = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
        assert len(said) == 1 and "converted" in said[0]
        assert idx.is_current(current_key(st)) and idx.all_rows() == before
        idx.close()
    assert path.stat().st_size <= size2
    db = sqlite3.connect(path)
    assert {r[1] for r in db.execute("PRAGMA table_info(mentions)")}.isdisjoint({"y", "m", "d"})
    assert {type(k) for (k,) in db.execute("SELECT kind FROM mentions")} == {int}
    db.close()


def test_an_older_json_row_table_is_converted_once_and_stays_current(tmp_path, capsys):
    store = _ingested(tmp_path)
    path = store / "verify-mentions.sqlite"
    idx = MentionIndex(path)
    before, meta, sids = idx.all_rows(), list(idx.db.execute("SELECT key, value FROM meta")), idx.source_ids()
    idx.close()
    old = [(sid, vkey, ucls, row[6], *_ymd(ucls, row), absval, json.dumps(list(row), ensure_ascii=False))
           for sid, vkey, ucls, absval, _dup, *row in before]
    _write_format1(path, [kv for kv in meta if kv[0] != "format"], old, sorted(sids))
    capsys.readouterr()
    with open_store(load_settings(store=store)) as st:
        idx = MentionIndex(index_path(st))
        said = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
        assert len(said) == 1 and "verify-mentions.sqlite" in said[0] and "converted" in said[0]
        assert idx.is_current(current_key(st)) and idx.all_rows() == before  # the same facts, still current
        idx.close()
    MentionIndex(path).close()
    assert capsys.readouterr().err == ""  # once: the next open says nothing


def test_an_older_table_that_cannot_be_converted_is_rebuilt_with_one_line(tmp_path, capsys):
    store = _ingested(tmp_path)
    path = store / "verify-mentions.sqlite"
    _write_format1(path, [("extractor", mi.extractor_key())],
                   [("x", "4.2", "%", "percent", None, None, None, 4.2, "[]")], ["x"])
    with open_store(load_settings(store=store)) as st:
        capsys.readouterr()
        SourceLibrary.from_store(st).warm()
        said = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
        assert len(said) == 1 and "verify-mentions.sqlite" in said[0] and "older format" in said[0]
        idx = MentionIndex(index_path(st))
        assert idx.is_current(current_key(st)) and idx.source_ids() == st.source_ids() and idx.fact_count("x") == 0
        idx.close()
    assert capsys.readouterr().err == ""


def test_the_open_check_trusts_a_matching_stamp_and_checks_a_mismatch(tmp_path, capsys, monkeypatch):
    store = _ingested(tmp_path)
    path = store / "verify-mentions.sqlite"
    stamp = path.with_name(path.name + mi.STAMP_SUFFIX)
    st = path.stat()  # the writer's sum, with the stat of the file it summed
    assert json.loads(stamp.read_text()) == [*mi._file_stamp(path), st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    db = sqlite3.connect(path)  # the first ingest filled an empty table and indexed it at the end
    assert {r[1] for r in db.execute("PRAGMA index_list(mentions)") if r[3] == "c"} == {"mentions_vkey", "mentions_ucls"}
    db.close()
    sums = []
    real_sum = mi._file_stamp
    monkeypatch.setattr(mi, "_file_stamp", lambda p: sums.append(p) or real_sum(p))
    MentionIndex(path).close()  # the writer's version of the file: neither summed nor checked
    assert sums == []
    stamp.write_text(json.dumps(real_sum(path)))  # an older writer's stamp, without the stat
    MentionIndex(path).close()  # matched: SQLite's check did not run; the file's stat joins the stamp
    st = path.stat()
    assert json.loads(stamp.read_text()) == [*real_sum(path), st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    assert len(sums) == 1
    MentionIndex(path).close()
    MentionIndex(path).close()
    assert len(sums) == 1  # the same version of the file is summed once, not at every open

    stamp.write_text(json.dumps([path.stat().st_size, "00000000"]))  # a sound file, a stale stamp
    MentionIndex(path).close()
    assert json.loads(stamp.read_text())[:2] == real_sum(path) and capsys.readouterr().err == ""
    MentionIndex(path).close()  # (now stamped with its stat: the garble below must still be seen)

    # a page garbled in place, size and mtime kept: the checksum sees it
    st = path.stat()
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 97):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    idx = MentionIndex(path)
    assert "verify-mentions.sqlite was damaged" in capsys.readouterr().err
    assert idx.source_count() == 0 and idx.key() is None  # rebuilt from the store on first use
    idx.close()
