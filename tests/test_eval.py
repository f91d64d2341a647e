"""`draftbot eval` end to end: real cases, real store, real verifier; drafting backends are the
extractive one, a scripted drafter that alters a figure, and recorded/loopback LLM replies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.config import load_settings
from draftbot.briefing.brief import load_brief
from draftbot.backends.base import ClauseOut, ParagraphOut, SectionOut
from draftbot.backends.extractive import ExtractiveDrafter
from draftbot.backends.scripted import ScriptedDrafter
from draftbot.evals.baseline import compare, load_baseline
from draftbot.evals.cases import load_case
from draftbot.evals.harness import EvalOptions, run_checker, run_eval
from draftbot.verify.mutations import ERRORS, Mutation

REPO = Path(__file__).resolve().parent.parent
EVALS = REPO / "evals"
RATIOS = ("citation_coverage", "citation_precision", "numeric_fidelity", "fact_recall")

runner = CliRunner()


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run from a scratch folder: nothing an eval writes may land in the repository."""
    before = (EVALS / "baseline.json").read_bytes() if (EVALS / "baseline.json").is_file() else None
    monkeypatch.chdir(tmp_path)
    yield
    after = (EVALS / "baseline.json").read_bytes() if (EVALS / "baseline.json").is_file() else None
    assert after == before, "a test changed evals/baseline.json"


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def copy_case(src: Path, dst: Path, **changes) -> Path:
    """A copy of a case folder whose corpus/brief paths still point at the originals."""
    dst.mkdir(parents=True)
    data = yaml.safe_load((src / "case.yaml").read_text(encoding="utf-8"))
    data["corpus"] = [str((src / p).resolve()) for p in data["corpus"]]
    if data.get("brief", "default") != "default":
        data["brief"] = str((src / data["brief"]).resolve())
    data.update(changes)
    (dst / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return dst


class _Altering(ScriptedDrafter):
    """Extractive sections, with the figure `old` written as `new` wherever it is drafted; the repair
    round cannot fix it (the scripted double returns its previous output)."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(can_repair=True)
        self.old, self.new, self.altered = old, new, 0

    def draft_section(self, task):
        out = ExtractiveDrafter().draft_section(task)
        changed = SectionOut(paragraphs=[ParagraphOut(clauses=[ClauseOut(text=c.text.replace(self.old, self.new), cites=c.cites)
                                                              for c in p.clauses]) for p in out.paragraphs])
        self.altered += changed != out
        return changed


def altering_drafter(old: str, new: str):
    """A worse 'configuration': the day's figure `old` becomes `new` in whichever planned section
    drafts it."""

    def make(settings, case):
        return _Altering(old, new)

    return make


# ----------------------------------------------------------------------------- (a) the suite offline


def test_eval_suite_offline_prints_table_and_writes_json(tmp_path):
    out = tmp_path / "eval.json"
    page = tmp_path / "eval.html"
    r = invoke("eval", str(EVALS), "--json-out", str(out), "--html", str(page), "--quiet")
    assert r.exit_code == 0, r.output
    names = ["conflicting-figures", "english-markets", "sample-day"]
    for n in ["citation_coverage", "numeric_fidelity", "fact_recall", *names[1:]]:
        assert n in r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(names) <= set(data["cases"])
    for scope in [*(data["cases"][n] for n in names), data["overall"]]:
        for m in RATIOS:
            assert 0.0 <= scope[m] <= 1.0
    assert data["config"]["backend"] == "extractive"
    # every case clears its own case.yaml thresholds, and the extractive drafts carry no wrong figure
    for n in names:
        case = load_case(EVALS / n)
        for metric, limit in case.thresholds.items():
            assert data["cases"][n][metric] >= limit, (n, metric)
        assert data["cases"][n]["forbidden_hits"] == 0
    assert data["gate"]["failures"] == []
    assert "<table>" in page.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- (b) the gate


def test_altered_number_fails_the_gate_and_names_the_metric(tmp_path):
    case = load_case(EVALS / "sample-day")
    settings = load_settings()
    good = run_eval([case], settings, EvalOptions())
    bad = run_eval([case], settings, EvalOptions(), make_drafter=altering_drafter("1652万辆", "1625万辆"))
    g, b = good.cases["sample-day"].mean, bad.cases["sample-day"].mean
    assert b["numeric_fidelity"] < g["numeric_fidelity"]
    assert b["fact_recall"] < g["fact_recall"] and b["forbidden_hits"] > g["forbidden_hits"]
    assert b["pending"] >= 1 and b["check_findings"] >= 1
    rows, fails = compare(bad.scopes(), bad.spreads(), good.to_baseline())
    failed = {(f.scope, f.metric) for f in fails}
    assert ("sample-day", "numeric_fidelity") in failed and ("sample-day", "forbidden_hits") in failed
    assert any("sample-day: numeric_fidelity regressed" in f.message for f in fails)
    # the good run against its own baseline passes
    assert compare(good.scopes(), good.spreads(), good.to_baseline())[1] == []


def test_cli_exits_1_on_regression_vs_baseline_and_on_case_threshold(tmp_path):
    case_dir = copy_case(EVALS / "sample-day", tmp_path / "cases" / "sample-day")
    base = tmp_path / "cases" / "baseline.json"
    r = invoke("eval", str(tmp_path / "cases"), "--update-baseline")
    assert r.exit_code == 0, r.output
    assert "baseline written" in r.stderr and base.is_file()  # status: stderr
    saved = load_baseline(base)
    assert saved.cases["sample-day"]["numeric_fidelity"] == 1.0

    # the same configuration passes against its baseline (found beside the cases by default)
    r = invoke("eval", str(tmp_path / "cases"), "--quiet")
    assert r.exit_code == 0, r.output

    # a case the drafts cannot satisfy: recall falls below the baseline and the case's own minimum
    data = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    facts = data["required_facts"]
    data["required_facts"] = facts + [{"text": f"{900 + i} 万亿元", "source": facts[0]["source"]} for i in range(3)]
    data["thresholds"]["fact_recall"] = 0.99
    (case_dir / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = invoke("eval", str(tmp_path / "cases"), "--quiet", "--json-out", str(tmp_path / "e.json"))
    assert r.exit_code == 1
    assert "FAIL sample-day: fact_recall regressed" in r.output
    assert "below its case.yaml minimum 0.99" in r.output
    gate = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["gate"]
    assert any(d["metric"] == "fact_recall" and d["regressed"] for d in gate["diff"])
    # --update-baseline refuses a run below a case threshold
    r = invoke("eval", str(tmp_path / "cases"), "--quiet", "--update-baseline")
    assert r.exit_code == 1 and "not updated" in r.output + (r.stderr if r.stderr_bytes else "")
    assert load_baseline(base) == saved


def test_bad_case_yaml_is_one_line_exit_2(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "case.yaml").write_text("name: x\ndate: 2026-06-04\n", encoding="utf-8")
    r = runner.invoke(app, ["eval", str(tmp_path / "x")])
    assert r.exit_code == 2
    assert "case.yaml: field 'corpus'" in r.output and "Traceback" not in r.output


# ----------------------------------------------------------------------------- (c) same numbers as `check`


def test_harness_agrees_with_check_on_the_same_draft(tmp_path):
    case = load_case(EVALS / "sample-day")
    rep = run_eval([case], load_settings(), EvalOptions(drafts_dir=tmp_path / "drafts"),
                   make_drafter=altering_drafter("4843亿块", "4834亿块"))
    m = rep.cases["sample-day"].mean
    assert m["numeric_fidelity"] < 1.0
    draft = tmp_path / "drafts" / "sample-day.md"
    assert "4834亿块" in draft.read_text(encoding="utf-8")

    assert invoke("ingest", *[str(p) for p in case.corpus_paths()], "--quiet").exit_code == 0
    r = runner.invoke(app, ["check", str(draft), "--json"])
    assert r.exit_code == 1
    checked = json.loads(r.stdout)["files"][0]
    assert m["check_findings"] == len(checked["findings"])
    assert m["numeric_fidelity"] == checked["stats"]["numeric_fidelity"]
    assert m["citation_precision"] == checked["stats"]["citation_precision"]
    harness = sorted((f["kind"], f.get("number")) for f in rep.cases["sample-day"].runs[0].findings)
    assert harness == sorted((f["kind"], f.get("number")) for f in checked["findings"])
    assert ("unsupported_number", "4834亿块") in harness or ("wrong_source", "4834亿块") in harness


# ----------------------------------------------------------------------------- (e) the checker gate


def test_checker_metrics_are_baselined_and_a_weaker_checker_fails(tmp_path):
    cases = copy_case(EVALS / "english-markets", tmp_path / "cases" / "english-markets").parent
    r = invoke("eval", str(cases), "--checker", "--update-baseline", "--quiet")
    assert r.exit_code == 0, r.output
    base = load_baseline(cases / "baseline.json")
    assert 0.5 < base.checker["detection_rate"] <= 1.0 and base.checker["false_alarms"] is not None
    assert "detection_rate" in r.output

    # a checker that misses more of the seeded errors: here, errors it cannot see are added
    blind = [Mutation(f"wording {i}", "wording", old, new) for i, (old, new) in
             enumerate([("首次突破", "首次超过"), ("连续 16 年居世界首位", "连续 16 年位居世界前列")])]
    weaker = run_checker(load_settings(), errors=ERRORS + blind)
    assert weaker.metrics["detection_rate"] < base.checker["detection_rate"]
    _, fails = compare({"checker": weaker.metrics}, {}, base)
    assert [(f.scope, f.metric) for f in fails] == [("checker", "detection_rate")]


# ----------------------------------------------------------------------------- (d) LLM cache


def test_openai_backend_second_run_is_served_from_the_cache(tmp_path, monkeypatch):
    from eval_fixtures import server_echo
    from fakeserver import FakeLLMServer

    with FakeLLMServer(model="fake-model") as server:
        server.responder = server_echo
        monkeypatch.setenv("DRAFTBOT_BASE_URL", server.base_url)
        monkeypatch.setenv("DRAFTBOT_API_KEY", "sk-test-eval-key")
        monkeypatch.setenv("DRAFTBOT_MODEL", "fake-model")
        case = str(EVALS / "sample-day")
        first, second, third = (tmp_path / f"{n}.json" for n in ("first", "second", "third"))

        r = invoke("eval", case, "--backend", "openai", "--quiet", "--json-out", str(first))
        assert r.exit_code in (0, 1), r.output  # vs a baseline of another backend: only scored here
        asked = len(server.chat_requests())
        assert asked >= 4  # one per section at least
        a = json.loads(first.read_text(encoding="utf-8"))
        assert a["config"]["llm_requests"] == asked and a["config"]["cache_hits"] == 0
        assert a["cases"]["sample-day"]["prompt_tokens"] > 0
        assert a["cases"]["sample-day"]["citation_coverage"] > 0

        invoke("eval", case, "--backend", "openai", "--quiet", "--json-out", str(second))
        assert len(server.chat_requests()) == asked  # zero new requests
        b = json.loads(second.read_text(encoding="utf-8"))
        assert b["config"]["llm_requests"] == 0 and b["config"]["cache_hits"] == asked
        for m in RATIOS:
            assert b["cases"]["sample-day"][m] == a["cases"]["sample-day"][m]
        assert b["cases"]["sample-day"]["cost_usd"] == 0.0

        invoke("eval", case, "--backend", "openai", "--quiet", "--no-cache", "--json-out", str(third))
        assert len(server.chat_requests()) == 2 * asked
        assert json.loads(third.read_text(encoding="utf-8"))["config"]["cache"] is False


# ----------------------------------------------------------------------------- (b) replay: recorded replies


def test_replay_whose_replies_drop_citations_and_alter_a_figure_fails_the_gate(tmp_path):
    from eval_fixtures import echo_reply

    from draftbot.backends.chat_drafter import LLMDrafter
    from draftbot.llm import RecordingChat, ScriptedChat

    cases = tmp_path / "cases"
    # no case.yaml minimums here: this is about the baseline comparison
    case_dir = copy_case(EVALS / "sample-day", cases / "sample-day", thresholds={})
    settings = load_settings()
    replay = case_dir / "replay.json"

    def worse(reply: dict) -> dict:
        """The "new prompt" answers worse: no citations, and a figure's digits reversed."""
        altered = False
        for p in reply.get("paragraphs", []):  # (an outline reply has none)
            for c in p["clauses"]:
                c["cites"] = []
                m = re.search(r"\d+\.\d", c["text"])
                if m and not altered:
                    c["text"] = c["text"].replace(m.group(0), m.group(0)[::-1], 1)
                    altered = True
        return reply

    def recorder(change=lambda reply: reply):
        def make(s, case):
            chat = ScriptedChat(lambda messages, schema: json.dumps(change(echo_reply(messages)), ensure_ascii=False),
                                model=s.model)
            return LLMDrafter(RecordingChat(chat, replay), name="replay")
        return make

    run_eval([load_case(case_dir)], settings, EvalOptions(), make_drafter=recorder())
    assert replay.is_file()
    r = invoke("eval", str(cases), "--backend", "replay", "--update-baseline", "--quiet")
    assert r.exit_code == 0, r.output
    base = load_baseline(cases / "baseline-replay.json")  # a replay baseline of its own
    assert base.config["backend"] == "replay"
    assert base.cases["sample-day"]["citation_coverage"] >= 0.9

    # re-recorded with the worse model (its repair rounds included), then replayed offline
    replay.unlink()
    run_eval([load_case(case_dir)], settings, EvalOptions(), make_drafter=recorder(worse))
    r = invoke("eval", str(cases), "--backend", "replay", "--quiet")
    assert r.exit_code == 1
    assert "FAIL sample-day: citation_coverage regressed" in r.output
    assert "FAIL sample-day: numeric_fidelity regressed" in r.output
    assert "▼" in r.output


def test_replay_backend_without_a_recording_names_the_file(tmp_path):
    cases = tmp_path / "cases"
    copy_case(EVALS / "sample-day", cases / "sample-day")
    r = runner.invoke(app, ["eval", str(cases), "--backend", "replay"])
    assert r.exit_code == 2
    assert "replay.json" in r.output and "Traceback" not in r.output


def test_repeat_reports_mean_and_spread(tmp_path):
    out = tmp_path / "r.json"
    r = invoke("eval", str(EVALS / "english-markets"), "--repeat", "2", "--quiet", "--json-out", str(out),
               "--baseline", str(tmp_path / "none.json"), "--update-baseline")
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["config"]["repeat"] == 2
    spread = data["spread"]["english-markets"]
    # the extractive backend is deterministic: two runs, no spread in any score
    assert all(spread[m] == 0.0 for m in RATIOS)
    assert "±" not in r.output.split("wall_seconds")[0]
