"""A provenance JSON read back for `check` parses only the members it needs (its carried number
index and source report are most of a 10 MB file): what it reads is what parsing the whole
file gives, and a file in any other layout is parsed whole."""

from __future__ import annotations

import json

import pytest

from draftbot.briefing.evidence import parse_evidence
from draftbot.briefing.json_members import RawJSON, decode, members
from draftbot.briefing.provenance import READ_BACK, find_provenance
from draftbot.display import json_dumps

ODD = {
    "plain": "2026-06-04",
    "quotes": 'a "quoted" \\ back\\slash, a line\nbreak and "x": 1,',
    "nested": {"a": [1, 2.5, -0.0, None, True], "b": {"c": [], "d": {}}, "  \"e\"": "\n  \"f\": "},
    "中文键": ["《标题》", "\u2028", "\t"],
    "empty": {},
    "list": [{"k": "v"}, [], [[1]]],
}


def test_members_are_what_parsing_the_whole_text_gives():
    raw = json.dumps(ODD, indent=2, ensure_ascii=False).encode("utf-8")
    found = members(raw)
    assert list(found) == list(ODD)
    assert decode(raw, found, set(found)) == json.loads(raw)
    a, b = found["nested"]
    inner = members(raw[a:b], 2)
    assert decode(raw[a:b], inner, {"b", "  \"e\""}) == {"b": ODD["nested"]["b"], "  \"e\"": ODD["nested"]["  \"e\""]}
    # a key given twice: the last value, as json.loads keeps it
    twice = b'{\n  "k": 1,\n  "k": 2\n}\n'
    assert decode(twice, members(twice), {"k"}) == json.loads(twice) == {"k": 2}


@pytest.mark.parametrize("text", [
    json.dumps(ODD, ensure_ascii=False),  # compact
    json.dumps(ODD, indent=4, ensure_ascii=False),
    "\ufeff" + json.dumps(ODD, indent=2, ensure_ascii=False),
    json.dumps(ODD, indent=2, ensure_ascii=False)[:-1],  # cut short
    json.dumps(ODD, indent=2, ensure_ascii=False) + "x",
    json.dumps(list(ODD), indent=2),
])
def test_another_layout_is_not_taken_apart(text):
    assert members(text.encode("utf-8")) is None


def _evidence() -> dict:
    rec = {"id": "s1", "title": "标题", "publisher": "国家统计局", "date": "2026-06-04", "path": "s1.md"}
    return {"format": "draftbot-evidence/1", "brief": {"id": "x"},
            "sources": [{"record": rec, "cited": True, "sha256": "0" * 64, "text": "正文\n第二行"}],
            "index": [{"record": {**rec, "id": "s2"}, "rows": [["5.2%", 5.2, None, "%", "percent", None, 3]]}]}


def _provenance(tmp_path, data: dict, text: str | None = None):
    draft = tmp_path / "d.md"
    draft.write_text("# 简报\n", encoding="utf-8")
    (tmp_path / "d.json").write_text(text if text is not None else json_dumps(data) + "\n", encoding="utf-8")
    return draft


def test_read_back_gives_the_whole_files_members_and_its_evidence(tmp_path):
    data = {"format": "draftbot-provenance/1", "output": {"file": "d.md", "format": "md"}, "brief": {"id": "x"},
            "source_report": [{"id": f"s{i}", "line": "其他日期"} for i in range(50)], "evidence": _evidence()}
    draft = _provenance(tmp_path, data)
    whole, part = find_provenance(draft), find_provenance(draft, READ_BACK)
    assert set(part) == READ_BACK and isinstance(part["evidence"], RawJSON)
    assert {k: whole[k] for k in READ_BACK - {"evidence"}} == {k: part[k] for k in READ_BACK - {"evidence"}}
    lazy, eager = parse_evidence(part["evidence"]), parse_evidence(whole["evidence"])
    assert lazy.index == [] and lazy.sources == eager.sources
    assert lazy.number_index() == eager.index == eager.number_index() and eager.index
    # compact JSON (an editor's tool rewrote it): parsed whole, the same members
    compact = _provenance(tmp_path, data, json.dumps(data, ensure_ascii=False))
    again = find_provenance(compact, READ_BACK)
    assert parse_evidence(again["evidence"]).number_index() == eager.index


def test_a_file_that_is_not_utf8_or_not_json_is_no_provenance(tmp_path):
    data = {"format": "draftbot-provenance/1", "output": {"file": "d.md", "format": "md"}, "brief": {"id": "x"},
            "source_report": ["其他"], "evidence": _evidence()}
    draft = _provenance(tmp_path, data)
    raw = (tmp_path / "d.json").read_bytes()
    (tmp_path / "d.json").write_bytes(raw.replace("其他".encode(), b"\xff\xfe"))  # in a member not read
    assert find_provenance(draft, READ_BACK) is None and find_provenance(draft) is None
    (tmp_path / "d.json").write_bytes(raw.replace(b'"brief": {', b'"brief": {{', 1))
    assert find_provenance(draft, READ_BACK) is None and find_provenance(draft) is None


def test_a_damaged_number_index_reads_as_empty(tmp_path):
    data = {"format": "draftbot-provenance/1", "output": {"file": "d.md", "format": "md"}, "brief": {"id": "x"},
            "evidence": _evidence()}
    draft = _provenance(tmp_path, data)
    raw = (tmp_path / "d.json").read_bytes()
    (tmp_path / "d.json").write_bytes(raw.replace(b'"rows": [', b'"rows": 7, "x": [', 1))
    ev = parse_evidence(find_provenance(draft, READ_BACK)["evidence"])
    assert ev is not None and len(ev.sources) == 1 and ev.number_index() == []
