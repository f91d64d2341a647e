"""`check` habits (issue 25): `-` reads stdin, a file that is not a briefing is refused in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from verify_fixtures import CORRECT_DRAFT, corpus_store  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from draftbot.cli import main; main()"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=120)


def test_check_dash_reads_the_draft_from_stdin(corpus_store):
    r = run("check", "-", "--store", str(corpus_store), stdin=CORRECT_DRAFT.read_bytes())
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().startswith("-: OK")
    bad = CORRECT_DRAFT.read_bytes().replace("1652 万辆".encode(), "1625 万辆".encode())
    r = run("check", "-", "--store", str(corpus_store), "--json", stdin=bad)
    assert r.returncode == 1 and '"path": "-"' in r.stdout.decode()
    assert not Path("-").exists()


def test_check_dash_reads_a_docx_from_stdin(tmp_path, corpus_store):
    from draftbot.briefing.docx import markdown_to_docx

    data = markdown_to_docx(CORRECT_DRAFT.read_text(encoding="utf-8"))
    r = run("check", "-", "--store", str(corpus_store), stdin=data)
    assert r.returncode == 0, r.stderr


def test_files_that_are_not_briefings_are_refused_in_one_line(tmp_path, corpus_store):
    for doc in (REPO / "README.md", REPO / "docs" / "EVALS.md", REPO / "corpus" / "2026-06-04_nbs-services.md"):
        r = run("check", str(doc), "--store", str(corpus_store))
        err = r.stderr.decode().strip().splitlines()
        assert r.returncode == 2 and r.stdout == b"", r.stdout
        assert err == [f"draftbot: error: {doc}: not a briefing (no reference list, citations [n] or 【待核实】 marks)"]


def test_a_briefing_cut_down_by_an_editor_is_still_checked(tmp_path, corpus_store):
    p = tmp_path / "short.md"
    p.write_text("## 一、工业\n\n新能源汽车产量1652万辆。\n", encoding="utf-8")
    r = run("check", str(p), "--store", str(corpus_store))
    assert r.returncode == 1 and b"uncited" in r.stdout


def test_html_and_annotate_with_a_trailing_slash_write_into_a_folder(tmp_path, corpus_store):
    a = tmp_path / "a.md"
    a.write_bytes(CORRECT_DRAFT.read_bytes())
    r = run("check", str(a), str(CORRECT_DRAFT), "--store", str(corpus_store),
            "--html", str(tmp_path / "pages") + "/", "--annotate", str(tmp_path / "notes") + "/", "-q")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["a.html", f"{CORRECT_DRAFT.stem}.html"]
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["a.docx", f"{CORRECT_DRAFT.stem}.docx"]
    assert not (tmp_path / "pages.html").exists()
