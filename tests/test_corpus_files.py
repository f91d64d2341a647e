"""The sample corpus, the eval cases and the brief files keep their contracts.

Fast and self-contained: reads the files with PyYAML only, no draftbot imports.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
EVALS = REPO / "evals"

KINDS = {"release", "notice", "policy", "news"}
LANGS = {"zh", "en"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_[a-z0-9][a-z0-9-]*\.md$")

# Titles of the seed briefing's 参考文献 that have a title (the two Reuters items have none there).
SEED_TITLES = {
    "新型工业化迈出坚实步伐新质生产力积蓄强劲动力": "2026-06-04",
    "消费市场扩容提质新发展格局加快构建": "2026-06-04",
    "服务业发展量质齐升现代服务业蓬勃发展": "2026-06-04",
    "2026年5月下旬流通领域重要生产资料市场价格变动情况": "2026-06-04",
    "2026年“数据要素×”大赛重庆分赛启幕": "2026-06-04",
    "2026年“数据要素×”大赛湖北分赛启动": "2026-06-03",
    "关于举办2026年“数据要素×”大赛的通知": "2026-04-27",
    "“数据要素×”三年行动计划（2024—2026年）": "2024-01-04",
}

BRIEF_KEYS = {"id", "title", "org_lines", "date_offset_days", "background", "summary", "section", "plan", "synthesis", "references"}
SECTION_KEYS = {"guidance", "evidence_budget", "evidence_tokens", "target_chars"}
CASE_KEYS = {"name", "description", "corpus", "date", "brief", "required_facts", "forbidden", "thresholds"}
THRESHOLD_KEYS = {"citation_coverage", "citation_precision", "numeric_fidelity", "fact_recall"}


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path}: no front matter"
    end = text.index("\n---\n", 4)
    meta = yaml.safe_load(text[4:end])
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return meta, text[end + 5 :]


def iso(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def source_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def corpus_folders() -> list[Path]:
    return [CORPUS, *sorted(p for p in EVALS.glob("*/corpus") if p.is_dir())]


def case_dirs() -> list[Path]:
    return sorted(p.parent for p in EVALS.glob("*/case.yaml"))


def load_case(case_dir: Path) -> dict:
    return yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))


def case_sources(case_dir: Path) -> dict[str, tuple[dict, str]]:
    """title -> (meta, body) over every corpus folder the case names."""
    out: dict[str, tuple[dict, str]] = {}
    for rel in load_case(case_dir)["corpus"]:
        folder = (case_dir / rel).resolve()
        if (folder / "sources.yaml").is_file():
            # saved pages described by a hand-written sources.yaml: read as ingest reads them
            from draftbot.sources import load_paths

            for src in load_paths([folder]).sources:
                out[src.title] = (src.model_dump(include={"title", "publisher", "date", "lang", "kind"}), src.text)
            continue
        for path in source_files(folder):
            meta, body = split_front_matter(path)
            out[meta["title"]] = (meta, body)
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿|亿|万|trillion|billion|million)?")
_SCALE = {None: 1, "万": 1e4, "亿": 1e8, "万亿": 1e12, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def values(text: str) -> list[float]:
    return [float(m.group(1).replace(",", "")) * _SCALE[m.group(2)] for m in _NUM.finditer(text)]


ALL_SOURCES = [p for folder in corpus_folders() for p in source_files(folder)]


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_front_matter_contract(path: Path):
    meta, body = split_front_matter(path)
    for key in ("title", "publisher", "usage"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), f"{key} missing"
    date = iso(meta.get("date"))
    assert ISO_DATE.match(date), f"date {date!r} is not YYYY-MM-DD"
    dt.date.fromisoformat(date)
    assert meta.get("lang") in LANGS
    assert meta.get("kind") in KINDS
    if "url" in meta:
        assert str(meta["url"]).startswith(("http://", "https://"))
    if "keywords" in meta:
        assert isinstance(meta["keywords"], list) and all(isinstance(k, str) for k in meta["keywords"])
    if "summary" in meta:
        assert isinstance(meta["summary"], str)
    m = FILE_NAME.match(path.name)
    assert m and m.group(1) == date, "file name must be YYYY-MM-DD_slug.md with the source's date"
    assert len(body.strip()) > 200


@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: str(p.relative_to(REPO)))
def test_titles_unique_per_folder(folder: Path):
    titles = [split_front_matter(p)[0]["title"] for p in source_files(folder)]
    assert len(titles) == len(set(titles))


def test_sample_corpus_has_seed_sources_and_distractors():
    metas = [split_front_matter(p)[0] for p in source_files(CORPUS)]
    by_title = {m["title"]: m for m in metas}
    for title, date in SEED_TITLES.items():
        assert title in by_title, f"seed source missing: {title}"
        assert iso(by_title[title]["date"]) == date
    reuters = [m for m in metas if m["publisher"] == "Reuters" and iso(m["date"]) == "2026-06-04"]
    assert len(reuters) == 2 and all(m["lang"] == "en" and m["summary"] and m["keywords"] for m in reuters)
    assert by_title["关于举办2026年“数据要素×”大赛的通知"]["kind"] == "policy"
    assert by_title["“数据要素×”三年行动计划（2024—2026年）"]["kind"] == "policy"
    day_titles = set(SEED_TITLES) | {m["title"] for m in reuters}
    distractors = [m for m in metas if m["title"] not in day_titles]
    assert len(distractors) >= 3 and all(iso(m["date"]) != "2026-06-04" for m in distractors)


@pytest.mark.parametrize("case_dir", case_dirs(), ids=lambda p: p.name)
def test_case_schema(case_dir: Path):
    case = load_case(case_dir)
    assert CASE_KEYS <= set(case), f"missing keys: {CASE_KEYS - set(case)}"
    assert case["name"] == case_dir.name
    assert ISO_DATE.match(iso(case["date"]))
    for rel in case["corpus"]:
        assert (case_dir / rel).is_dir(), f"corpus folder {rel} missing"
    assert case["brief"] == "default" or (case_dir / case["brief"]).is_file()
    assert set(case["thresholds"]) == THRESHOLD_KEYS
    assert all(0 <= float(v) <= 1 for v in case["thresholds"].values())
    assert all({"text", "source"} <= set(f) for f in case["required_facts"])
    assert all({"text", "why"} <= set(f) for f in case["forbidden"] or [])


@pytest.mark.parametrize("case_dir", case_dirs(), ids=lambda p: p.name)
def test_required_facts_stand_in_their_sources(case_dir: Path):
    case = load_case(case_dir)
    sources = case_sources(case_dir)
    for fact in case["required_facts"]:
        assert fact["source"] in sources, f"no source titled {fact['source']!r}"
        meta, body = sources[fact["source"]]
        want = values(fact["text"])
        assert want, f"fact {fact['text']!r} has no number"
        have = values(body)
        assert any(abs(h - want[0]) <= 1e-9 * max(1.0, abs(want[0])) for h in have), (
            f"{fact['text']!r} not found by value in {fact['source']!r}"
        )


def test_sample_day_facts_literally_in_their_sources():
    case = load_case(EVALS / "sample-day")
    assert len(case["required_facts"]) >= 15
    sources = case_sources(EVALS / "sample-day")
    for fact in case["required_facts"]:
        meta, body = sources[fact["source"]]
        assert iso(meta["date"]) <= iso(case["date"])
        assert squash(fact["text"]) in squash(body), f"{fact['text']!r} not in {fact['source']!r}"


@pytest.mark.parametrize("case_dir", case_dirs(), ids=lambda p: p.name)
def test_forbidden_text_absent_from_the_days_sources(case_dir: Path):
    """A forbidden figure must not be writable from the day's own sources (else the case contradicts itself)."""
    case = load_case(case_dir)
    day = iso(case["date"])
    day_text = "".join(squash(body) for meta, body in case_sources(case_dir).values() if iso(meta["date"]) == day)
    for item in case["forbidden"] or []:
        assert squash(item["text"]) not in day_text, f"forbidden {item['text']!r} occurs in a source of {day}"


