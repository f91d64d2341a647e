"""A day of new sources into a big store: `draftbot ingest` as a cold process, CPU and peak RSS.

    python bench/gen_corpus.py --n 20 --seed 77 --out /tmp/day20
    python bench/day_ingest.py --store /tmp/s6/final-100k --day /tmp/day20 --rounds 3 \
        --before-src /path/to/older/src [--own-store STORE]

Each run ingests `--day` into a fresh copy of `--store` (the store is never written), its files
read once and synced to disk before the run so every arm starts from the page cache with nothing
left to write back. Arms, interleaved per round:
this tree on `--store`; with `--before-src`, that tree on `--store`; with `--own-store`, this tree
on a store it built itself. Writes bench/out/day_ingest.json (medians per arm, the load average).
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
from _util import PY, REPO, run_rusage, write_result  # noqa: E402


def _warm(store: Path) -> None:
    for p in store.rglob("*"):
        if p.is_file():
            with open(p, "rb") as fh:
                while fh.read(1 << 20):
                    pass


def one_run(src: Path, store: Path, day: Path, work: Path) -> dict:
    copy = work / "store"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy, symlinks=True)
    _warm(copy)
    os.sync()  # the copy's dirty pages written back now, not by the ingest's first fsync
    os.environ["PYTHONPATH"] = str(src)
    load = os.getloadavg()[0]
    res = run_rusage([PY, "-m", "draftbot.cli", "ingest", "-q", "--store", str(copy), str(day)], cwd=REPO)
    assert res["rc"] == 0 and res["stdout"].startswith("added"), res["stderr"]
    return {"cpu": res["cpu_seconds"], "wall": res["seconds"], "rss_mb": res["max_rss_mb"], "load": round(load, 2),
            "summary": res["stdout"].splitlines()[0]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--day", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before-src", type=Path)
    ap.add_argument("--own-store", type=Path)
    ap.add_argument("--work", type=Path, default=Path("/tmp/draftbot-bench/day-ingest"))
    ap.add_argument("--name", default="day_ingest")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    arms = {"after": (REPO / "src", a.store)}
    if a.before_src:
        arms["before"] = (a.before_src, a.store)
    if a.own_store:
        arms["after, own store"] = (REPO / "src", a.own_store)
    runs: dict[str, list[dict]] = {k: [] for k in arms}
    for r in range(a.rounds):
        for name, (src, store) in arms.items():
            got = one_run(src, store, a.day, a.work)
            runs[name].append(got)
            print(f"round {r} {name:18s} cpu {got['cpu']:6.2f} s  wall {got['wall']:6.2f} s  rss {got['rss_mb']:5.0f} MB  "
                  f"load {got['load']}", flush=True)
    summary = {name: {k: statistics.median(x[k] for x in rs) for k in ("cpu", "wall", "rss_mb")} for name, rs in runs.items()}
    print(summary)
    write_result(a.name, {"summary": summary, "runs": runs, "at": time.strftime("%Y-%m-%dT%H:%M:%S")})


if __name__ == "__main__":
    main()
