"""End to end: ingest the sample day, `draftbot draft` with the extractive backend, verify the result."""

from __future__ import annotations

import json
import re
import time

import pytest
from typer.testing import CliRunner

from draftbot.cli import app
from tests.draft_fixtures import DAY, figures_found, sample_store, use_sample_store  # noqa: F401

runner = CliRunner()


def _draft(tmp_path, *args: str):
    out = tmp_path / "briefing.md"
    res = runner.invoke(app, ["draft", "--date", DAY, "-o", str(out), "--quiet", *args])
    return res, out


@pytest.fixture(scope="module")
def sample_draft(tmp_path_factory, sample_store):
    """One extractive draft of the sample day, shared by the assertions below."""
    import os

    tmp = tmp_path_factory.mktemp("draft")
    old = os.environ.get("DRAFTBOT_STORE")
    os.environ["DRAFTBOT_STORE"] = str(sample_store)
    try:
        for k in ("OPENAI_API_KEY", "DRAFTBOT_API_KEY"):
            os.environ.pop(k, None)
        t0 = time.monotonic()
        res, out = _draft(tmp)
        seconds = time.monotonic() - t0
    finally:
        if old is None:
            os.environ.pop("DRAFTBOT_STORE", None)
        else:
            os.environ["DRAFTBOT_STORE"] = old
    assert res.exit_code == 0, res.output
    return {"stdout": res.output, "md": out.read_text(encoding="utf-8"), "json": out.with_suffix(".json"),
            "path": out, "seconds": seconds}


def _sections(md: str) -> list[str]:
    return re.findall(r"^## (.+)$", md, flags=re.M)


def test_draft_has_the_seed_layout(sample_draft):
    md = sample_draft["md"]
    assert md.startswith("# 新质生产力每日动态\n")
    assert "中国高技术产业发展促进会新质生产力工作委员会" in md
    assert "\n2026 年 6 月 5 日\n" in md  # dated the day after the sources
    heads = _sections(md)
    assert heads[0] == "摘要"
    topical = [h for h in heads if re.match(r"^[一二三四五六七]、", h) and "今日判断" not in h]
    assert 3 <= len(topical) <= 6  # the brief's section range; planned from the day's sources
    assert heads[-2] == f"{'一二三四五六七'[len(topical)]}、今日判断"  # the plain label, offline
    assert heads[-1] == "参考文献"
    # every section has text
    for block in re.split(r"^## .+$", md, flags=re.M)[1:-1]:
        assert block.strip(), "empty section"


def test_draft_says_it_is_extractive(tmp_path, use_sample_store):
    out = tmp_path / "b.md"
    res = runner.invoke(app, ["draft", "--date", DAY, "-o", str(out)])  # status on stderr (none with -q)
    assert res.exit_code == 0, res.output
    assert "backend: extractive (no LLM; sentences selected from the sources)" in res.stderr
    assert res.stdout == ""


def test_draft_passes_the_verifier(sample_draft, use_sample_store):
    from draftbot.config import load_settings
    from draftbot.index.store import open_store
    from draftbot.verify import SourceLibrary, check_markdown

    with open_store(load_settings()) as st:
        result = check_markdown(sample_draft["md"], SourceLibrary.from_store(st))
    assert result.findings == [], [f.detail for f in result.findings]
    assert result.stats.numbers_checked > 30
    assert result.stats.references_resolved == result.stats.references


def test_references_are_the_days_sources_only(sample_draft):
    md = sample_draft["md"]
    refs = re.findall(r"^(\d+)\. (.+)$", md.split("## 参考文献", 1)[1], flags=re.M)
    assert [int(n) for n, _ in refs] == list(range(1, len(refs) + 1))
    for _, line in refs:
        m = re.search(r"，(\d{4}-\d{2}-\d{2})，", line)
        assert m, line
        allowed = m.group(1) in ("2026-06-04", "2026-06-03") or any(
            t in line for t in ("关于举办2026年“数据要素×”大赛的通知", "三年行动计划")
        )
        assert allowed, f"distractor in 参考文献: {line}"
    for distractor in ("2026-05-19", "2026-05-25", "2026-05-28", "2025-05-16", "Stocks edge up"):
        assert distractor not in md
    # every [n] used in the text has a reference line, and every reference is used
    body = md.split("## 参考文献", 1)[0]
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert used == {int(n) for n, _ in refs}


