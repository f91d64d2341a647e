"""Top-k of every labelled question, for comparing two versions of retrieval on one store.

    python bench/topk_compare.py --store DIR --out A.json     # with one version on PYTHONPATH
    python bench/topk_compare.py --diff A.json B.json         # identical? (exit 1 if not)

Runs the 54 questions of bench/questions.yaml through `retrieve.search` (k=10) in hybrid and
lexical mode and writes, per question and mode, the hit chunk ids and scores. Used to prove the
persisted lexical index ranks exactly as the in-memory BM25 it replaced (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent


def dump(store: str, out: str, modes: list[str]) -> None:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from draftbot.config import load_settings
    from draftbot.index import retrieve
    try:
        from draftbot.index.store import open_store
    except ImportError:  # an older tree (before the Store contract)
        from draftbot.index.store import Store

        open_store = Store.open

    qs = yaml.safe_load((BENCH / "questions.yaml").read_text(encoding="utf-8"))
    res: dict = {"store": store, "modes": {}}
    with open_store(load_settings(store=store)) as st:
        for mode in modes:
            rows = []
            t = time.perf_counter()
            for q in qs:
                hits = retrieve.search(st, q["q"], k=10, mode=mode)
                rows.append([[h.chunk_id, h.score] for h in hits])
            res["modes"][mode] = rows
            res.setdefault("seconds", {})[mode] = round(time.perf_counter() - t, 3)
    Path(out).write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(res["seconds"]))


def diff(a: str, b: str) -> int:
    A = json.loads(Path(a).read_text(encoding="utf-8"))
    B = json.loads(Path(b).read_text(encoding="utf-8"))
    bad = 0
    for mode, rows in A["modes"].items():
        other = B["modes"].get(mode)
        if other is None:
            continue
        same_ids = sum(1 for x, y in zip(rows, other) if [h[0] for h in x] == [h[0] for h in y])
        same_all = sum(1 for x, y in zip(rows, other) if x == y)
        print(f"{mode}: {len(rows)} questions, identical top-10 ids {same_ids}, identical ids and scores {same_all}")
        bad += len(rows) - same_all
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store")
    ap.add_argument("--out")
    ap.add_argument("--modes", default="hybrid,lexical")
    ap.add_argument("--diff", nargs=2)
    a = ap.parse_args()
    if a.diff:
        sys.exit(diff(*a.diff))
    dump(a.store, a.out, a.modes.split(","))


if __name__ == "__main__":
    main()
