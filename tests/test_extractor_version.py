"""`text.numbers.EXTRACTOR_VERSION` keys every index of extracted mentions (the mention table built
at ingest). It is an explicit constant, not a hash of source files, so an edit that changes nothing
read (a comment, a refactor) keeps the tables; an edit that changes what is read must bump it.
This test holds that: it reads a sample text covering the extractor's cases and compares the rows
with the fingerprint recorded for the current version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from draftbot.models import SourceRecord
from draftbot.text.numbers import EXTRACTOR_VERSION
from draftbot.verify.library import SourceEntry

# invented sentences: scales, Chinese numerals, qualifiers, ranges, dates, percents, multiples
SAMPLE = (
    "2026年1—7月份，全省规模以上工业增加值同比增长5.9%，比上半年加快0.2个百分点。"
    "全省锂离子电池产量3.41亿只，增长17.2%；新能源汽车产量约12.5万辆，是上年同期的1.6倍。"
    "截至7月底，累计建成5G基站8.6万个以上，近三成县城实现千兆光网覆盖。"
    "进出口总值812.6亿元，其中出口五百三十六亿元，增长百分之七点八。"
    "Exports rose 7.8% to $7.4 billion in July, the bureau said on Aug. 16, 2026."
    "超过一半的县城秋收已经过半，过七成的企业举办过3届展会。"
)
# version -> sha256 of the rows; a new version adds its line (the old lines record history)
FINGERPRINTS = {
    1: "191383e6e1dadf7bb7ceb087ebe3b9ad512aff33077c347a4612d76f74e29651",
    2: "d59e68533df83e1fbbfada177b66426c24340e77fdff17b8161b3a7bb18db119",  # "Aug. 16, 2026." is one date
    3: "53356a506ad17a0564f5912e1b82d853f13a1258ebc38616339ca3a99d89ff87",  # 一半, 半数, 过半 are shares; 过七成 is more than 70%
    # 二十五千克 is 25 千克, 一百十一, 三五百 a range, A$/JPY¥ their own currencies, 亿度 kWh (not in the sample)
    4: "53356a506ad17a0564f5912e1b82d853f13a1258ebc38616339ca3a99d89ff87",
    # "the first 11 months" is 1—11月; PB/EB, EFLOPS, Gbps are units (not in the sample)
    5: "53356a506ad17a0564f5912e1b82d853f13a1258ebc38616339ca3a99d89ff87",
    # "the 2.9-percent gain", "a 0.5-percentage-point rise" are percents and points (not in the sample)
    6: "53356a506ad17a0564f5912e1b82d853f13a1258ebc38616339ca3a99d89ff87",
    # a sentence may open with its month: "In December alone, …" is a date
    7: "53356a506ad17a0564f5912e1b82d853f13a1258ebc38616339ca3a99d89ff87",
}


def rows_digest() -> str:
    rec = SourceRecord(id="s" * 16, title="2026年7月份青川省经济运行情况", publisher="青川省统计局",
                       date=dt.date(2026, 8, 15), path="x.md")
    rows = SourceEntry(record=rec, _text=SAMPLE).rows
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, default=str).encode()).hexdigest()


def test_extraction_changes_only_with_a_new_version():
    got = rows_digest()
    assert FINGERPRINTS.get(EXTRACTOR_VERSION) == got, (
        f"what text.numbers reads from the sample changed (rows sha256 {got}): bump EXTRACTOR_VERSION "
        f"in text/numbers.py and add {{{EXTRACTOR_VERSION + 1}: '{got}'}} to FINGERPRINTS"
    )
