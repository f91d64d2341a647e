"""`draftbot draft --backend openai` end to end against a real loopback chat-completions server
(tests/fakeserver.py) whose responder writes like a model from the prompt it receives: good drafts,
repairs, the json_schema fallback, 429 retries, timeouts, and offline replay of a recorded run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from fakeserver import Hang, Reply, Status, fake_llm  # noqa: F401
from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.resources import load_prompt
from draftbot.text.tokens import count_tokens
from tests.chains_fixtures import (  # noqa: F401
    DAY, KEY, SEED_OUTLINE, Writer, draft, draftbot_exe, drafted_clauses, evidence_items, heading_of, llm_store, previous_of, reply,
    section_clauses, store, user_text,
)

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()
INDUSTRY = "国家统计局披露新型工业化进展"
BAD_NUMBER = "据统计，2025年全国工业机器人产量达到8888万台。"


def check_json(path: Path) -> tuple[int, list[dict]]:
    res = runner.invoke(app, ["check", str(path), "--json"])
    data = json.loads(res.stdout)
    return res.exit_code, data["files"][0]["findings"]


def headings(md: str) -> list[str]:
    return re.findall(r"^## (.+)$", md, flags=re.M)


def estimate(body: dict) -> int:
    """The fake server's own prompt-token figure for a request (what it reports as usage)."""
    text = "\n".join(m.get("content") or "" for m in body["messages"])
    return max(1, len(text) // 2)


# ----------------------------------------------------------------------------- (a) good replies


def test_good_replies_give_a_complete_verified_draft(tmp_path, store, fake_llm):
    writer = Writer()
    fake_llm.responder = writer
    out = tmp_path / "briefing.md"
    res = draft(out, fake_llm, quiet=False)
    assert res.exit_code == 0, res.output
    assert f"backend: openai (model test-model at {fake_llm.base_url})" in res.stderr

    md = out.read_text(encoding="utf-8")
    heads = headings(md)
    assert heads[0] == "摘要" and heads[-1] == "参考文献"
    assert len([h for h in heads if re.match(r"^[一二三四]、", h)]) == 4
    assert heads[5].startswith("五、今日判断")
    for block in re.split(r"^## .+$", md, flags=re.M)[1:-1]:
        assert re.search(r"\[\d+\]", block), "a section without a cited clause"
    # the model's clauses are what the draft says (first quotable sentence of each evidence item)
    first_section = writer.of("section")[0].body
    assert section_clauses(first_section)[0]["text"].rstrip("。") in re.sub(r"\[\d+\]", "", md)

    code, findings = check_json(out)
    assert (code, findings) == (0, [])

    # one request per section, then 今日判断 and 摘要; no repair needed
    kinds = sorted(s.kind for s in writer.seen)
    assert kinds == ["section"] * 4 + ["summary", "synthesis"]
    reqs = fake_llm.chat_requests()
    assert len(reqs) == 6
    for r in reqs:
        assert r.json["model"] == "test-model" and r.json["temperature"] == 0
        assert r.json["response_format"]["type"] == "json_schema"
    for s in writer.of("section"):
        assert "不是指令" in s.body["messages"][0]["content"]
        assert evidence_items(s.body), "section prompt without <evidence>"

    prov = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    run = prov  # the run's fields sit at the top level of the provenance
    assert run["backend"] == "openai" and run["model"] == "test-model"
    assert run["prompt_hashes"] == {n: load_prompt(n).hash for n in ("section", "synthesis", "summary")}
    assert run["tokens"]["calls"] == 6
    # the server's reported usage is what is recorded
    assert run["tokens"]["prompt"] == sum(estimate(r.json) for r in reqs)
    assert run["tokens"]["completion"] > 0
    assert run["cost_usd"] is None  # test-model has no price
    assert run["verification"] == {"repairs": 0, "dropped": 0, "pending": 0}


# ----------------------------------------------------------------------------- (b) repair rounds


def bad_industry_section(body: dict) -> str | None:
    """The industry section gets two bad clauses: an unknown citation and an invented number."""
    if INDUSTRY not in heading_of(body):  # (other sections' prompts name it among their siblings)
        return None
    clauses = section_clauses(body)
    true_sentence = clauses[1]["text"]
    clauses[1] = {"text": true_sentence, "cites": [99]}
    clauses.append({"text": BAD_NUMBER, "cites": [1]})
    return reply(clauses)


def test_failed_clauses_go_back_with_the_exact_problems_and_are_fixed(tmp_path, store, fake_llm):
    def fix(body: dict) -> str:
        prev = json.loads(re.search(r"上一版草稿（JSON）：\n(.*?)\n\n证据", user_text(body), re.S).group(1))
        clauses = prev["paragraphs"][0]["clauses"]
        holding = {text: n for n, text in evidence_items(body).items()}

        def source_of(sentence: str) -> int:  # the evidence number whose snippet holds the sentence
            return next(n for text, n in holding.items() if sentence in text)

        return reply([dict(c, cites=[source_of(c["text"])] if c["cites"] == [99] else c["cites"])
                      for c in clauses if c["text"] != BAD_NUMBER])

    writer = Writer(hooks={"section": bad_industry_section, "repair": fix})
    fake_llm.responder = writer
    out = tmp_path / "b.md"
    res = draft(out, fake_llm)
    assert res.exit_code == 0, res.output
    [rep] = writer.of("repair")
    problems = user_text(rep.body)
    assert "引用了不存在的证据编号 [99]" in problems
    assert re.search(r"第1段第\d+句「" + re.escape(BAD_NUMBER) + "」：数字 8888\\s*万台 在所引证据中找不到", problems)
    assert problems.count("\n- ") == 2  # exactly the two failing clauses
    # the repair request carries the task's rules, the previous JSON and the same evidence
    assert "不是指令" in rep.body["messages"][0]["content"] and "未通过核验" in rep.body["messages"][0]["content"]
    [industry] = [s for s in writer.of("section") if INDUSTRY in s.heading]
    assert evidence_items(rep.body) == evidence_items(industry.body)
    md = out.read_text(encoding="utf-8")
    assert "8888" not in md and "待核实" not in md
    assert check_json(out) == (0, [])
    run = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert run["verification"]["repairs"] == 1 and run["prompt_hashes"]["repair"] == load_prompt("repair").hash
    assert run["tokens"]["calls"] == 7


def test_a_model_that_persists_gets_its_clauses_marked_never_silent(tmp_path, store, fake_llm):
    writer = Writer(hooks={"section": bad_industry_section})  # repairs echo the previous draft
    fake_llm.responder = writer
    out = tmp_path / "b.md"
    res = draft(out, fake_llm, quiet=False)
    assert res.exit_code == 0, res.output
    repairs = writer.of("repair")
    # MAX_REPAIRS rounds, then marked; the second round's prompt is the first's (the model echoed its
    # draft, so the problems are the same): the store's response cache answers it
    assert len(repairs) == 1 and "2 repair rounds" in res.stderr, res.stderr
    assert all(INDUSTRY in r.heading for r in repairs)
    assert "2 marked 【待核实】" in res.stderr
    md = out.read_text(encoding="utf-8")
    marked = [line for line in md.splitlines() if "8888" in line]
    assert marked and all("【待核实：" in line for line in marked)
    assert "[99]" not in re.sub(r"【待核实：[^】]*】", "", md)  # the unknown number is not printed as a citation

    # the verifier on the rendered Markdown: the only findings are the marks themselves
    code, findings = check_json(out)
    assert code == 1
    # Every finding is about a marked clause: the marks themselves ("pending"), and what they mark
    # (the invented number; the numbers of the clause whose only citation was the unknown [99], now
    # uncited — a "[99]" quoted inside a mark is not a citation). Nothing unverified is unmarked.
    marked_sentences = [f["sentence"] for f in findings if f["kind"] == "pending"]
    assert {f["kind"] for f in findings} <= {"pending", "unsupported_number", "uncited_number"}, findings
    for f in findings:
        assert any(m.startswith(f["sentence"]) for m in marked_sentences), f
    assert any(f["kind"] == "unsupported_number" and f["number"].startswith("8888") for f in findings)
    # the marks stand in the industry section only
    blocks = dict(zip(headings(md), re.split(r"^## .+$", md, flags=re.M)[1:]))
    assert [h for h, text in blocks.items() if "【待核实" in text] == [f"一、{INDUSTRY}，新质生产力获得硬数据支撑"]
    assert len({m for m in marked_sentences}) == 2


def test_synthesis_is_repaired_against_the_merged_evidence(tmp_path, store, fake_llm):
    invented = "工业机器人产量达到8888万台。"

    def synthesis(body: dict) -> str:
        return reply(drafted_clauses(body) + [{"text": invented, "cites": [1]}])

    def repair(body: dict) -> str:
        prev = previous_of(body)["paragraphs"][0]["clauses"]
        return reply([c for c in prev if c["text"] != invented])

    writer = Writer(hooks={"synthesis": synthesis, "repair": repair})
    fake_llm.responder = writer
    out = tmp_path / "s.md"
    res = draft(out, fake_llm)
    assert res.exit_code == 0, res.output
    [rep] = writer.of("repair")
    system = rep.body["messages"][0]["content"]
    assert "综合判断" in system and "未通过核验" in system  # the synthesis rules plus the repair rules
    assert f"「{invented}」：数字 8888" in user_text(rep.body)
    # the evidence is the sources the verified sections cite, renumbered from 1
    assert sorted(evidence_items(rep.body)) == list(range(1, len(evidence_items(rep.body)) + 1))
    assert "8888" not in out.read_text(encoding="utf-8")
    assert check_json(out) == (0, [])


# ----------------------------------------------------------------------------- (c) json_schema rejected


def test_json_schema_rejected_falls_back_end_to_end(tmp_path, store, fake_llm):
    fake_llm.reject_json_schema = "This response_format type is unavailable now"
    fake_llm.responder = Writer()
    out = tmp_path / "c.md"
    res = draft(out, fake_llm)
    assert res.exit_code == 0, res.output
    reqs = fake_llm.chat_requests()
    probes = [r for r in reqs if (r.json.get("response_format") or {}).get("type") == "json_schema"]
    answered = [r for r in reqs if r not in probes]
    # sections run 4 at a time, so at most 4 probes before the fallback is remembered
    assert 1 <= len(probes) <= 4
    names = sorted(r.json["tools"][0]["function"]["name"] for r in answered)
    # a section may propose its heading and say what each source was for; 今日判断 returns its judgement
    assert names == ["ProposedSection"] * 4 + ["SectionOut", "SynthesisOut"]
    assert check_json(out) == (0, [])


# ----------------------------------------------------------------------------- (d) 429, and no usage reported


def test_429_is_retried_and_tokens_are_counted_when_the_server_reports_none(tmp_path, store, fake_llm):
    writer = Writer()
    replies: list[str] = []

    def no_usage(body: dict):
        text = Writer.__call__(Writer(), body)
        replies.append(text)
        return Reply(text, usage=(0, 0))

    writer.hooks = {k: no_usage for k in ("section", "synthesis", "summary")}
    fake_llm.script([Status(429, retry_after=0, message="Rate limit reached")])
    fake_llm.responder = writer
    out = tmp_path / "d.md"
    res = draft(out, fake_llm, model="gpt-4o-mini")
    assert res.exit_code == 0, res.output
    reqs = fake_llm.chat_requests()
    assert len(reqs) == 7 and len(writer.seen) == 6  # one 429, retried, then 6 answers
    assert check_json(out) == (0, [])
    run = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    prompt = sum(count_tokens(m["content"], "gpt-4o-mini") for s in writer.seen for m in s.body["messages"])
    completion = sum(count_tokens(t, "gpt-4o-mini") for t in replies)
    assert (run["tokens"]["prompt"], run["tokens"]["completion"]) == (prompt, completion)
    assert run["cost_usd"] == pytest.approx((prompt * 0.15 + completion * 0.60) / 1e6)


# ----------------------------------------------------------------------------- (e) timeout


def test_timeout_is_one_line_naming_the_endpoint_and_writes_nothing(tmp_path, store, fake_llm):
    fake_llm.responder = lambda body: Hang(20)
    out = tmp_path / "e.md"
    env = {**os.environ, "OPENAI_API_KEY": KEY, "DRAFTBOT_TIMEOUT": "0.5", "DRAFTBOT_MAX_RETRIES": "1"}
    t0 = time.monotonic()
    proc = subprocess.run([*draftbot_exe(), "draft", "--date", DAY, "--backend", "openai", "--base-url",
                           fake_llm.base_url, "--model", "test-model", "-o", str(out), "--quiet",
                           "--outline", str(SEED_OUTLINE)],
                          capture_output=True, text=True, env=env, timeout=60)
    seconds = time.monotonic() - t0
    assert proc.returncode == 2, proc.stderr
    # (where tiktoken's encodings are absent, its own one-line fallback notice may precede the error)
    lines = [ln for ln in proc.stderr.strip().splitlines() if not ln.startswith("draftbot: tiktoken ")]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith(f"draftbot: error: LLM endpoint {fake_llm.base_url}: ")
    assert "timeout" in lines[0] and "after 2 attempts" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no .md, no .json, no temp file
    assert seconds < 30
    assert len(fake_llm.chat_requests()) >= 2  # it did try, and retried once


# ----------------------------------------------------------------------------- (f) replay


def test_replay_reproduces_a_recorded_run_offline(tmp_path, store, fake_llm):
    from draftbot.config import load_settings
    from draftbot.backends.chat_drafter import LLMDrafter
    from draftbot.draft.pipeline import run_draft
    from draftbot.llm import OpenAIChat, RecordingChat
    from pydantic import SecretStr

    fake_llm.responder = Writer(hooks={"section": bad_industry_section})  # a run with repairs and marks
    recording = tmp_path / "replies.json"
    settings = load_settings(model="test-model", base_url=fake_llm.base_url, api_key=SecretStr(KEY))
    chat = RecordingChat(OpenAIChat.from_settings(settings), recording)
    first = run_draft(settings, DAY, out=tmp_path / "live.md", drafter=LLMDrafter(chat), quiet=True,
                      outline=SEED_OUTLINE)
    live_calls = len(fake_llm.chat_requests())
    assert live_calls == first.usage.calls == 8 and first.pending == 2

    fake_llm.responder = lambda body: Status(500, message="replay must not call the server")
    out = tmp_path / "replayed.md"
    res = runner.invoke(app, ["draft", "--date", DAY, "--backend", "replay", "--replay", str(recording),
                              "--model", "test-model", "-o", str(out), "--outline", str(SEED_OUTLINE)])
    assert res.exit_code == 0, res.output
    assert "backend: replay (recorded replies of model test-model" in res.stderr
    assert out.read_text(encoding="utf-8") == (tmp_path / "live.md").read_text(encoding="utf-8")
    assert len(fake_llm.chat_requests()) == live_calls  # nothing reached the server
    run = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert run["backend"] == "replay" and run["tokens"]["calls"] == 8
    assert run["tokens"]["prompt"] == first.usage.prompt_tokens and run["cost_usd"] is None


def test_replay_of_a_different_model_is_a_one_line_miss(tmp_path, store):
    recording = tmp_path / "replies.json"
    recording.write_text("{}", encoding="utf-8")
    out = tmp_path / "x.md"
    res = runner.invoke(app, ["draft", "--date", DAY, "--replay", str(recording), "--model", "other-model",
                              "-o", str(out), "--quiet", "--outline", str(SEED_OUTLINE)])
    assert res.exit_code == 2 and res.exception is None or isinstance(res.exception, SystemExit)
    [line] = res.stderr.strip().splitlines()
    assert line.startswith(f"draftbot: error: replay file {recording}: no recorded response for key ")
    assert not out.exists() and not out.with_suffix(".json").exists()


def test_a_fifo_as_replay_file_is_refused_not_waited_on(tmp_path, store):
    import os

    fifo = tmp_path / "replies.json"
    os.mkfifo(fifo)  # reading it would block until a writer appears: never, here
    out = tmp_path / "x.md"
    res = runner.invoke(app, ["draft", "--date", DAY, "--replay", str(fifo), "--model", "test-model",
                              "-o", str(out), "--quiet", "--outline", str(SEED_OUTLINE)])
    assert res.exit_code == 2
    [line] = res.stderr.strip().splitlines()
    assert line.startswith(f"draftbot: error: replay file {fifo}") and "FIFO" in line.upper()
    assert not out.exists()


# ----------------------------------------------------------------------------- evidence budget


def _task(n_items: int, chars: int, evidence_tokens: int):
    import datetime as dt

    from draftbot.briefing.brief import SectionSpec
    from draftbot.backends.base import SectionTask
    from draftbot.models import Evidence, Hit

    evidence = [Evidence(n=i, hit=Hit(chunk_id=f"c{i}", source_id=f"s{i}", title=f"来源{i}", publisher="国家统计局",
                                      date=dt.date(2026, 6, 4), path=f"/x/{i}.md", score=1.0,
                                      text=f"第{i}条：制造业增加值稳步增长，高技术制造业增速加快。" * (chars // 30), start=0, end=chars))
                for i in range(1, n_items + 1)]
    spec = SectionSpec(id="s", heading="测试节", queries=["q"], evidence_tokens=evidence_tokens)
    return SectionTask(brief_title="测试简报", section=spec, evidence=evidence, date=dt.date(2026, 6, 4),
                       target_chars=200)


def test_evidence_is_trimmed_to_the_section_budget_and_the_prompt_cap(fake_llm):
    from draftbot.backends.chat_drafter import LLMDrafter
    from draftbot.llm import OpenAIChat

    fake_llm.responder = Writer()
    drafter = LLMDrafter(OpenAIChat(model="test-model", base_url=fake_llm.base_url, api_key=KEY, timeout=5))
    per_item = count_tokens(_task(1, 400, 10).evidence[0].hit.text, "test-model")

    # budget for 3 snippets of 6: the first 3 are sent, with their own numbers
    out = drafter.draft_section(_task(6, 400, evidence_tokens=3 * per_item + 1))
    sent = evidence_items(fake_llm.chat_requests()[-1].json)
    assert sorted(sent) == [1, 2, 3] and drafter.trimmed == 3
    assert [c.cites for c in out.clauses()] == [[1], [2], [3]]

    # a budget that fits everything: nothing trimmed
    drafter.draft_section(_task(6, 400, evidence_tokens=100 * per_item))
    assert sorted(evidence_items(fake_llm.chat_requests()[-1].json)) == [1, 2, 3, 4, 5, 6] and drafter.trimmed == 3

    # the whole-prompt cap applies on top of the section budget (the first snippet is always kept)
    drafter.max_prompt_tokens = 1
    drafter.draft_section(_task(6, 400, evidence_tokens=100 * per_item))
    assert sorted(evidence_items(fake_llm.chat_requests()[-1].json)) == [1] and drafter.trimmed == 8
    assert drafter.usage.snapshot().calls == 3


# ----------------------------------------------------------------------------- (b2) claim problems, in Chinese

WRONG_WAY = "3D打印设备产量达到521.1万台，年均下降30.9%。"  # the source: 年均增长30.9%


def test_a_repair_that_only_adds_a_citation_to_a_wrong_claim_ends_pending(tmp_path, store, fake_llm):
    def section(body: dict) -> str | None:
        if INDUSTRY not in heading_of(body):
            return None
        return reply(section_clauses(body) + [{"text": WRONG_WAY, "cites": []}])

    def cite_only(body: dict) -> str:  # "fixes" the missing citation, keeps the wrong direction
        prev = previous_of(body)["paragraphs"][0]["clauses"]
        n = next(n for n, text in evidence_items(body).items() if "521.1万台" in text)
        return reply([dict(c, cites=[n]) if c["text"] == WRONG_WAY else c for c in prev])

    writer = Writer(hooks={"section": section, "repair": cite_only})
    fake_llm.responder = writer
    out = tmp_path / "w.md"
    res = draft(out, fake_llm)
    assert res.exit_code == 0, res.output
    first, second = writer.of("repair")
    assert f"「{WRONG_WAY}」：数字 521.1万台 没有引用；数字 30.9% 没有引用" in user_text(first.body)
    said = user_text(second.body)
    assert f"「{WRONG_WAY}」：数字 30.9% 的涨跌方向与证据不符：证据原文为「" in said and "年均增长30.9%" in said
    md = out.read_text(encoding="utf-8")
    assert re.search(r"年均下降30\.9%\[\d+\]【待核实：数字 30\.9% 的涨跌方向与来源不符", md), md  # for the editor
    code, findings = check_json(out)
    assert code == 1 and sorted(f["kind"] for f in findings) == ["pending", "wrong_direction"]


# ----------------------------------------------------------------------------- (c) failures accounted for

CONSUMPTION = "消费和服务业数据说明"


def first_heading(body: dict) -> str:
    """The section a request is about, also for a corrective retry (whose last message is the correction)."""
    users = [m.get("content") or "" for m in body["messages"] if m.get("role") == "user"]
    m = re.search(r"^本节标题：(.+)$", users[0], re.M)
    return m.group(1) if m else ""


def test_a_section_failing_twice_is_named_and_marked_while_the_rest_is_written(tmp_path, store, fake_llm):
    """Hand-written misbehaviour: the industry section's replies are prose twice (the corrective retry
    too); the consumption section's first reply is prose, its corrected one good."""
    corrected: list[str] = []

    def section(body: dict):
        heading = first_heading(body)
        correction = len([m for m in body["messages"] if m.get("role") == "user"]) > 1
        if INDUSTRY in heading:
            return Reply("好的，这一节我会先写工业增加值，再写机器人产量。")
        if CONSUMPTION in heading and not correction:
            return Reply("以下是本节草稿：消费市场平稳。")
        if CONSUMPTION in heading:
            corrected.append(body["messages"][-1]["content"])
            first = dict(body, messages=body["messages"][:-1])
            return reply(section_clauses(first))
        return None

    writer = Writer(hooks={"section": section})
    fake_llm.responder = writer
    out = tmp_path / "b.md"
    res = draft(out, fake_llm, quiet=False)
    assert res.exit_code == 1, res.output
    # the corrective message is Chinese and quotes the reply it could not use
    (message,) = corrected
    assert "以下是本节草稿：消费市场平稳。" in message and "无法使用" in message
    lines = res.stderr.splitlines()
    failed = [line for line in lines if line.startswith("section industry ")]
    assert len(failed) == 1 and INDUSTRY in failed[0] and "invalid JSON" in failed[0] and KEY not in failed[0]
    assert "section: 2 corrective retries" in lines  # one for each of the two sections
    md = out.read_text(encoding="utf-8")
    blocks = dict(zip(headings(md), re.split(r"^## .+$", md, flags=re.M)[1:]))
    industry = next(text for h, text in blocks.items() if INDUSTRY in h)
    assert "【待核实：本节未能由模型写成" in industry and not re.search(r"\[\d+\]", industry)
    others = [text for h, text in blocks.items() if re.match(r"^[二三四]、", h)]
    assert len(others) == 3 and all(re.search(r"\[\d+\]", t) for t in others)
    run = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert run["failed_sections"] == failed
    assert run["tokens"]["corrective_retries"] == {"section": 2}
    # every reply is a call: 4 sections + 2 corrections (the failed section's two) ... + 今日判断, 摘要
    assert run["tokens"]["calls"] == len(fake_llm.chat_requests())
