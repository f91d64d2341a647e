"""A check frames a cited source's figures as its claims ask for them (near their values, the
one a differing note quotes), never the whole source for one claim; the findings are those a
reading of every figure gives."""

from __future__ import annotations

import datetime as dt

from draftbot.models import SourceRecord
from draftbot.verify import SourceLibrary, check_markdown

# a release with many figures in several units (what a statistics release looks like)
RELEASE = "".join(
    f"{month}月份，全省规模以上工业增加值同比增长{4 + month / 10:.1f}%，"
    f"社会消费品零售总额{900 + month * 130}亿元，同比增长{2 + month / 5:.1f}%；"
    f"发电量{300 + month * 7}亿千瓦时，新能源汽车产量{10 + month}万辆。"
    for month in range(1, 13))
NEWS = "记者从省统计局获悉，3月份全省规模以上工业增加值同比增长4.5%，新能源汽车产量13万辆，同比增长21%。"


def _lib() -> SourceLibrary:
    day = dt.date(2026, 4, 16)
    return SourceLibrary.from_pairs([
        (SourceRecord(id="r", title="2026年全省经济运行情况", publisher="省统计局", date=day, path="r.md"), RELEASE),
        (SourceRecord(id="n", title="全省工业生产稳中有进", publisher="省日报", date=day, path="n.md"), NEWS),
    ])


DRAFT = ("# 每日简报\n\n2026 年 4 月 16 日\n\n## 一、工业\n\n"
         "3月份，全省规模以上工业增加值同比增长4.3%[1]，社会消费品零售总额1290亿元[1]。"
         "新能源汽车产量13万辆[2]，发电量999亿千瓦时[1]。\n\n## 参考文献\n\n"
         "1. 省统计局，《2026年全省经济运行情况》，2026-04-16\n2. 省日报，《全省工业生产稳中有进》，2026-04-16\n")


def test_a_check_frames_the_figures_its_claims_ask_for_and_finds_the_same():
    lazy, whole = _lib(), _lib()
    for e in whole.entries.values():
        e.facts  # noqa: B018 - every figure framed before the check
    got, want = check_markdown(DRAFT, lazy), check_markdown(DRAFT, whole)
    assert got.model_dump() == want.model_dump()
    assert [(f.kind, f.number) for f in got.findings] == [("unsupported_number", "999亿千瓦时")]
    assert "differing_sources" in {n.kind for n in got.notes}  # 4.3% against the paper's 4.5%
    release = lazy.get("r")
    assert release._facts is None and 0 < len(release._framed) < len(release.mentions) / 2
    # asked afterwards, the whole reading is the same facts (the framed ones kept)
    assert release.facts == whole.get("r").facts
    assert all(release._framed[id(f.mention)] is f for f in release.facts)


def test_qualified_and_rival_checks_frame_only_the_figures_they_weigh():
    """超过/近 figures are weighed against the cited figures of their unit near them (a closer one
    with a better subject), and a figure against the other values of its unit (a rival subject):
    the mentions those checks would skip by kind, unit and value are never framed."""
    draft = ("# 每日简报\n\n2026 年 4 月 16 日\n\n## 一、消费\n\n"
             "3月份，社会消费品零售总额超过1200亿元[1]，规模以上工业增加值同比增长4.3%[1]。\n\n## 参考文献\n\n"
             "1. 省统计局，《2026年全省经济运行情况》，2026-04-16\n")
    lazy, whole = _lib(), _lib()
    for e in whole.entries.values():
        e.facts  # noqa: B018
    got, want = check_markdown(draft, lazy), check_markdown(draft, whole)
    assert got.model_dump() == want.model_dump()
    release = lazy.get("r")
    framed = {f.mention.text for f in release._framed.values()}
    assert release._facts is None and "1290亿元" in framed  # weighed: within 1.6× of 1200亿元
    assert not framed & {"2070亿元", "2460亿元"}  # too far from 1200亿元 to be a closer figure
