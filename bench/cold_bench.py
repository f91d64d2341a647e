"""Cold whole-process timings: `draftbot search` / `draft` / `--help`, before and after, paired
against a plain Chroma query on the same store, in one run.

    python bench/cold_bench.py --store /work/benchstore/store-100k --before-src /work/benchstore/before/src \
        --before-python /work/main/.venv/bin/python --date 2026-06-04 --repeats 3 --name cold_100k

Every command is a new process (what a writer pays). The commands run interleaved (round-robin,
`--repeats` rounds), so load changes hit every command alike; the report gives min and median
wall seconds and the largest peak RSS per command, and each command's ratio to the plain Chroma
query of the same rounds. "Before" runs the same CLI from another source tree (an older commit)
with PYTHONPATH, against the same store; the before tree ignores the persisted index files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import PY, REPO, machine, run_rusage, write_result  # noqa: E402

QUERY = "4月份新能源汽车产量同比增长"

PLAIN_CHROMA = """
import os, sys
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
import chromadb
from chromadb.config import Settings
from draftbot.index.embeddings import HashEmbedding
c = chromadb.PersistentClient(path=sys.argv[1] + "/chroma", settings=Settings(anonymized_telemetry=False))
import json
sig = json.loads(c.get_collection("draftbot_sources", embedding_function=HashEmbedding(dim=8)).metadata["embedder"])
col = c.get_collection("draftbot_chunks", embedding_function=HashEmbedding(dim=sig["config"]["dim"]))
r = col.query(query_texts=[sys.argv[2]], n_results=8, include=["documents", "metadatas"])
for d, m in zip(r["documents"][0], r["metadatas"][0]):
    print(m.get("source_id"), (d or "")[:60].replace("\\n", " "))  # an embedded draftbot store keeps no texts in Chroma
"""


def commands(a) -> dict[str, tuple[list[str], dict]]:
    out = tempfile.mkdtemp(prefix="cold-bench-")
    after_py = PY
    cmds: dict[str, tuple[list[str], dict]] = {
        "plain chroma query": ([after_py, "-c", PLAIN_CHROMA, a.store, QUERY], {}),
        "search (after)": ([after_py, "-m", "draftbot.cli", "search", QUERY, "--store", a.store], {}),
        "--help (after)": ([after_py, "-m", "draftbot.cli", "--help"], {}),
    }
    if a.date:
        cmds["draft extractive (after)"] = ([after_py, "-m", "draftbot.cli", "draft", "--date", a.date, "--backend", "extractive",
                                             "--store", a.store, "-o", f"{out}/after.md", "--force", "--quiet"], {})
    if a.before_src:
        bpy = a.before_python or PY
        benv = {"PYTHONPATH": a.before_src}
        cmds["search (before)"] = ([bpy, "-m", "draftbot.cli", "search", QUERY, "--store", a.store], benv)
        cmds["--help (before)"] = ([bpy, "-m", "draftbot.cli", "--help"], benv)
        if a.date:
            cmds["draft extractive (before)"] = ([bpy, "-m", "draftbot.cli", "draft", "--date", a.date, "--backend", "extractive",
                                                  "--store", a.store, "-o", f"{out}/before.md", "--force", "--quiet"], benv)
    for skip in a.skip:
        cmds = {k: v for k, v in cmds.items() if skip not in k}
    return cmds


def run(cmd: list[str], extra: dict) -> dict:
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        return run_rusage(cmd, cwd=REPO)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--date", default=None, help="a day with sources, for `draft` (omit to skip draft)")
    ap.add_argument("--before-src", default=None)
    ap.add_argument("--before-python", default=None)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip", action="append", default=[])
    ap.add_argument("--name", default="cold")
    a = ap.parse_args()
    cmds = commands(a)
    runs: dict[str, list[dict]] = {k: [] for k in cmds}
    # one untimed run each: builds the persisted index if the store predates it (an ingest by
    # this version writes it) and warms the page cache alike for every command
    for name, (cmd, extra) in cmds.items():
        run(cmd, extra)
    for r in range(a.repeats):
        for name, (cmd, extra) in cmds.items():
            res = run(cmd, extra)
            if res["rc"] != 0:
                print(f"{name}: exit {res['rc']}: {res['stderr'][-400:]}", file=sys.stderr)
            runs[name].append({k: res[k] for k in ("seconds", "cpu_seconds", "max_rss_mb", "rc")})
            print(f"round {r + 1} {name}: {res['seconds']:.2f} s, {res['max_rss_mb']:.0f} MB", flush=True)
    base = runs["plain chroma query"]
    summary = {}
    for name, rs in runs.items():
        secs = [x["seconds"] for x in rs]
        summary[name] = {
            "min_s": min(secs), "median_s": round(statistics.median(secs), 3),
            "peak_rss_mb": max(x["max_rss_mb"] for x in rs),
            "ratio_min": round(min(secs) / min(x["seconds"] for x in base), 2),
            "ratio_median": round(statistics.median(secs) / statistics.median(x["seconds"] for x in base), 2),
        }
    print(f"{'command':32} {'min s':>7} {'median s':>9} {'peak MB':>8} {'x chroma (min/med)':>20}")
    for name, s in summary.items():
        print(f"{name:32} {s['min_s']:7.2f} {s['median_s']:9.2f} {s['peak_rss_mb']:8.0f} {s['ratio_min']:>9.2f} / {s['ratio_median']:.2f}")
    write_result(a.name, {"store": a.store, "repeats": a.repeats, "query": QUERY, "runs": runs, "summary": summary,
                          "machine_at_start": machine()})


if __name__ == "__main__":
    main()
