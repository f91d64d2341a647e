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
