"""The steps of `draftbot check` are callable without the CLI: read a draft in its own brief, and
write an annotated DOCX copy of a Markdown draft."""

from __future__ import annotations

import json

import pytest
from verify_fixtures import CORPUS, CORRECT_DRAFT

from draftbot.annotate import annotate_draft, read_comments
from draftbot.briefing.brief import load_brief
from draftbot.briefing.draft_read import read_for_check
from draftbot.briefing.provenance import FORMAT
from draftbot.errors import UserError


def test_a_draft_is_read_in_the_brief_its_provenance_records(tmp_path):
    default = load_brief(None)
    draft = tmp_path / "briefing.md"
    draft.write_text(CORRECT_DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    got = read_for_check(draft, default)
    assert got.brief == default and got.note is None and got.carried is None
    assert "[1]" in got.text.markdown

    other = default.model_copy(update={"id": "other-brief"})
    (tmp_path / "briefing.md.json").write_text(json.dumps(
        {"format": FORMAT, "output": {"file": "briefing.md"}, "brief": other.model_dump(mode="json")}),
        encoding="utf-8")
    got = read_for_check(draft, default, given=True)
    assert got.brief.id == "other-brief"
    assert got.note == "read with brief 'other-brief' from its provenance JSON, not --brief"
    assert read_for_check(draft, default, given=False).note is None


def test_a_file_that_is_not_a_briefing_is_one_line_naming_it(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# 随手记\n\n今天开会。\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"^shown\.md: not a briefing"):
        read_for_check(notes, load_brief(None), shown="shown.md")


def test_a_markdown_draft_is_annotated_as_docx_without_the_cli(tmp_path):
    from draftbot.sources import load_paths
    from draftbot.verify import check_markdown
    from draftbot.verify.library import SourceLibrary

    lib = SourceLibrary.from_sources(load_paths([CORPUS]).sources)
    md = CORRECT_DRAFT.read_text(encoding="utf-8").replace("4843 亿块", "4834 亿块")
    draft = tmp_path / "draft.md"
    draft.write_text(md, encoding="utf-8")
    res = check_markdown(md, lib)
    assert res.findings
    done = annotate_draft(draft, md, res.findings, load_brief(None), tmp_path / "out" / "annotated.docx")
    assert done.comments == len(res.findings) and done.unplaced == []
    assert [c.anchored for c in read_comments(done.path)] == [f.sentence for f in res.findings]
