"""A draft carries its evidence (DESIGN.md contract): drafted with store A, checked on a machine
with an empty (or no) store, it gives the same findings as with store A — Markdown (with its
provenance JSON) and DOCX (alone), clean and edited by hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.cli import app
from verify_fixtures import corpus_store  # noqa: F401  (fixture)

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def drafted(tmp_path_factory, corpus_store) -> dict[str, Path]:
    """The sample day drafted (extractive) as Markdown and as DOCX with store A."""
    out = tmp_path_factory.mktemp("machine-a")
    files = {}
    for ext in ("md", "docx"):
        f = out / f"briefing.{ext}"
        r = cli("draft", "--date", "2026-06-04", "-o", str(f), "--store", str(corpus_store), "-q")
        assert r.exit_code == 0, r.output
        files[ext] = f
    return files


def mailed(src: Path, to: Path) -> Path:
    """What reaches the editor: a DOCX alone; a Markdown with its provenance JSON."""
    to.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, to / src.name)
    if src.suffix == ".md":
        shutil.copy(src.with_suffix(".json"), to / src.with_suffix(".json").name)
    return to / src.name


def findings(path: Path, store: Path) -> tuple[list[dict], str, int]:
    r = cli("check", str(path), "--json", "--store", str(store))
    assert r.exit_code in (0, 1), r.output
    got = json.loads(r.stdout)["files"][0]
    keep = ("kind", "sentence", "detail", "line", "paragraph", "section")
    return [{k: f.get(k) for k in keep} for f in got["findings"]], got["sources"], r.exit_code


def edit_markdown(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "1652万辆" in text
    text = text.replace("1652万辆", "1625万辆", 1)  # a mistyped figure
    text = text.replace("\n## 一、", "\n编辑补充：今年新增示范项目达到987个。\n\n## 一、", 1)  # an uncited figure
    path.write_text(text, encoding="utf-8")


def edit_docx(path: Path) -> None:
    from docx import Document

    doc = Document(str(path))
    changed = False
    for p in doc.paragraphs:
        for run in p.runs:
            if not changed and "1652万辆" in run.text:
                run.text = run.text.replace("1652万辆", "1625万辆", 1)
                changed = True
    assert changed
    first_section = next(p for p in doc.paragraphs if p.text.startswith("一、") and p.style.name == "Heading 1")
    first_section.insert_paragraph_before("编辑补充：今年新增示范项目达到987个。")
    doc.save(str(path))


@pytest.mark.parametrize("ext", ["md", "docx"])
@pytest.mark.parametrize("edited", [False, True], ids=["clean", "edited"])
def test_checked_without_the_store_it_gives_the_same_findings(tmp_path, drafted, corpus_store, ext, edited):
    draft = mailed(drafted[ext], tmp_path / "editor")
    if edited:
        (edit_markdown if ext == "md" else edit_docx)(draft)
    with_a, origin_a, code_a = findings(draft, corpus_store)
    empty = tmp_path / "empty-store"
    elsewhere, origin_b, code_b = findings(draft, empty)
    assert elsewhere == with_a
    assert (code_a, code_b) == ((1, 1) if edited else (0, 0))
    assert origin_a == "store" and origin_b == "carried"
    assert not empty.exists()  # checking never creates a store
    if edited:
        kinds = {f["kind"] for f in with_a}
        assert "uncited_number" in kinds and kinds & {"unsupported_number", "wrong_source"}
        assert any("1625" in f["sentence"] for f in with_a)


def test_the_editor_is_told_where_the_sources_came_from(tmp_path, drafted):
    draft = mailed(drafted["docx"], tmp_path / "editor")
    r = cli("check", str(draft), "--store", str(tmp_path / "none"))
    assert r.exit_code == 0, r.output
    assert "judged from the evidence the draft carries" in r.stderr
    r = cli("check", str(draft), "--store", str(tmp_path / "none"), "-q")
    assert r.exit_code == 0 and r.stderr == ""


def test_a_markdown_without_its_json_and_no_store_is_one_clear_line(tmp_path, drafted):
    draft = tmp_path / "alone.md"
    shutil.copy(drafted["md"], draft)
    r = cli("check", str(draft), "--store", str(tmp_path / "none"))
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        f"draftbot: error: no sources ingested in {tmp_path / 'none'}; run draftbot ingest first "
        f"({draft} carries no evidence; --source FILE adds a source)"]
    assert not (tmp_path / "none").exists()


def test_altered_carried_text_is_not_used(tmp_path, drafted):
    draft = mailed(drafted["md"], tmp_path / "editor")
    prov = draft.with_suffix(".json")
    data = json.loads(prov.read_text(encoding="utf-8"))
    first = data["evidence"]["sources"][0]
    assert first["cited"]
    first["text"] = first["text"].replace("2026", "2027")  # someone "fixed" the evidence
    prov.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = cli("check", str(draft), "--store", str(tmp_path / "none"))
    assert "was altered" in r.stderr and first["record"]["title"] in r.stderr
    assert r.exit_code == 1  # its citations no longer resolve to a source


def test_an_editor_adds_a_source_with_source_file(tmp_path, drafted, corpus_dir):
    """A citation the editor added to a source the draft does not carry resolves once the file
    is given with --source (no store needed)."""
    draft = mailed(drafted["md"], tmp_path / "editor")
    added = corpus_dir / "2026-05-19_nbs-april-industrial-output.md"
    from draftbot.sources.loader import load_file

    src = load_file(added)
    text = draft.read_text(encoding="utf-8")
    refs = [ln for ln in text.splitlines() if ln[:1].isdigit() and ". " in ln[:5]]
    n = len(refs) + 1
    # the editor quotes a clause of the added source with its own indicator (a vague 相关指标 would
    # rightly be a wrong_subject: the source never names it)
    clause = re.search(r"[^，。；\n#]*?增长\d+(?:\.\d+)?%", src.text).group(0)
    # in a topical section (a figure the 摘要 adds of its own is a finding whatever it cites)
    text = re.sub(r"(\n## 一、[^\n]*\n)", lambda m: m.group(1) + f"\n编辑补充：据统计，{clause}[{n}]。\n", text, count=1)
    text = text.rstrip("\n") + f"\n{n}. {src.publisher}，《{src.title}》，{src.date}，背景。\n"
    draft.write_text(text, encoding="utf-8")
    without = cli("check", str(draft), "--json", "--store", str(tmp_path / "none"))
    assert without.exit_code == 1
    r = cli("check", str(draft), "--json", "--store", str(tmp_path / "none"), "--source", str(added))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["files"][0]["sources"] == "carried +source"


def test_a_pair_renamed_together_still_carries_its_evidence(tmp_path, drafted):
    """An editor saves briefing.md + briefing.json as edited.md + edited.json: still one draft."""
    folder = tmp_path / "editor"
    folder.mkdir()
    shutil.copy(drafted["md"], folder / "edited.md")
    shutil.copy(drafted["md"].with_suffix(".json"), folder / "edited.json")
    shutil.copy(drafted["docx"], folder / "edited.docx")  # a DOCX beside it never takes the md's JSON
    got, origin, code = findings(folder / "edited.md", tmp_path / "none")
    assert (got, origin, code) == ([], "carried", 0)
    got, origin, code = findings(folder / "edited.docx", tmp_path / "none")
    assert (got, origin, code) == ([], "carried", 0)
