"""The loader's notes travel with the source: `ingest` reports each added source's warnings
(`IngestReport.warnings`, printed by the command as WARNING lines) and stores origin, warnings and
size with the source record, so `draftbot sources --json` reads them from the store. No side file
through an environment variable."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.config import load_settings
from draftbot.index.store import open_store

runner = CliRunner()

WIRE = """---
title: Lantern Bay port throughput climbs in July
publisher: Reuters
date: 2026-08-12
lang: en
kind: news
---

Container throughput at Lantern Bay rose 6.2% in July from a year earlier, the port authority said.
Operators credited new feeder routes and longer opening hours at the two outer terminals.
"""

RELEASE = """---
title: 2026年7月份灯湾港口生产情况
publisher: 灯湾市交通运输局
date: 2026-08-12
---

7月份，全港完成集装箱吞吐量48.3万标准箱，同比增长6.2%。
"""


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "day"
    d.mkdir()
    (d / "wire.md").write_text(WIRE, encoding="utf-8")
    (d / "release.md").write_text(RELEASE, encoding="utf-8")
    return d


@pytest.mark.parametrize("workers", [False, True])
def test_ingest_reports_and_stores_the_loader_notes(tmp_path, corpus, monkeypatch, workers):
    import draftbot.index.ingest as ingest_mod

    if workers:  # the notes come back from a worker process with its result
        monkeypatch.setattr(ingest_mod, "PARALLEL_MIN", 1)
        monkeypatch.setenv("DRAFTBOT_INGEST_WORKERS", "1")
    side = tmp_path / "side.jsonl"
    monkeypatch.setenv("DRAFTBOT_SOURCE_LOG", str(side))  # the old channel: no longer written
    store = tmp_path / "store"
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        report = ingest_mod.ingest([corpus], st)
        assert [(f.path.endswith("wire.md"), f.reason) for f in report.warnings] == [(True, "English with no Chinese summary")]
        recs = {r.title: r for r in st.sources()}
    wire = recs["Lantern Bay port throughput climbs in July"]
    assert wire.warnings == ["English with no Chinese summary"] and wire.origin["title"] == "front matter"
    assert wire.size == len(WIRE.encode("utf-8"))
    assert recs["2026年7月份灯湾港口生产情况"].warnings == []
    assert not side.exists() and not (store / "source-notes.jsonl").exists()

    # a second run adds nothing, so it warns about nothing; the record keeps its notes
    with open_store(load_settings(store=store), write=True, quiet=True) as st:
        assert ingest_mod.ingest([corpus], st).warnings == []
        assert st.get_source(wire.id).warnings == ["English with no Chinese summary"]


def test_cli_prints_warnings_and_sources_json_reads_the_record(tmp_path, corpus):
    store = tmp_path / "store"
    res = runner.invoke(app, ["ingest", str(corpus), "--store", str(store), "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.stdout == "added 2 · updated 0 · unchanged 0 · removed 0 · failed 0\n"
    assert [ln for ln in res.stderr.splitlines() if ln.startswith("WARNING ")] == [
        f"WARNING {corpus / 'wire.md'}: English with no Chinese summary"]
    (corpus / "wire.md").unlink()  # the listing must not need the file: the record has the notes
    res = runner.invoke(app, ["sources", "--store", str(store), "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["title"]: r for r in json.loads(res.stdout)}
    wire = rows["Lantern Bay port throughput climbs in July"]
    assert wire["warnings"] == ["English with no Chinese summary"] and wire["origin"]["date"] == "front matter"
    assert wire["size"] == len(WIRE.encode("utf-8"))
