"""The sources measure (`python -m draftbot.evals.sources`) on its own set and on a tiny one."""

from __future__ import annotations

from pathlib import Path

from draftbot.evals.sources import main, score_folder

BUILD = Path(__file__).resolve().parents[1] / "evals" / "sources" / "shapes"


def test_the_build_set_reads_at_least_95_percent_of_each_field():
    score = score_folder(BUILD)
    assert len(score.files) >= 45
    assert not [f.file for f in score.files if f.refused]
    for field in ("title", "publisher", "date", "body"):
        ok, n = score.rate(field)
        assert ok / n >= 0.95, (field, [f.file for f in score.files if not f.ok[field]])


def test_scores_count_misses_dirty_bodies_and_refusals(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("某地发布统计数据\n2025-06-09　来源：某某统计局\n5月份工业增加值增长5.8%。\n首页 新闻 数据 政务公开 互动交流\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "expected.yaml").write_text(
        "a.txt: {shape: t, title: 某地发布统计数据, publisher: 别的局, date: 2025-06-09, body: 增长5.8%, not_in_body: [政务公开]}\n"
        "b.txt: {shape: t, title: x, body: y}\n",
        encoding="utf-8",
    )
    score = score_folder(tmp_path)
    a, b = score.files
    assert a.ok == {"title": True, "publisher": False, "date": True, "body": True}
    assert b.refused == "empty file" and not any(b.ok.values())
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "title      1/2 = 50.0%" in out and "REFUSED b.txt: empty file" in out and "MISS a.txt publisher" in out
