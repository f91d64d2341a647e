"""The shipped replays: every eval case carries a replay.json assembled from hand-written replies
(evals/<case>/replies.yaml, by evals/assemble_replays.py). `eval --backend replay` passes every
case offline with them; an edited prompts/section.md fails every case naming the file; extractive
eval says prompts are not exercised; the tool rebuilds the shipped file from the replies and
reports a request it has no reply for."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from draftbot.cli import app
from test_eval import EVALS, RATIOS, elsewhere  # noqa: F401  (autouse: run from a scratch folder)

runner = CliRunner()
CASES = sorted(p.parent.name for p in EVALS.glob("*/case.yaml"))


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _assembler():
    sys.path.insert(0, str(EVALS))
    try:
        import assemble_replays
    finally:
        sys.path.remove(str(EVALS))
    return assemble_replays


def test_every_case_ships_a_replay_labelled_hand_written():
    from draftbot.llm.replay import load_replay, prompt_hash, shipped_prompts

    assert len(CASES) >= 5
    current = {n: prompt_hash(t) for n, t in shipped_prompts().items()}
    for name in CASES:
        case = EVALS / name
        rf = load_replay(case / "replay.json")
        assert rf.note.startswith("hand-written replies") and "not model output" in rf.note, name
        assert rf.model == "hand-written", name
        assert rf.prompts == current, f"{name}: prompts changed since recording: run evals/assemble_replays.py"
        assert "HAND-WRITTEN" in yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))["description"]
        assert (case / "replies.yaml").read_text(encoding="utf-8").startswith("# HAND-WRITTEN replies")
        replies = [json.loads(r["raw_text"]) for r in rf.replies.values()]
        assert len(replies) >= 4 and all("paragraphs" in x or "sections" in x for x in replies), name


def test_shipped_replays_pass_every_case_offline(tmp_path):
    out = tmp_path / "replay.json"
    r = invoke("eval", str(EVALS), "--backend", "replay", "--json-out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not data.get("errors"), f"re-run evals/assemble_replays.py: {data.get('errors')}"
    assert r.exit_code == 0, r.stderr
    assert data["config"]["prompts_exercised"] is True and "not exercised" not in r.stderr
    assert sorted(data["cases"]) == CASES
    for name, m in data["cases"].items():
        print(name, {k: m[k] for k in (*RATIOS, "check_findings")})
        assert m["numeric_fidelity"] == 1.0 and m["check_findings"] == 0 and m["forbidden_hits"] == 0, name
        assert m["citation_coverage"] >= 0.95 and m["citation_precision"] >= 0.95, name
        assert m["fact_recall"] >= 0.9 and m["structure"] == 1.0 and m["heading_fit"] >= 0.9, name
        assert m["completion_tokens"] > 0 and m["cost_usd"] == 0, name  # replies were read, nothing paid
    assert data["gate"]["failures"] == []


def test_an_edited_section_prompt_fails_every_case_naming_it(tmp_path, monkeypatch):
    import draftbot.resources as resources

    prompts = tmp_path / "prompts"
    shutil.copytree(resources.data_dir("prompts"), prompts)
    section = prompts / "section.md"
    section.write_text(section.read_text(encoding="utf-8").replace("必须全部遵守", "务必全部遵守", 1),
                       encoding="utf-8")
    real = resources.data_dir
    monkeypatch.setattr(resources, "data_dir", lambda name: prompts if name == "prompts" else real(name))
    r = invoke("eval", str(EVALS), "--backend", "replay", "--json")
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    assert sorted(data["errors"]) == CASES
    for name in CASES:
        assert "prompt changed since recording: section.md — re-record" in data["errors"][name], name
        assert f"FAIL {name}: " in r.stderr and "Traceback" not in r.output
    assert r.stderr.count("prompt changed since recording: section.md — re-record") == len(CASES)


def test_extractive_eval_says_prompts_are_not_exercised(tmp_path):
    r = invoke("eval", str(EVALS / "october-two-topics"), "--json")
    assert r.exit_code in (0, 1), r.output
    assert "prompt changes are not exercised" in r.stderr
    assert json.loads(r.stdout)["config"]["prompts_exercised"] is False


# ----------------------------------------------------------------------------- the assembling tool


def test_the_tool_rebuilds_the_shipped_replay_from_the_replies(tmp_path):
    tool = _assembler()
    cases = tmp_path / "cases"
    shutil.copytree(EVALS / "conflicting-figures", cases / "conflicting-figures")
    shipped = json.loads((EVALS / "conflicting-figures" / "replay.json").read_text(encoding="utf-8"))
    (cases / "conflicting-figures" / "replay.json").unlink()
    assert tool.main(["--evals", str(cases), "--prompts", str(tmp_path / "p"), "conflicting-figures"]) == 0
    rebuilt = json.loads((cases / "conflicting-figures" / "replay.json").read_text(encoding="utf-8"))
    assert rebuilt == shipped  # the shipped file is exactly what the replies produce today
    asked = sorted(p.name.split("-", 1)[1] for p in (tmp_path / "p" / "conflicting-figures").glob("*.txt"))
    assert asked == ["outline.txt", "section.txt", "section.txt", "summary.txt", "synthesis.txt"]


def test_a_request_without_a_reply_is_reported_with_its_prompt_and_the_old_file_kept(tmp_path, capsys):
    tool = _assembler()
    case = tmp_path / "cases" / "october-two-topics"
    shutil.copytree(EVALS / "october-two-topics", case)
    replies = yaml.safe_load((case / "replies.yaml").read_text(encoding="utf-8"))
    del replies["summary"]
    (case / "replies.yaml").write_text(yaml.safe_dump(replies, allow_unicode=True), encoding="utf-8")
    before = (case / "replay.json").read_bytes()
    assert tool.main(["--evals", str(case.parent), "--prompts", str(tmp_path / "p"), "--show",
                      "october-two-topics"]) == 1
    out = capsys.readouterr().out
    assert "october-two-topics: NOT recorded" in out
    assert "已写好的各节" in out and "## 统计数据：前三季度国民经济运行总体平稳" in out  # --show: the prompt itself
    line = next(ln for ln in out.splitlines() if "no reply for summary" in ln)
    prompt = Path(line.split("prompt in ", 1)[1].strip())
    assert "<sections>" in prompt.read_text(encoding="utf-8")  # the prompt to answer, with the drafted sections
    assert (case / "replay.json").read_bytes() == before


def test_citation_marks_resolve_by_title_and_by_figure():
    tool = _assembler()
    ctx = tool.Context("<evidence>\n[1] 国家统计局 · 2026-06-04 · 《服务业发展量质齐升》\n服务业增加值达到80.9万亿元。\n"
                       "[2] Reuters · 2026-06-04 · 《GLOBAL MARKETS-Stocks climb》\nBrent fell 0.9% to $69.85.\n"
                       "[3] 国家统计局 · 2026-06-04 · 《服务业发展量质齐升》\n贡献率为61.4%。\n</evidence>")
    assert tool.clause("服务业对经济增长的贡献率为61.4%。[@服务业]", ctx) == {
        "text": "服务业对经济增长的贡献率为61.4%。", "cites": [3]}
    assert tool.clause("布伦特原油跌0.9%，[@global markets][2]", ctx)["cites"] == [2]
    with pytest.raises(KeyError):
        tool.clause("x[@没有这个来源]", ctx)
    drafted = tool.Context("<sections>\n## 甲\n城市上涨0.7%，农村上涨0.4%；[1]降幅比上月收窄0.4个百分点；[2]"
                           "2025年数字消费规模为25.3万亿元。[5]\n</sections>")
    assert drafted.as_drafted("出厂价格降幅比上月收窄0.4个百分点") == [2]  # same figure: the clause worded alike
    assert drafted.as_drafted("2025年数字消费规模为25.3万亿元") == [5]  # a year names no source
    assert drafted.as_drafted("数字消费规模持续扩大") == [5]  # no figure: by wording


def test_a_repair_call_is_answered_from_the_repairs_by_heading(tmp_path):
    tool = _assembler()
    case = tmp_path / "cases" / "conflicting-figures"
    shutil.copytree(EVALS / "conflicting-figures", case)
    heading = "广东上半年工业机器人产量增长"
    replies = yaml.safe_load((case / "replies.yaml").read_text(encoding="utf-8"))
    good = replies["sections"][heading]
    wrong = [[c.replace("12.6万套", "12.7万套") for c in p] for p in good]
    assert wrong != good
    replies["sections"][heading] = wrong  # the verifier sends this section back …
    replies["repairs"] = {heading: good}  # … and the hand-written repair restores the figure
    (case / "replies.yaml").write_text(yaml.safe_dump(replies, allow_unicode=True), encoding="utf-8")
    assert tool.main(["--evals", str(case.parent), "--prompts", str(tmp_path / "p"), "conflicting-figures"]) == 0
    asked = sorted(p.name.split("-", 1)[1] for p in (tmp_path / "p" / "conflicting-figures").glob("*.txt"))
    assert asked.count("repair.txt") == 1 and len(asked) == 6
    repair = next((tmp_path / "p" / "conflicting-figures").glob("*-repair.txt")).read_text(encoding="utf-8")
    assert "12.7万套" in repair and f"本节标题：{heading}" in repair
    out = tmp_path / "e.json"
    r = invoke("eval", str(case), "--backend", "replay", "--json-out", str(out))
    scores = json.loads(out.read_text(encoding="utf-8"))["cases"]["conflicting-figures"]
    assert r.exit_code == 0 and scores["numeric_fidelity"] == 1.0 and scores["check_findings"] == 0
