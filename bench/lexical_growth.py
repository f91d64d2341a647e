"""How the persisted lexical index grows: 1×, 2×, 3× the 100k-chunk index (300k chunks), cold.

    python bench/lexical_growth.py --index /work/benchstore/store-100k/lexical --work /work/benchstore/growth

The 300k store itself was not built (see docs/BENCHMARKS.md section 6). This measures the part
of a cold `search` that grows with the store on the draftbot side: the index made of N copies of
the real 100k index's segments (each copy's sources renamed, so they are distinct sources, as
if the same year were ingested N times). For each size, in a new process: open the index, then
the 54 questions scored (lexical top 80 in source context, as `retrieve` does), with wall time
of the open, per-query p50/p95, and peak RSS. Writes bench/out/lexical_growth.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import PY, run_rusage, write_result  # noqa: E402

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
import yaml
from draftbot.index.lexindex import LexIndex
from draftbot.index.lexical import query_tokens
t1 = time.perf_counter()
idx = LexIndex.open(Path(sys.argv[1]))
t2 = time.perf_counter()
qs = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
lat = []
for q in qs:
    t = time.perf_counter()
    idx.top_in_context(query_tokens(q["q"], "bigram"), 80, 3.0, None)
    lat.append(time.perf_counter() - t)
lat.sort()
print(json.dumps({"docs": len(idx), "import_s": round(t1 - t0, 3), "open_s": round(t2 - t1, 3),
                  "p50_ms": round(lat[len(lat) // 2] * 1000, 1), "p95_ms": round(lat[int(len(lat) * 0.95)] * 1000, 1)}))
"""


def make_copies(src: Path, dst: Path, n: int) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    m = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    segs, dead = [], {}
    for k in range(n):
        for name in m["segments"]:
            new = f"{name}-c{k}"
            shutil.copytree(src / name, dst / new)
            if k:
                srcs = (dst / new / "sources.txt").read_text(encoding="utf-8").split("\n")
                (dst / new / "sources.txt").write_text("\n".join(f"{s}~{k}" for s in srcs), encoding="utf-8")
            segs.append(new)
            if name in m["dead"]:
                dead[new] = m["dead"][name]
    (dst / "manifest.json").write_text(json.dumps({**m, "segments": segs, "dead": dead}), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--work", default="/tmp/draftbot-bench/growth")
    ap.add_argument("--copies", default="1,2,3")
    a = ap.parse_args()
    qfile = Path(__file__).resolve().parent / "questions.yaml"
    rows = []
    for n in (int(x) for x in a.copies.split(",")):
        d = Path(a.work) / f"x{n}"
        make_copies(Path(a.index), d, n)
        size_mb = sum(f.stat().st_size for f in d.rglob("*") if f.is_file()) / 1e6
        runs = [run_rusage([PY, "-c", PROBE, str(d), str(qfile)]) for _ in range(3)]
        best = min(runs, key=lambda r: r["seconds"])
        row = json.loads(best["stdout"]) | {"copies": n, "index_mb": round(size_mb, 1), "process_s": best["seconds"],
                                             "peak_rss_mb": max(r["max_rss_mb"] for r in runs)}
        rows.append(row)
        print(row, flush=True)
    write_result("lexical_growth", {"rows": rows})


if __name__ == "__main__":
    main()