def test_draft_carries_most_seed_figures(sample_draft):
    found, missing = figures_found(sample_draft["md"])
    print(f"seed key figures found: {found}/19; missing: {missing}; wall {sample_draft['seconds']:.1f}s")
    assert found / 19 >= 0.7, missing


def test_every_number_in_the_body_is_cited(sample_draft):
    md = sample_draft["md"]
    body = md.split("## 摘要", 1)[1].split("## 参考文献", 1)[0]
    for para in body.split("\n\n"):
        if para.startswith("##") or not para.strip():
            continue
        for sent in re.split(r"(?<=[。；])", para):
            if re.search(r"\d", re.sub(r"\[\d+\]", "", sent)):
                assert re.search(r"\[\d+\]", sent), f"uncited number: {sent}"


def test_provenance_json(sample_draft, use_sample_store):
    from draftbot.config import load_settings
    from draftbot.index.store import open_store

    prov = json.loads(sample_draft["json"].read_text(encoding="utf-8"))
    assert prov["backend"] == "extractive" and prov["model"] is None and prov["cost_usd"] is None
    assert prov["date"] == DAY and prov["dated"] == "2026-06-05" and prov["brief"]["id"] == "xinzhi-daily"
    assert prov["tokens"]["evidence"] > 0
    assert len(prov["allowed_source_ids"]) == 10  # 8 of the day (+1 the evening before) + 2 background policies
    kinds = [s["kind"] for s in prov["sections"]]
    assert kinds[0] == "summary" and kinds[-1] == "synthesis"
    assert kinds.count("section") == len(prov["outline"]["sections"]) >= 3
    assert prov["outline"]["planner"] == "offline" and prov["source_report"][0].startswith("sources: ")
    refs = {r["n"]: r for r in prov["references"]}
    n_clauses = 0
    spans = []
    for sec in prov["sections"]:
        for para in sec["paragraphs"]:
            for c in para["clauses"]:
                n_clauses += 1
                for src in c["sources"]:
                    assert src["source_id"] in prov["allowed_source_ids"]
                    assert refs[src["n"]]["source_id"] == src["source_id"]
                    assert src["chunk_id"].startswith(src["source_id"])
                    assert 0 <= src["start"] <= src["end"]
                    assert src["path"] and src["title"]
                    if src["via"] == "text" and sec["kind"] == "section":
                        spans.append((c["text"], src))
    assert n_clauses >= 20
    # extractive section clauses are quoted from the cited span of the source text
    with open_store(load_settings()) as st:
        for text, src in spans:
            assert text.rstrip("。；") in st.source_text(src["source_id"])[src["start"] : src["end"]]


def test_no_overwrite_without_force(tmp_path, use_sample_store):
    out = tmp_path / "briefing.md"
    out.write_text("editor's copy\n", encoding="utf-8")
    res, _ = _draft(tmp_path)
    assert res.exit_code == 2
    assert str(out) in res.output and "--force" in res.output
    assert out.read_text(encoding="utf-8") == "editor's copy\n"
    assert not out.with_suffix(".json").exists()
    res, _ = _draft(tmp_path, "--force")
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("# 新质生产力每日动态")
    # the provenance file is protected as well
    out.unlink()
    res, _ = _draft(tmp_path)
    assert res.exit_code == 2 and "briefing.json" in res.output
    assert not out.exists()


def test_unknown_date_names_nearest_dates(tmp_path, use_sample_store):
    res = runner.invoke(app, ["draft", "--date", "2026-06-10", "-o", str(tmp_path / "b.md"), "--quiet"])
    assert res.exit_code == 2
    line = res.output.strip()
    assert "\n" not in line and "2026-06-10" in line and "2026-06-04" in line
    assert not (tmp_path / "b.md").exists()


def test_bad_date_is_one_line(tmp_path, use_sample_store):
    res = runner.invoke(app, ["draft", "--date", "June 4", "-o", str(tmp_path / "b.md")])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output and "Traceback" not in res.output


def test_openai_backend_without_key(tmp_path, use_sample_store):
    res = runner.invoke(app, ["draft", "--date", DAY, "--backend", "openai", "-o", str(tmp_path / "b.md")])
    assert res.exit_code == 2
    assert "OPENAI_API_KEY" in res.output and res.output.count("\n") == 1
    assert not (tmp_path / "b.md").exists()