def test_case_sizes():
    em = load_case(EVALS / "english-markets")
    em_sources = [m for m, _ in case_sources(EVALS / "english-markets").values() if iso(m["date"]) == iso(em["date"])]
    assert len(em_sources) >= 5 and sum(m["lang"] == "en" for m in em_sources) > len(em_sources) / 2
    assert len(em["required_facts"]) >= 8
    cf = load_case(EVALS / "conflicting-figures")
    assert len({f["source"] for f in cf["required_facts"]}) >= 2


BRIEFS = [*sorted((REPO / "briefs").glob("*.yaml")), *sorted(EVALS.glob("*/brief.yaml"))]


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: str(p.relative_to(REPO)))
def test_brief_schema(path: Path):
    brief = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert BRIEF_KEYS <= set(brief), f"missing keys: {BRIEF_KEYS - set(brief)}"
    assert isinstance(brief["org_lines"], list) and brief["org_lines"]
    assert isinstance(brief["date_offset_days"], int)
    assert {"days", "kinds"} <= set(brief["background"]) and set(brief["background"]["kinds"]) <= KINDS
    for part in ("summary", "synthesis"):
        assert {"heading", "guidance", "target_chars"} <= set(brief[part])
    # a format, not a day: a section style and a planning block, no fixed sections
    assert "sections" not in brief
    section = brief["section"]
    assert SECTION_KEYS <= set(section), f"section: missing {SECTION_KEYS - set(section)}"
    for key in ("evidence_budget", "evidence_tokens", "target_chars"):
        assert isinstance(section[key], int) and section[key] > 0
    rng = brief["plan"]["sections"]
    assert 1 <= rng["min"] <= rng["max"]
    assert brief["synthesis"]["heading"] == "今日判断"  # the plain label; no judgement of some day
    refs = brief["references"]
    assert refs["heading"] == "参考文献"
    for field in ("{n}", "{publisher}", "{title}", "{date}", "{usage}"):
        assert field in refs["line"]


