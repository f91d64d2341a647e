"""A provenance written into its file as it is encoded (`json_text.encode_pieces(..., to=FILE)`,
`draft.output.write_files` with a writer function) is byte for byte what the pieces were, also
when the standard encoder must start over after pieces were already written."""

from __future__ import annotations

import io

from draftbot.display import escape_json, json_dumps
from draftbot.draft.output import write_files
from draftbot.json_text import _FLUSH_PARTS, encode_pieces


def _big(tail):
    return {"rows": [[i, f"第{i}条\u202e", i / 7] for i in range(2_500)],
            "items": [{"k": i, "t": "x\u2028y", "n": [i, [i]]} for i in range(3 * _FLUSH_PARTS)],
            "tail": tail}


def test_written_as_made_is_the_same_bytes():
    for data in (_big("end"), _big({1.5: 2}), {"a": [1]}, [], {}):
        fh = io.BytesIO()
        assert encode_pieces(data, 2, escape=escape_json, end="\n", to=fh) == []
        assert fh.getvalue() == b"".join(encode_pieces(data, 2, escape=escape_json, end="\n"))
        assert fh.getvalue() == (json_dumps(data) + "\n").encode("utf-8")


def test_start_over_rewinds_what_was_written():
    """A key the walk does not reproduce, met after several pieces were written: the file holds
    only the standard encoder's text."""
    data = _big({1.5: 2})
    fh = io.BytesIO()
    pieces: list[int] = []
    real_write = fh.write
    fh.write = lambda b: pieces.append(len(b)) or real_write(b)  # count what reached the file
    encode_pieces(data, 2, end="\n", to=fh)
    assert len(pieces) > 2  # pieces were written before the walk met the float key
    assert fh.getvalue() == (__import__("json").dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def test_write_files_takes_a_writer(tmp_path):
    out, prov = tmp_path / "d.md", tmp_path / "d.json"
    write_files({out: b"# x\n", prov: lambda fh: encode_pieces({"a": [1, 2]}, 2, end="\n", to=fh)})
    assert out.read_bytes() == b"# x\n"
    assert prov.read_text() == '{\n  "a": [\n    1,\n    2\n  ]\n}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json", "d.md"]  # no temp left
