"""What the dense side adds: recall and cost of the hash embedding at its dimensions, against no
dense query at all (lexical mode), on the same corpus.

    DRAFTBOT_EMBEDDER=hash:256 python bench/dense_value.py --store /work/benchstore/store-100k-d256 --name dense_256
    python bench/dense_value.py --store /work/benchstore/store-100k --name dense_1024

For each mode (hybrid = dense + lexical fused, lexical = no dense query): recall@1/3/5 and MRR@10
over the 54 labelled questions, and three cold `draftbot search --mode MODE` CLI processes (wall
min/median, peak RSS). Writes bench/out/<name>.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import PY, REPO, run_rusage, write_result  # noqa: E402
from retrieval_bench import load_questions, metrics, rank_of  # noqa: E402

from draftbot.config import load_settings  # noqa: E402
from draftbot.index import retrieve  # noqa: E402
from draftbot.index.store import open_store  # noqa: E402

QUERY = "4月份新能源汽车产量同比增长"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--name", default="dense_value")
    a = ap.parse_args()
    qs = load_questions()
    out: dict = {"store": a.store, "modes": {}}
    with open_store(load_settings(store=a.store)) as st:
        out["embedder"] = st.embedder_signature
        out["chunks"] = st.chunk_count()
        for mode in ("hybrid", "lexical"):
            ranks = [rank_of(retrieve.search(st, q["q"], k=10, mode=mode), q) for q in qs]
            out["modes"][mode] = metrics(ranks)
    for mode in ("hybrid", "lexical"):
        runs = [run_rusage([PY, "-m", "draftbot.cli", "search", QUERY, "--store", a.store, "--mode", mode], cwd=REPO)
                for _ in range(a.repeats)]
        secs = [r["seconds"] for r in runs]
        out["modes"][mode]["cold_cli"] = {"wall_min": min(secs), "wall_median": round(statistics.median(secs), 3),
                                          "peak_rss_mb": max(r["max_rss_mb"] for r in runs)}
    for mode, m in out["modes"].items():
        c = m["cold_cli"]
        print(f"{mode:8} R@1 {m['recall@1']:.3f} R@3 {m['recall@3']:.3f} R@5 {m['recall@5']:.3f} MRR {m['mrr@10']:.3f}  "
              f"cold CLI {c['wall_min']:.2f}/{c['wall_median']:.2f} s, {c['peak_rss_mb']:.0f} MB")
    write_result(a.name, out)


if __name__ == "__main__":
    main()
