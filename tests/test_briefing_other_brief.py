"""A briefing in another organisation's format drafts and checks clean; the brief travels with it.

The brief differs from the default in every part the reader depends on: title, title block,
reference heading (资料来源) and reference line (`[n] 发布者：标题（日期）`).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.resources import default_brief_path
from tests.draft_fixtures import DAY, sample_store, use_sample_store  # noqa: F401

runner = CliRunner()
LINE = "[{n}] {publisher}：{title}（{date}）"


@pytest.fixture
def other_brief(tmp_path):
    data = yaml.safe_load(default_brief_path().read_text(encoding="utf-8"))
    data.update(id="chanye-yaoqing", title="产业经济要情", org_lines=["某省产业经济研究院 编"],
                references={"heading": "资料来源", "line": LINE})
    path = tmp_path / "yaoqing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _check(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def _changed_figure(md: str) -> str:
    """The draft with its first cited figure in the body changed (4843 -> 4850 and the like)."""
    body_end = md.index("## 资料来源")
    m = re.search(r"(\d+(?:\.\d+)?)(\s*(?:万亿元|亿元|万辆|亿块|万套|%))(?=[^\n]*\[\d+\])", md[:body_end])
    assert m, "no cited figure in the draft"
    wrong = str(round(float(m.group(1)) + 7.3, 1))
    return md[: m.start(1)] + wrong + md[m.end(1):]


def test_other_brief_drafts_and_checks_clean_beside_and_alone(tmp_path, use_sample_store, other_brief):
    out = tmp_path / "yaoqing.md"
    res = runner.invoke(app, ["draft", "--date", DAY, "--brief", str(other_brief), "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 产业经济要情\n") and "\n## 资料来源\n" in md and "参考文献" not in md
    refs = md.split("\n## 资料来源\n", 1)[1].strip().splitlines()
    assert refs and all(re.match(rf"^\[{i}\] [^：]+：.+（(\d{{4}}-\d\d-\d\d|日期不详)）$", r) for i, r in enumerate(refs, 1))
    prov = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert prov["brief"]["references"]["line"] == LINE and prov["output"] == {"file": "yaoqing.md", "format": "md"}

    # provenance beside the draft: its brief is used, no --brief needed
    res = _check(out, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["files"][0]["brief"] == "chanye-yaoqing"
    stats = json.loads(res.stdout)["files"][0]["stats"]
    assert stats["references"] == len(refs) and stats["references_resolved"] == len(refs)
    assert stats["numbers_checked"] > 20 and stats["numbers_supported"] == stats["numbers_checked"] - stats["numbers_derived"]

    # a lone copy: the default grammar cannot read it, the brief given by hand can
    lone = tmp_path / "sent" / "yaoqing.md"
    lone.parent.mkdir()
    shutil.copyfile(out, lone)
    res = _check(lone)
    assert res.exit_code == 1 and "needs --brief FILE" in res.output
    res = _check(lone, "--brief", other_brief)
    assert res.exit_code == 0, res.output
    # beside its provenance, the recorded brief wins over another --brief (and says so)
    res = _check(out, "--brief", default_brief_path())
    assert res.exit_code == 0 and "from its provenance JSON, not --brief" in res.output

    # a figure changed by hand is caught, beside its provenance and alone
    out.write_text(_changed_figure(md), encoding="utf-8")
    res = _check(out, "--json")
    assert res.exit_code == 1
    kinds = {f["kind"] for f in json.loads(res.stdout)["files"][0]["findings"]}
    assert kinds & {"unsupported_number", "wrong_source"}
    lone.write_text(_changed_figure(md), encoding="utf-8")
    assert _check(lone, "--brief", other_brief).exit_code == 1


def test_md_and_docx_of_one_draft_sit_side_by_side(tmp_path, use_sample_store, other_brief):
    md, docx = tmp_path / "b.md", tmp_path / "b.docx"
    for out in (md, docx):  # the extension picks the format
        res = runner.invoke(app, ["draft", "--date", DAY, "--brief", str(other_brief), "-o", str(out), "--quiet"])
        assert res.exit_code == 0, res.output
    assert docx.read_bytes()[:2] == b"PK" and md.read_text(encoding="utf-8").startswith("# 产业经济要情")
    prov_md = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    prov_docx = json.loads((tmp_path / "b.docx.json").read_text(encoding="utf-8"))
    assert prov_md["output"]["file"] == "b.md" and prov_docx["output"] == {"file": "b.docx", "format": "docx"}
    res = _check(md, docx)
    assert res.exit_code == 0, res.output


def test_output_extension_decides_and_conflicts_are_one_line(tmp_path, use_sample_store):
    res = runner.invoke(app, ["draft", "--date", DAY, "-o", str(tmp_path / "b.docx"), "--format", "md"])
    assert res.exit_code == 2 and "--format md" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["draft", "--date", DAY, "-o", str(tmp_path / "b.html")])
    assert res.exit_code == 2 and "unknown extension '.html'" in res.output
    out = tmp_path / "plain"
    res = runner.invoke(app, ["draft", "--date", DAY, "-o", str(out), "--format", "docx", "--quiet"])
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:2] == b"PK" and (tmp_path / "plain.json").is_file()
