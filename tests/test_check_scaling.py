"""`check` on a paragraph of thousands of figures grows linearly (issue 16): each figure's claim
frame and derivation look at its neighbours only, and a finding's printed sentence is capped."""

from __future__ import annotations

import time

from verify_fixtures import small_library

from draftbot.verify import check_markdown

UNIT = "１２３，４５６．７８％，增长"
REFS = "\n\n## 参考文献\n\n1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于核验。\n"


def _draft(n: int) -> str:
    return "# 新质生产力每日动态\n\n## 一、测试\n\n" + UNIT * n + "[1]。" + REFS


def _secs(md: str, lib) -> float:
    t0 = time.perf_counter()
    res = check_markdown(md, lib)
    assert len(res.findings) >= 2  # every figure is unsupported: the check really ran
    return time.perf_counter() - t0


def test_check_time_grows_linearly_with_the_figures_of_one_paragraph():
    lib = small_library()
    _secs(_draft(50), lib)  # warm imports and caches
    seen = []
    for _ in range(3):  # shared cores: a quadratic check fails every try
        small = min(_secs(_draft(400), lib) for _ in range(2))
        big = min(_secs(_draft(800), lib) for _ in range(2))
        seen.append((round(small, 2), round(big, 2)))
        if big <= 2.5 * small + 0.2:
            return
    raise AssertionError(f"doubling the figures cost more than 2.5x: {seen}")


def test_printed_findings_quote_at_most_a_capped_sentence():
    from draftbot.commands.check import SENTENCE_SHOWN, finding_json

    res = check_markdown(_draft(200), small_library())
    shown = [finding_json(f) for f in res.findings]
    assert all(len(d["sentence"]) <= SENTENCE_SHOWN + 1 for d in shown)
    assert all(d.get("sentence_truncated") for d in shown)


# Issue 27: a sentence of figures its source *supports* (and a source holding as many figures as
# the draft) was quadratic: each figure scanned every fact of the cited source for its value, its
# "did you mean" and its loose approximation. Chinese full-width and English, supported and not.
_FW = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _long_case(lang: str, supported: bool, chars: int):
    import datetime as dt

    from draftbot.models import SourceRecord
    from draftbot.verify.library import SourceLibrary

    zh = lang == "zh"
    piece = (lambda i: f"产量为{1000 + i * 3}.{i % 10}万吨，") if zh else (lambda i: f"output rose {1000 + i * 3}.{i % 10} tonnes, ")
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append(piece(len(parts)))
    source = ("。" if zh else ". ").join(p.strip("， ,") for p in parts) + "。"
    claimed = parts if supported else [piece(i + 100000) for i in range(len(parts))]
    sentence = "".join(claimed)
    if zh:
        sentence = sentence.translate(_FW)
    rec = SourceRecord(id="s1", title="测试来源标题", publisher="国家统计局", date=dt.date(2026, 6, 4),
                       path="s1.md", lang=lang)
    md = ("# 标题\n\n## 一、测试\n\n" + sentence + "[1]。\n\n## 参考文献\n\n"
          "1. 国家统计局，《测试来源标题》，2026-06-04，用于核验。\n")
    return md, SourceLibrary.from_pairs([(rec, source)]), len(parts)


def _cold_caches() -> None:
    """Empty the verifier's per-sentence caches: a repeat of the same draft would otherwise be
    answered from them, and the test would time a cache (fast below its size, slow above it)
    instead of the check."""
    import sys

    for name, mod in list(sys.modules.items()):
        if name.startswith("draftbot."):
            for fn in list(vars(mod).values()):
                if callable(getattr(fn, "cache_clear", None)) and getattr(fn, "__module__", "") == name:
                    fn.cache_clear()


def _timed(md: str, lib, figures: int, supported: bool) -> float:
    _cold_caches()
    t0 = time.process_time()  # CPU time of this process: other work on shared cores does not count
    res = check_markdown(md, lib)
    took = time.process_time() - t0
    assert res.stats.numbers_checked >= figures  # every figure was judged
    assert res.stats.numbers_supported == (res.stats.numbers_checked if supported else 0)
    return took


import pytest  # noqa: E402


@pytest.mark.parametrize("lang,supported", [("zh", True), ("zh", False), ("en", True), ("en", False)])
def test_three_doublings_of_one_sentence_stay_linear(lang, supported):
    cases = [_long_case(lang, supported, chars) for chars in (3000, 6000, 12000, 24000)]
    seen = []
    for _ in range(3):  # shared cores: a quadratic check fails every try
        times = [min(_timed(md, lib, n, supported) for _ in range(2)) for md, lib, n in cases]
        ratios = [round(b / max(a, 0.05), 2) for a, b in zip(times, times[1:])]
        seen.append(ratios)
        if all(r <= 2.5 for r in ratios):
            return
    raise AssertionError(f"a doubling cost more than 2.5x: {seen}")
