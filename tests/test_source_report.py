"""The source report `draft` prints: the day's sources line by line, other days' sources in one
counted line (each listed with --verbose, on stderr and in the provenance)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.cli import app

runner = CliRunner()
EVALS = Path(__file__).resolve().parent.parent / "evals"
ENV = {"OPENAI_API_KEY": "", "DRAFTBOT_API_KEY": ""}


@pytest.fixture(scope="module")
def package_store(tmp_path_factory):
    """The pbc-package day plus three more sources of other dates."""
    tmp = tmp_path_factory.mktemp("report")
    corpus = tmp / "corpus"
    shutil.copytree(EVALS / "pbc-package" / "corpus", corpus)
    for k, day in enumerate(["2025-04-30", "2025-03-07", "2024-12-09"]):
        (corpus / f"old{k}.md").write_text(
            f"---\ntitle: 往期外汇储备数据{k}\npublisher: 国家外汇管理局\ndate: {day}\n---\n\n截至上月末，外汇储备规模保持稳定。\n",
            encoding="utf-8")
    store = tmp / "store"
    res = runner.invoke(app, ["ingest", str(corpus), "--store", str(store), "--quiet"], env=ENV)
    assert res.exit_code == 0, res.output
    return store


def _draft(store: Path, out: Path, *extra: str):
    return runner.invoke(app, ["draft", "--date", "2025-05-07", "--store", str(store), "-o", str(out), "--force",
                               "--backend", "extractive", *extra], env=ENV)


def test_other_days_are_one_counted_line_and_listed_with_verbose(package_store, tmp_path):
    res = _draft(package_store, tmp_path / "b.md")
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    # one line counts the four sources of other dates (the 2024 package and three older releases)
    assert [ln.strip() for ln in lines if "其他日期" in ln] == ["另有 4 篇其他日期的来源未参与"]
    assert not any("distractor" in ln or "往期外汇储备" in ln for ln in lines)
    # every source of the day is named, English ones as untranslated
    report = [ln for ln in lines if ln.startswith("  ")]
    assert sum("《" in ln for ln in report) == 7
    assert sum("untranslated" in ln for ln in report) == 3
    # by default the provenance counts them too (a store of years would put 16k lines in each draft's JSON)
    prov = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert "  另有 4 篇其他日期的来源未参与" in prov["source_report"]
    assert not any(ln.startswith("  other day ") for ln in prov["source_report"])

    verbose = _draft(package_store, tmp_path / "v.md", "--verbose")
    listed = [ln for ln in verbose.stderr.splitlines() if ln.startswith("  other day ")]
    assert len(listed) == 4 and listed[0].startswith("  other day 2025-04-30 ")  # newest first
    assert any("央行宣布降准0.5个百分点" in ln for ln in listed)
    assert [ln.strip() for ln in verbose.stderr.splitlines() if "其他日期" in ln] == ["另有 4 篇其他日期的来源未参与"]
    prov = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert sum(ln.startswith("  other day ") for ln in prov["source_report"]) == 4  # listed where asked for
    # the draft itself does not depend on the listing
    assert (tmp_path / "v.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")


def test_for_people_counts_uncited_background_per_section_and_hides_other_days():
    from draftbot.draft.sources_report import for_people

    report = ["sources: 2 assigned sources cited, 0 unused, 0 left out by the outline (offline)",
              "  used      section 1 《甲》",
              "  background section 1 《乙》: cited",
              *[f"  background section 1 《方案{k}》: not cited" for k in range(3)],
              "  used      section 2 《丙》",
              "  background section 2 《丁》: not cited",
              "  另有 3,980 篇其他日期的来源未参与",
              *[f"  other day 2025-01-0{k + 1} 《旧{k}》" for k in range(5)]]
    assert for_people(report) == [report[0], report[1], report[2], "  background section 1: 3 篇背景来源未引用",
                                  report[6], "  background section 2: 1 篇背景来源未引用", report[8]]
    assert for_people(report, verbose=True) == report
