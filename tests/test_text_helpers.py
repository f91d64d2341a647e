"""One home for two small concepts: character-bigram similarity and a YYYY-MM-DD day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from draftbot.errors import UserError
from draftbot.text.dates import iso_day
from draftbot.text.similarity import bigram_similarity, char_bigrams, share

SRC = Path(__file__).resolve().parent.parent / "src" / "draftbot"


def test_bigrams_and_their_shares():
    assert char_bigrams("出口额") == {"出口", "口额"}
    assert char_bigrams("猪") == {"猪"} and char_bigrams("猪", single=False) == set() and char_bigrams("") == set()
    assert share({"出口", "口额"}, {"出口"}) == 0.5 and share(set(), {"出口"}) == 0.0
    # a draft may name more than the source (or less): the better of the two shares
    assert bigram_similarity("知识密集型服务出口", "知识密集型服务出口占服务出口比重") == 1.0
    assert bigram_similarity("进口", "出口") == 0.0 and bigram_similarity("", "出口") == 0.0
    assert 0 < bigram_similarity("规模以上工业增加值", "工业增加值") <= 1.0


def test_a_day_is_parsed_in_one_place_with_one_error_line():
    assert iso_day("2026-06-04") == dt.date(2026, 6, 4) == iso_day(dt.date(2026, 6, 4)) == iso_day(" 2026-06-04 ")
    assert iso_day(None) is None
    with pytest.raises(UserError, match=r"^--since 'May 11' is not a date: expected YYYY-MM-DD$"):
        iso_day("May 11", "--since")
    with pytest.raises(UserError, match=r"^date '2026-02-30' is not a date"):
        iso_day("2026-02-30")


def test_no_second_copy_of_either_helper():
    pair_comprehension = re.compile(r"\[i ?: ?i ?\+ ?2\] for i in range\(len\(")
    own = {SRC / "text" / "similarity.py", SRC / "text" / "dates.py",
           SRC / "index" / "lexical.py"}  # the BM25 tokenizer keeps every bigram in order, a list
    copies = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if p not in own
              and (pair_comprehension.search(t := p.read_text(encoding="utf-8"))
                   or re.search(r"fromisoformat\([^)]*\)\n\s*except ValueError:\n\s*raise UserError", t))]
    assert copies == []
