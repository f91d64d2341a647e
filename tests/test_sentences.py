import pytest

from draftbot.text.sentences import split_sentences
from draftbot.text.tokens import count_tokens, estimate_tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        ("增长到 41.7 万亿元[1]；占比 28% 以上。[2]", ["增长到 41.7 万亿元[1]；", "占比 28% 以上。[2]"]),
        ("他说：“很好。”然后继续。", ["他说：“很好。”", "然后继续。"]),
        ("年均增长 4.7%，不拆。", ["年均增长 4.7%，不拆。"]),
        ("U.S. stocks fell 1.8% on Monday. Brent was at $71.40 a barrel.", ["U.S. stocks fell 1.8% on Monday.", "Brent was at $71.40 a barrel."]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("真的吗？！是的……好", ["真的吗？！", "是的……", "好"]),
        ("首次突破 50 万亿元。[2][3] 下一句。", ["首次突破 50 万亿元。[2][3]", "下一句。"]),
        ("1. 国家统计局，《报告》，2026-06-04。", ["1. 国家统计局，《报告》，2026-06-04。"]),
        ("   ", []),
    ],
)
def test_split(text, expected):
    spans = split_sentences(text)
    assert [s.text for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_token_estimate_counts_cjk_per_char():
    assert estimate_tokens("工业增加值") == 6
    assert estimate_tokens("abcdefghij") == 3
    assert count_tokens("工业增加值 41.7 万亿元") > 0


def test_period_after_a_line_break_is_not_an_initial():
    # The old look-behind regex let `$` match before the newline, so "J\n." read as an initial.
    assert [s.text for s in split_sentences("J\n. Next one.")] == ["J", ".", "Next one."]


def test_abbreviations_and_initials_still_hold_in_long_text():
    text = "Mr. Lane met J. Smith in the U.S. on Monday. Output rose 4.7%. " * 2000
    spans = split_sentences(text)
    assert len(spans) == 4000
    assert spans[0].text == "Mr. Lane met J. Smith in the U.S. on Monday."
    assert all(text[s.start : s.end] == s.text for s in spans)
