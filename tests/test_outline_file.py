"""The editable outline file: written for people, edited by hand, read back exactly; bad files
are one UserError line naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from draftbot.errors import UserError
from draftbot.outline import PlanSpec, plan_outline, read_outline, sources_from_store, write_outline
from tests.outline_fixtures import DAYS, EVALS, day_stores, open_store  # noqa: F401


@pytest.fixture
def planned(day_stores, tmp_path):
    day = DAYS["september-mixed"]
    with open_store(day_stores["september-mixed"]) as st:
        sources = sources_from_store(st, day.date, PlanSpec())
        titles = {r.id: r.title for r in st.sources()}
        ids = {Path(r.path).name: r.id for r in st.sources()}
    outline, _ = plan_outline(sources, day.date, PlanSpec())
    path = write_outline(tmp_path / "outline.yaml", outline, titles)
    return outline, path, titles, ids


def test_written_file_reads_back_identical_and_names_sources(planned):
    outline, path, titles, _ = planned
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# draftbot outline")
    for sid in outline.assigned_ids():  # each id line carries its title, so a person can move it
        assert re.search(rf"^\s*- {sid}  # {re.escape(titles[sid])}$", text, re.M), sid
    assert read_outline(path, known_ids=titles) == outline


def _blocks(text: str) -> tuple[str, list[str], str]:
    """Split the YAML text at the section items (what a person sees as blocks)."""
    head, rest = text.split("sections:\n", 1)
    body, tail = rest.split("left_out:\n", 1)
    parts = re.split(r"(?m)^(?=- id: )", body)
    return head + "sections:\n", [p for p in parts if p], "left_out:\n" + tail


def test_hand_edits_rename_move_drop_are_what_is_read(planned, tmp_path):
    outline, path, titles, ids = planned
    head, blocks, tail = _blocks(path.read_text(encoding="utf-8"))
    assert len(blocks) == len(outline.sections) >= 4
    first, dropped = outline.sections[0], outline.sections[-1]
    moved = first.source_ids[-1]
    # rename: the first heading, as a person would type it
    blocks[0] = blocks[0].replace(f"heading: {first.heading}", "heading: 今日要闻：电力与民航数据")
    # move: cut the id line from the first block, paste it under the second block's source_ids
    line = next(x for x in blocks[0].splitlines(keepends=True) if x.lstrip().startswith(f"- {moved}"))
    blocks[0] = blocks[0].replace(line, "")
    blocks[1] = blocks[1].replace("  source_ids:\n", "  source_ids:\n" + line, 1)
    # drop: delete the last section's block
    blocks.pop()
    edited = tmp_path / "edited.yaml"
    edited.write_text(head + "".join(blocks) + tail, encoding="utf-8")

    got = read_outline(edited, known_ids=titles)
    assert [s.id for s in got.sections] == [s.id for s in outline.sections[:-1]]
    assert got.sections[0].heading == "今日要闻：电力与民航数据"
    assert moved not in got.sections[0].source_ids and got.sections[1].source_ids[0] == moved
    assert dropped.id not in {s.id for s in got.sections}
    # the edited outline writes and reads back unchanged (what `draft --outline` would use)
    again = write_outline(tmp_path / "again.yaml", got, titles)
    assert read_outline(again) == got


@pytest.mark.parametrize("mutate, reason", [
    (lambda t: t.replace("sections:\n", "sections:\n  - [unclosed\n", 1), r"invalid YAML at line \d+"),
    (lambda t: t.replace("reason: distractor date", "reason: too old"), r"field 'left_out\.\d+\.reason': Input should be 'off-topic'"),
    (lambda t: re.sub(r"(?m)^(\s*)heading: .*$", r"\1heading: ''", t, count=1), "empty heading"),
    (lambda t: "sections: []\n", "no sections"),
    (lambda t: "- just a list\n", "expected a mapping"),
])
def test_bad_file_is_one_line_naming_the_file(planned, tmp_path, mutate, reason):
    _, path, _, _ = planned
    bad = tmp_path / "bad.yaml"
    bad.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(UserError) as ei:
        read_outline(bad)
    msg = str(ei.value)
    assert msg.startswith(f"outline {bad}: ") and re.search(reason, msg) and "\n" not in msg


def test_source_in_two_sections_or_unknown_id_is_refused(planned, tmp_path):
    outline, path, titles, _ = planned
    twice = outline.model_dump()
    twice["sections"][1]["source_ids"].append(outline.sections[0].source_ids[0])
    bad = tmp_path / "twice.yaml"
    bad.write_text(_yaml(twice), encoding="utf-8")
    with pytest.raises(UserError, match=r"is in two sections"):
        read_outline(bad)
    unknown = outline.model_dump()
    unknown["sections"][0]["source_ids"].append("feedfacecafe0000")
    bad.write_text(_yaml(unknown), encoding="utf-8")
    with pytest.raises(UserError, match=r"source id feedfacecafe0000 is not an ingested source"):
        read_outline(bad, known_ids=titles)
    with pytest.raises(UserError, match=r"not found"):
        read_outline(tmp_path / "missing.yaml")


def _yaml(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_sample_day_example_outline_is_the_seed_outline(day_stores):
    """evals/sample-day/outline.yaml carries the four headings and queries that used to live in the brief."""
    with open_store(day_stores["sample-day"]) as st:
        known = {r.id: r for r in st.sources()}
    outline = read_outline(EVALS / "sample-day" / "outline.yaml", known_ids=known)
    assert [s.id for s in outline.sections] == ["industry", "demand-services", "data-elements", "prices-global"]
    assert outline.sections[0].heading.startswith("国家统计局披露新型工业化进展")
    assert all(s.queries and s.guidance for s in outline.sections)
    assert {known[i].date.isoformat() for i in outline.assigned_ids()} <= {"2026-06-03", "2026-06-04"}
    assert all(lo.reason == "distractor date" and known[lo.source_id].date.isoformat() != "2026-06-04"
               for lo in outline.left_out)


def test_a_source_moved_from_left_out_into_a_section_leaves_left_out(planned, tmp_path):
    """Moving a left-out id into a section is the whole edit: its left_out entry goes, one line says so."""
    outline, path, titles, _ = planned
    assert outline.left_out, "the planned day leaves something out"
    data = outline.model_dump()
    sid = outline.left_out[0].source_id
    data["sections"][0]["source_ids"].append(sid)
    edited = tmp_path / "moved.yaml"
    edited.write_text(_yaml(data), encoding="utf-8")
    read = read_outline(edited, known_ids=titles)
    assert sid in read.sections[0].source_ids and sid not in [lo.source_id for lo in read.left_out]
    assert f"outline {edited}: source {sid} is in section {read.sections[0].id!r} now; removed from left_out" in read.notes
