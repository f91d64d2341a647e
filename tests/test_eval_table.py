"""The eval table fits 80 columns (--wide for more), `overall` always shows, case names are never
cut, numbers are in plain notation; a replay run is compared with the replay baseline (issue 25)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from draftbot.cli import app
from draftbot.evals.baseline import Row, _fmt, signed
from draftbot.evals.render import diff_table

EVALS = Path(__file__).resolve().parent.parent / "evals"
runner = CliRunner()


def cells(text: str) -> int:
    """Terminal cells of a line (CJK characters take two)."""
    return sum(2 if re.match(r"[\u3000-\u9fff\uff00-\uffef]", ch) else 1 for ch in text)


def test_plain_notation_for_large_and_small_figures():
    assert (_fmt(32265.0), signed(32265.0), signed(-0.0123), _fmt(0.00001)) == ("32265", "+32265", "-0.0123", "0.00001")
    rows = [Row("overall", "prompt_tokens", 32265.0, 0.0, None, False),
            Row("sample-day", "citation_coverage", 0.9876, 1.0, 0.02, False)]
    buf = io.StringIO()
    Console(file=buf, width=80).print(diff_table(rows, all_rows=True))
    out = buf.getvalue()
    assert "+32265" in out and "-0.0124" in out and not re.search(r"\de[+-]?\d", out)


def test_replay_table_fits_80_columns_and_compares_with_the_replay_baseline(tmp_path):
    cases = tmp_path / "cases"
    for name in ("sample-day", "english-markets", "october-two-topics", "conflicting-figures", "september-mixed"):
        shutil.copytree(EVALS / name, cases / name)
    shutil.copytree(EVALS.parent / "corpus", tmp_path / "corpus")  # sample-day's corpus: ../../corpus
    shutil.copy(EVALS / "baseline.json", cases / "baseline.json")  # the extractive one: not for replay
    r = runner.invoke(app, ["eval", str(cases), "--backend", "replay", "--update-baseline", "-q"])
    assert r.exit_code == 0, r.output
    assert (cases / "baseline-replay.json").is_file()
    assert json.loads((cases / "baseline.json").read_text(encoding="utf-8"))["config"]["backend"] == "extractive"
    r = runner.invoke(app, ["eval", str(cases), "--backend", "replay"])
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert f"vs baseline {cases / 'baseline-replay.json'}: no change" in out
    assert "made with backend extractive" not in r.output
    lines = out.splitlines()
    table = [ln for ln in lines if not ln.startswith("vs baseline")]  # (a path line is not wrapped)
    assert max(cells(line) for line in table) <= 80, "\n".join(lines)
    header = next(line for line in lines if line.strip().startswith("metric"))
    assert "overall" in header
    for name in ("sample-day", "english-markets", "october-two-topics", "conflicting-figures", "september-mixed"):
        assert name in out, name  # whole, in the header or the caption
    assert "…" not in out and not re.search(r"\de[+-]?\d", out)
    tokens = next(line for line in lines if line.strip().startswith("prompt_tokens"))
    assert re.search(r"prompt_tokens\s+\d{4,}\s", tokens)  # overall, right after the name, plain digits
    wide = runner.invoke(app, ["eval", str(cases), "--backend", "replay", "--wide"])
    assert wide.exit_code == 0 and "september-mixed" in next(ln for ln in wide.stdout.splitlines() if "metric" in ln)
