"""First ingest and unchanged re-ingest, before vs after, as whole CLI processes in one run.

    python bench/ingest_pair.py --files 1500 --repeats 2 --before-src /work/benchstore/before/src \
        --before-python /work/main/.venv/bin/python --work /work/benchstore/ingest-pair

First ingests run interleaved (before, after, before, after ...) into fresh stores; then each
side's last store is re-ingested unchanged `--reingest` times, interleaved. Reports wall and CPU
seconds (CPU hardly depends on the machine's load), peak RSS, min/median and after/before
ratios. Writes bench/out/ingest_pair.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import BENCH, PY, REPO, run_rusage, write_result  # noqa: E402


def cli(py: str, args: list[str]) -> list[str]:
    return [py, "-m", "draftbot.cli", *args]


def run(cmd: list[str], pythonpath: str | None) -> dict:
    old = os.environ.get("PYTHONPATH")
    if pythonpath:
        os.environ["PYTHONPATH"] = pythonpath
    try:
        r = run_rusage(cmd, cwd=REPO)
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    if r["rc"] != 0:
        print(r["stderr"][-500:], file=sys.stderr)
    return {k: r[k] for k in ("seconds", "cpu_seconds", "max_rss_mb", "rc")} | {"out": r["stdout"].strip()[-200:]}


def stats(rs: list[dict]) -> dict:
    w = [r["seconds"] for r in rs]
    c = [r["cpu_seconds"] for r in rs]
    return {"wall_min": min(w), "wall_median": round(statistics.median(w), 3), "cpu_min": min(c),
            "cpu_median": round(statistics.median(c), 3), "peak_rss_mb": max(r["max_rss_mb"] for r in rs), "n": len(rs)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--reingest", type=int, default=3)
    ap.add_argument("--before-src", required=True)
    ap.add_argument("--before-python", default=PY)
    ap.add_argument("--work", default="/tmp/draftbot-bench/ingest-pair")
    a = ap.parse_args()
    work = Path(a.work)
    corpus = work / f"gen-{a.files}"
    if not corpus.is_dir():
        r = run([PY, str(BENCH / "gen_corpus.py"), "--n", str(a.files), "--seed", str(a.seed), "--out", str(corpus)], None)
        assert r["rc"] == 0
    old = time.time() - 60  # past the stat cache's racy window, as files a day old are
    for f in corpus.rglob("*"):
        if f.is_file():
            os.utime(f, (old, old))
    sides = {"before": (a.before_python, a.before_src), "after": (PY, None)}
    first: dict[str, list[dict]] = {k: [] for k in sides}
    for r in range(a.repeats):
        for side, (py, pp) in sides.items():
            store = work / f"store-{side}"
            shutil.rmtree(store, ignore_errors=True)
            res = run(cli(py, ["ingest", str(corpus), "--store", str(store), "--quiet"]), pp)
            first[side].append(res)
            print(f"first ingest {side} #{r + 1}: {res['seconds']:.1f} s wall, {res['cpu_seconds']:.1f} s CPU, {res['out']}", flush=True)
    again: dict[str, list[dict]] = {k: [] for k in sides}
    for r in range(a.reingest):
        for side, (py, pp) in sides.items():
            res = run(cli(py, ["ingest", str(corpus), "--store", str(work / f"store-{side}"), "--quiet"]), pp)
            again[side].append(res)
            print(f"unchanged re-ingest {side} #{r + 1}: {res['seconds']:.2f} s wall, {res['cpu_seconds']:.2f} s CPU", flush=True)
    summary = {side: {"first": stats(first[side]), "unchanged": stats(again[side])} for side in sides}
    for side in sides:
        s = summary[side]
        s["unchanged_share_of_first_wall_median"] = round(s["unchanged"]["wall_median"] / s["first"]["wall_median"], 4)
    summary["after_over_before_first_wall_median"] = round(summary["after"]["first"]["wall_median"] / summary["before"]["first"]["wall_median"], 3)
    summary["after_over_before_first_cpu_median"] = round(summary["after"]["first"]["cpu_median"] / summary["before"]["first"]["cpu_median"], 3)
    import json

    print(json.dumps(summary, indent=1))
    write_result("ingest_pair", {"args": vars(a), "first": first, "unchanged": again, "summary": summary})


if __name__ == "__main__":
    main()
