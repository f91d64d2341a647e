"""No output path destroys anything: outputs are regular files only (a symlink, FIFO or device is
refused even with --force), several drafts get one review page and one annotated copy each, and
--html/--annotate never take a draft, its provenance or each other's path. Each refusal is one
line and leaves the target as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.cli import app

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()
DAY = "2026-06-04"


def cli(args: list[str]):
    res = runner.invoke(app, args)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res


def one_line_refusal(res, *words: str) -> None:
    lines = [ln for ln in res.output.splitlines() if ln.strip() and not ln.startswith(("outline:", "backend:"))]
    assert res.exit_code == 2 and len(lines) == 1, res.output
    assert all(w in lines[0] for w in words), lines[0]


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("2026-06-04_nbs-consumption.md", "2026-06-04_nbs-new-industrialization.md"):
        shutil.copy(REPO / "corpus" / name, corpus / name)
    store = root / "store"
    assert cli(["ingest", str(corpus), "--store", str(store), "-q"]).exit_code == 0
    draft = root / "a" / "brief.md"
    draft.parent.mkdir()
    assert cli(["draft", "--date", DAY, "-o", str(draft), "--store", str(store), "-q"]).exit_code == 0
    other = root / "b" / "brief.md"
    other.parent.mkdir()
    shutil.copy(draft, other)
    shutil.copy(draft.with_suffix(".json"), other.with_suffix(".json"))
    return {"root": root, "store": store, "draft": draft, "other": other}


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_draft_never_replaces_a_symlink_fifo_or_device_even_with_force(day, tmp_path, kind):
    if kind == "symlink":
        victim = tmp_path / "victim.txt"
        victim.write_text("keep me", encoding="utf-8")
        target = tmp_path / "out.md"
        target.symlink_to(victim)
    elif kind == "fifo":
        target = tmp_path / "pipe.md"
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    res = cli(["draft", "--date", DAY, "-o", str(target), "--force", "--store", str(day["store"]), "-q"])
    one_line_refusal(res, "outputs are only written as regular files")
    if kind == "symlink":
        assert target.is_symlink() and victim.read_text(encoding="utf-8") == "keep me"
    elif kind == "fifo":
        assert target.exists() and not target.is_file()
    else:
        assert Path("/dev/null").is_char_device()


def test_plan_and_check_outputs_refuse_a_symlink(day, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    res = cli(["plan", "--date", DAY, "-o", str(link), "--store", str(day["store"])])
    one_line_refusal(res, "symlink")
    page = tmp_path / "page.html"
    page.symlink_to(day["draft"])
    res = cli(["check", str(day["other"]), "--html", str(page), "--store", str(day["store"])])
    one_line_refusal(res, "symlink")
    assert day["draft"].read_text(encoding="utf-8").startswith("# ")


def test_two_drafts_of_one_name_get_a_review_page_and_an_annotated_copy_each(day, tmp_path):
    res = cli(["check", str(day["draft"]), str(day["other"]), "--html", str(tmp_path / "review.html"),
               "--annotate", str(tmp_path / "notes.docx"), "--store", str(day["store"]), "-q"])
    assert res.exit_code in (0, 1), res.output
    pages = sorted(p.name for p in tmp_path.glob("review-*.html"))
    copies = sorted(p.name for p in tmp_path.glob("notes-*.docx"))
    assert pages == ["review-a-brief.html", "review-b-brief.html"], pages
    assert copies == ["notes-a-brief.docx", "notes-b-brief.docx"], copies


def test_html_never_replaces_a_drafts_provenance(day):
    prov = day["draft"].with_suffix(".json")
    before = prov.read_bytes()
    res = cli(["check", str(day["draft"]), "--html", str(prov), "--store", str(day["store"])])
    one_line_refusal(res, "provenance")
    assert prov.read_bytes() == before


def test_html_and_annotate_may_not_name_the_same_file(day, tmp_path):
    out = tmp_path / "same.docx"
    res = cli(["check", str(day["draft"]), "--html", str(out), "--annotate", str(out), "--store", str(day["store"])])
    one_line_refusal(res, "both --html and --annotate")
    assert not out.exists()
