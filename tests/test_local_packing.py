"""The local file holds an embedded store's only copy of its chunk texts and full metadata: texts
are stored compressed and the metadata's column fields once, and every read gives back exactly
what was written, whatever its shape; rows written the older way (plain text, whole JSON) read
the same."""

from __future__ import annotations

import json
import sqlite3

from draftbot.index import localdb

KEY = {"token": "t", "chunks": 4, "sources": 1}
TEXT = "1-10月份，全省规模以上工业增加值同比增长7.1%，增速比1-9月份提高0.2个百分点。" * 4


def _meta(**over):
    m = {"source_id": "abc", "publisher": "浙江省统计局", "date": "2026-12-02", "date_int": 20261202,
         "kind": "release", "index": 0, "start": 0, "end": 120, "tokens": 64}
    m.update(over)
    return m


def test_texts_and_metadata_read_back_exactly_in_every_shape(tmp_path):
    rows = [
        ("abc:0000", TEXT, _meta(), None),
        # shapes the columns cannot give back: kept whole
        ("abc:0001", "短句。", _meta(index=1, date=None, date_int=0), None),
        ("abc:0002", TEXT, {"index": 2, "source_id": "abc", "publisher": "", "date": "2026-12-02",
                            "date_int": 20261202, "kind": "release"}, None),
        ("abc:0003", "", _meta(index=3, date_int=20261202.0, lead="导语"), None),
        ("abc:meta", "浙江 工业 增加值", {"source_id": "abc", "meta": True}, None),
    ]
    w = localdb.Writer(tmp_path, hash_dim=8)
    w.add_chunks(rows)
    w.commit(KEY)
    reader = localdb.Reader.open(tmp_path, KEY)
    got = reader.chunks([r[0] for r in rows])
    for cid, text, meta, _ in rows:
        assert got[cid][0] == text
        assert got[cid][1] == meta and list(got[cid][1]) == list(meta)  # same keys, same order
        assert type(got[cid][1].get("date_int")) is type(meta.get("date_int"))
    assert {c: (t, m) for c, t, m in reader.all_chunks()} == {c: (t, m) for c, t, m, _ in rows}
    assert localdb.rows(tmp_path, ["abc:0000"])["abc:0000"] == (TEXT, rows[0][2])
    assert localdb.texts(tmp_path, ["abc:0002"]) == {"abc:0002": TEXT}
    # stored smaller: the long text compressed, the usual metadata without its column fields
    con = sqlite3.connect(tmp_path / localdb.FILE)
    doc, meta = con.execute("SELECT doc, meta FROM chunks WHERE id='abc:0000'").fetchone()
    assert isinstance(doc, bytes) and len(doc) < len(TEXT.encode()) // 2
    assert "浙江省统计局" not in meta and len(meta) < len(json.dumps(rows[0][2], ensure_ascii=False)) // 2


def test_rows_written_the_older_way_read_the_same(tmp_path):
    w = localdb.Writer(tmp_path, hash_dim=8)
    w.commit(KEY)
    con = sqlite3.connect(tmp_path / localdb.FILE)
    m = _meta()
    con.execute("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                ("abc:0000", TEXT, json.dumps(m, ensure_ascii=False), None, "abc", 20261202, "浙江省统计局", "release"))
    con.commit()
    con.close()
    got = localdb.Reader.open(tmp_path, KEY).chunks(["abc:0000"])
    assert got["abc:0000"] == (TEXT, m)