def test_default_brief_matches_seed_layout():
    brief = yaml.safe_load((REPO / "briefs" / "xinzhi-daily.yaml").read_text(encoding="utf-8"))
    assert brief["id"] == "xinzhi-daily" and brief["title"] == "新质生产力每日动态"
    assert brief["synthesis"]["heading"] == "今日判断"
    # the seed's four topics survive only as standing themes that name sections when a day has them
    assert [t["name"] for t in brief["plan"]["themes"]] == ["统计数据", "地方政策", "数据要素", "全球市场"]
    assert all(t["keywords"] for t in brief["plan"]["themes"])


@pytest.mark.parametrize("case_dir", case_dirs(), ids=lambda p: p.name)
def test_required_facts_supported_by_the_verifier(case_dir: Path):
    """Each required fact is supported, by draftbot's own number matcher, in the source it names."""
    numbers = pytest.importorskip("draftbot.text.numbers")
    if not all(hasattr(numbers, name) for name in ("extract_numbers", "supports")):
        pytest.skip("draftbot.text.numbers has no extract_numbers/supports")
    sources = case_sources(case_dir)
    for fact in load_case(case_dir)["required_facts"]:
        claims = numbers.extract_numbers(fact["text"])
        assert claims, f"verifier finds no number in {fact['text']!r}"
        body = sources[fact["source"]][1]
        assert any(numbers.supports(claims[0], m) for m in numbers.extract_numbers(body)), (
            f"verifier does not find {fact['text']!r} in {fact['source']!r}"
        )
