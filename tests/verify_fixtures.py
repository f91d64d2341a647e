"""Fixtures for the verifier tests: hand-built libraries and the sample corpus (loaded, or ingested
into a real store once per module)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftbot.models import SourceRecord
from draftbot.verify.library import SourceLibrary

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
CORRECT_DRAFT = REPO / "evals" / "checker" / "correct_draft.md"


def finding_kinds(clause: str, cited: str | list[str], lib: SourceLibrary, **kw) -> list[str]:
    """The kinds of the findings `check_clause` gives `clause` citing `cited` (one source id or
    several), notes left out."""
    from draftbot.verify.numeric import INFORMATIONAL, check_clause

    ids = [cited] if isinstance(cited, str) else list(cited)
    return [f.kind for f in check_clause(clause, ids, lib, **kw) if f.kind not in INFORMATIONAL]


def record(sid: str, title: str, date: str = "2026-06-04", publisher: str = "国家统计局", **kw) -> SourceRecord:
    return SourceRecord(id=sid, title=title, publisher=publisher, date=dt.date.fromisoformat(date), path=f"{sid}.md", **kw)


def small_library() -> SourceLibrary:
    """Three sources: industry (1652万辆…), consumption (50.1万亿元…), last month's release (1625万辆)."""
    return SourceLibrary.from_pairs([
        (record("ind", "新型工业化迈出坚实步伐新质生产力积蓄强劲动力"),
         "2025年，新能源汽车产量为1652万辆，相当于2020年的11.3倍。集成电路产量由2614亿块增加到4843亿块。"
         "我国制造业增加值所占份额保持在28%以上。各地累计培育先进级智能工厂8200多家。"),
        (record("con", "消费市场扩容提质新发展格局加快构建"),
         "2025年，社会消费品零售总额为50.1万亿元，首次突破50万亿元。数字消费规模为25.3万亿元。"),
        (record("apr", "2026年4月份规模以上工业增加值增长5.6%", date="2026-05-19"),
         "2025年5月至2026年4月，新能源汽车产量合计1625万辆。4月份，规模以上工业增加值同比增长5.6%。"),
        (record("reu", "GLOBAL MARKETS-Tech stocks split, oil slides", publisher="Reuters", lang="en",
                url="https://www.reuters.com/markets/wrap-2026-06-04/", summary="路透全球市场综述：油价下跌，黄金上涨"),
         "June 4 (Reuters) - Brent crude fell 1.8% to $71.40 a barrel. Spot gold rose 0.7%."),
    ])


@pytest.fixture
def lib() -> SourceLibrary:
    return small_library()


@pytest.fixture(scope="module")
def corpus_lib() -> SourceLibrary:
    from draftbot.sources import load_paths

    return SourceLibrary.from_sources(load_paths([CORPUS]).sources)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    """The sample corpus ingested into a real (embedded Chroma) store; returns the store folder."""
    from draftbot.config import load_settings
    from draftbot.index.ingest import ingest
    from draftbot.index.store import open_store

    where = tmp_path_factory.mktemp("verify-store")
    with open_store(load_settings(store=where), write=True) as st:
        report = ingest([CORPUS], st)
    assert not report.failed
    return where
