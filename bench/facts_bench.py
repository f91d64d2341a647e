"""First `draftbot check` with a wrong figure after a day's ingest, against a warm check (issue 15
item 2: number facts built at ingest).

    python bench/facts_bench.py --base STORE [--days 3] [--per-day 20] [--warm 3] [--cli DRAFTBOT]

STORE: a store already holding the sample corpus (corpus/) and generated sources (e.g. a 10k-chunk
store built by retrieval_bench.py, or `draftbot ingest corpus/ GEN/`); it is copied, never changed.
Each round: `draftbot ingest` a new day of `--per-day` generated sources (gen_corpus.py, a new
seed), then `draftbot check one_wrong_figure.md --json` once (the first check after the ingest),
then `--warm` more times. All whole CLI processes. The first round on the copy also shows what a
store ingested before the hook costs (its table is built once, by that ingest). `--cli` runs another
draftbot (e.g. main's) on its own copy for a before/after pair. Writes bench/out/facts.json.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import BENCH, PY, WORK, draftbot_cmd, fresh, run_rusage, write_result  # noqa: E402


def wrong_figure_draft() -> Path:
    from draftbot.verify.mutations import ERRORS, apply, correct_draft

    path = WORK / "facts-drafts" / "one_wrong_figure.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(apply(correct_draft(), ERRORS[0]), encoding="utf-8")
    return path


def run(cli: list[str], base: Path, label: str, days: int, per_day: int, warm: int, draft: Path) -> dict:
    store = WORK / f"facts-store-{label}"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(base, store)
    rounds = []
    for k in range(days):
        day = fresh(WORK / f"facts-day-{label}-{k}")
        g = run_rusage([PY, str(BENCH / "gen_corpus.py"), "--n", str(per_day), "--seed", str(900 + k), "--out", str(day)])
        assert g["rc"] == 0, g["stderr"]
        ing = run_rusage(cli + ["ingest", str(day), "--store", str(store), "--quiet"])
        assert ing["rc"] == 0, ing["stderr"]
        check = cli + ["check", str(draft), "--json", "--store", str(store)]
        first = run_rusage(check)
        assert first["rc"] == 1 and "findings" in first["stdout"], first["stderr"]  # the wrong figure is found
        warms = [run_rusage(check) for _ in range(warm)]
        rounds.append({"ingest_seconds": ing["seconds"], "ingest_out": ing["stdout"].strip(),
                       "first_check_seconds": first["seconds"], "first_check_rss_mb": first["max_rss_mb"],
                       "warm_check_seconds": [w["seconds"] for w in warms]})
        ws = ", ".join(f"{w['seconds']:.2f}" for w in warms)
        print(f"{label} day {k}: ingest {ing['seconds']:.2f}s ({ing['stdout'].strip()}); first check {first['seconds']:.2f}s; "
              f"warm {ws}s", flush=True)
    steady = rounds[1:] or rounds  # round 0 may pay for a table the base store never had
    firsts = [r["first_check_seconds"] for r in steady]
    warms = [s for r in steady for s in r["warm_check_seconds"]]
    summary = {"first_min": min(firsts), "first_median": statistics.median(firsts),
               "warm_min": min(warms), "warm_median": statistics.median(warms)}
    summary["ratio_median"] = round(summary["first_median"] / summary["warm_median"], 2)
    summary["ratio_min"] = round(summary["first_min"] / summary["warm_min"], 2)
    return {"cli": cli, "rounds": rounds, "steady": summary}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--per-day", type=int, default=20)
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--cli", default=None, help="another draftbot executable, run as 'other'")
    a = ap.parse_args(argv)
    draft = wrong_figure_draft()
    from draftbot.config import load_settings
    from draftbot.index.store import open_store

    with open_store(load_settings(store=str(a.base))) as st:
        chunks, sources = st.chunk_count(), st.source_count()
    res = {"base": {"dir": str(a.base), "chunks": chunks, "sources": sources}, "per_day": a.per_day}
    res["this"] = run(draftbot_cmd(), a.base, "this", a.days, a.per_day, a.warm, draft)
    if a.cli:
        res["other"] = run([a.cli], a.base, "other", a.days, a.per_day, a.warm, draft)
    path = write_result("facts", res)
    print(f"base {chunks} chunks, {sources} sources; {a.per_day} sources a day")
    for k in ("this", "other"):
        if k in res:
            s = res[k]["steady"]
            print(f"  {k}: first check after ingest {s['first_min']:.2f}/{s['first_median']:.2f} s (min/median), "
                  f"warm {s['warm_min']:.2f}/{s['warm_median']:.2f} s; ratio {s['ratio_median']} (median)")
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