def test_empty_store_says_ingest_first(tmp_path):
    res = runner.invoke(app, ["draft", "--date", DAY, "-o", str(tmp_path / "b.md")])
    assert res.exit_code == 2 and "ingest" in res.output and DAY in res.output


def test_docx_reopens_with_headings_and_references(tmp_path, use_sample_store):
    from docx import Document

    out = tmp_path / "briefing.docx"
    res = runner.invoke(app, ["draft", "--date", DAY, "--format", "docx", "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styles[0] == ("Title", "新质生产力每日动态")
    heads = [t for s, t in styles if s == "Heading 1"]
    n = len(json.loads(out.with_name("briefing.docx.json").read_text(encoding="utf-8"))["outline"]["sections"])
    assert heads[0] == "摘要" and heads[-1] == "参考文献" and len(heads) == n + 3
    assert heads[-2] == f"{'一二三四五六七'[n]}、今日判断"
    after = [t for s, t in styles[styles.index(("Heading 1", "参考文献")) + 1 :]]  # (not its 目录 line)
    assert after and all(re.match(rf"^{i}\. ", t) for i, t in enumerate(after, 1))
    assert out.with_name("briefing.docx.json").exists()  # beside a briefing.md's briefing.json, not over it
    # the verifier reads the DOCX back: still clean
    from draftbot.config import load_settings
    from draftbot.index.store import open_store
    from draftbot.verify import SourceLibrary, check_file

    with open_store(load_settings()) as st:
        assert check_file(out, SourceLibrary.from_store(st)).findings == []


def test_concurrency_gives_the_same_draft(tmp_path, use_sample_store):
    from draftbot.config import load_settings
    from draftbot.draft.pipeline import run_draft

    outs = []
    for workers in (1, 4):
        out = tmp_path / f"b{workers}.md"
        run_draft(load_settings(concurrency=workers), DAY, out=out, quiet=True)
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]


@pytest.mark.parametrize("raw, kept", [
    ("新华社哈尔滨10月20日电 眼下，北方玉米主产区秋收进入高峰，收获进度已经过半。", "眼下，北方玉米主产区秋收进入高峰，收获进度已经过半。"),
    ("新华社北京6月4日电（记者 张三 李四）国家统计局4日发布数据显示，5月份工业增加值增长6.1%。",
     "国家统计局4日发布数据显示，5月份工业增加值增长6.1%。"),
    ("本报讯 记者从市统计局获悉，全市规模以上工业增加值增长5%。", "记者从市统计局获悉，全市规模以上工业增加值增长5%。"),
    ("BEIJING, June 7 (Reuters) - China's exports grew faster than expected in May, customs data showed.",
     "China's exports grew faster than expected in May, customs data showed."),
    ("NEW YORK, Aug. 16 (Reuters) - Stocks rose on Friday.", "Stocks rose on Friday."),
    # a sentence that opens with its date is news, not a dateline
    ("6月4日，2026年“数据要素×”大赛重庆分赛正式拉开帷幕。", "6月4日，2026年“数据要素×”大赛重庆分赛正式拉开帷幕。"),
])
def test_a_wire_dateline_is_not_quoted_as_news(raw, kept):
    from draftbot.backends.extractive import _clean

    assert _clean(raw) == kept


@pytest.mark.parametrize("raw", [
    "附注：规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。",
    "资料来源：国家统计局、海关总署公开发布的月度数据。",
    "注：本表数据为初步统计数，部分指标合计数因四舍五入略有差异。",
])
def test_a_release_footnote_is_not_quoted_as_news(raw):
    from draftbot.backends.extractive import _clean

    assert _clean(raw) is None


def test_a_summary_lead_drops_its_paragraph_signpost():
    from draftbot.backends.base import ClauseOut, ParagraphOut, SectionOut, SummaryTask
    from draftbot.backends.extractive import ExtractiveDrafter

    class Drafted:  # what summarize reads of a drafted section
        def __init__(self, texts):
            self.heading = "汽车"
            self.out = SectionOut(paragraphs=[ParagraphOut(clauses=[ClauseOut(text=t, cites=[1]) for t in texts])])

    task = SummaryTask.model_construct(sections=[Drafted(["出口方面，6月新能源汽车出口31.2万辆，同比增长38%。"])],
                                       evidence=[], summaries={}, target_chars=120, guidance="")
    out = ExtractiveDrafter().summarize(task)
    assert [c.text for c in out.clauses()] == ["6月新能源汽车出口31.2万辆，同比增长38%。"]


def test_an_english_headline_line_is_not_quoted_as_a_sentence():
    from draftbot.backends.extractive import _clean

    assert _clean("China's May exports beat forecasts as shipments to Asia climb") is None
    assert _clean("Exports to Asia climbed 15.2%, while shipments to the EU slipped 1.1%.") is not None


def test_a_table_copied_as_tab_separated_text_is_not_quoted_as_a_sentence(tmp_path):
    # a release page copied as text keeps its table as cells between tabs; its rows are no prose
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "release.txt").write_text(
        "湖南省统计局\n\n前三季度全省工业生产平稳增长\n\n2026-10-21 10:00　来源：湖南省统计局\n\n"
        "前三季度，全省规模以上工业增加值同比增长6.8%，其中9月份增长7.2%。\n\n"
        "指标\t1-9月\t同比增长(%)\n规模以上工业增加值\t—\t6.8\n社会消费品零售总额（亿元）\t15230.4\t5.1\n\n"
        "市场销售稳中有升。前三季度，全省社会消费品零售总额15230.4亿元，同比增长5.1%。\n", encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "d.md"
    run = lambda *a: subprocess.run([sys.executable, "-m", "draftbot.cli", *a, "--store", str(store)],  # noqa: E731
                                    capture_output=True, text=True)
    assert run("ingest", str(docs), "-q").returncode == 0
    p = run("draft", "--date", "2026-10-21", "--backend", "extractive", "-o", str(out), "-q")
    assert p.returncode == 0, p.stderr
    md = out.read_text(encoding="utf-8")
    assert "15230.4亿元，同比增长5.1%" in md  # the prose after the table is still told
    assert "\t" not in md and "指标" not in md and "同比增长(%)" not in md


def test_a_sentence_breaking_down_the_one_before_is_told_only_after_it():
    # 其中，出口… details the sentence before it: alone (its total left out) it says nothing, so it
    # waits for that sentence and is dropped when the sentence is not told
    from draftbot.backends.extractive import Candidate, ExtractiveDrafter, features, has_figure

    def cand(text, pos, score, sid="customs"):
        return Candidate(text, 1, sid, (1, pos), features(text), has_figure(text), score=score)

    total = cand("以美元计价，11月份全省进出口595亿美元，增长4.7%。", 0, 1.0)
    part = cand("其中，出口417亿美元，增长6.8%，增速比上月加快2.4个百分点，创年内新高。", 30, 2.0)
    other = cand("跨境电商进出口3560亿元，增长12.4%，占全省外贸总值的比重提高到8.5%。", 80, 1.5)
    pick = ExtractiveDrafter()._select
    # room for two sentences: the detail's own sentence is told before it, or the detail goes
    chosen = pick([total, part, other], target_chars=60)
    assert part not in chosen or chosen.index(total) < chosen.index(part), [c.text for c in chosen]
    # its sentence not in the evidence at all (a chunk starting at 其中): never told
    assert [c.text for c in pick([part, other], target_chars=200)] == [other.text]
    # with room for all, all are told, the detail after its total
    chosen = pick([total, part, other], target_chars=400)
    assert {c.text for c in chosen} == {total.text, part.text, other.text} and chosen.index(total) < chosen.index(part)


def test_two_periods_of_one_indicator_are_two_facts_not_duplicates():
    # the month's rate and the year-to-date rate share their words: both are told; a sentence
    # repeating a chosen one's figures in its words is not
    from draftbot.backends.extractive import Candidate, ExtractiveDrafter, features, has_figure

    def cand(text, pos, score, sid="nbs"):
        return Candidate(text, 1, sid, (1, pos), features(text), has_figure(text), score=score)

    cumulative = cand("1—10月份，全国规模以上工业增加值同比增长5.7%。", 0, 1.5)
    month = cand("10月份，全国规模以上工业增加值同比增长5.3%，比上月加快0.4个百分点。", 40, 1.4)
    again = cand("10月份全国规模以上工业增加值同比增长5.3%。", 90, 1.3, sid="paper")
    chosen = ExtractiveDrafter()._select([cumulative, month, again], target_chars=400)
    assert [c.text for c in chosen] == [cumulative.text, month.text]
