"""Ingest throughput: `draftbot ingest` (the CLI, as users run it) vs a plain LangChain pipeline.

    python bench/ingest_bench.py [--n 5000] [--seed 1]

Both sides run in their own subprocess on the same generated corpus (bench/gen_corpus.py) and
use the same embedding function (draftbot's HashEmbedding), so the difference is the pipeline:
draftbot also splits sentences, counts tiktoken tokens, writes a meta chunk per source and a
source record; LangChain splits by characters and writes vectors. draftbot loads, chunks and
embeds in a worker process while its main process writes to Chroma: CPU seconds include the
worker (rusage of waited-for children); peak RSS is the largest single process, not the sum.

Then draftbot re-ingests the unchanged folder, and the folder with 1% of files rewritten, each as a
ratio of the first ingest. Writes bench/out/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import BENCH, PY, WORK, corpus_bytes, draftbot_cmd, env, fresh, run_rusage, write_result  # noqa: E402


def chunk_count(store: Path) -> int:
    import subprocess

    code = (
        "from draftbot.config import load_settings;from draftbot.index.store import open_store;"
        f"s=open_store(load_settings(store={str(store)!r}));print(s.chunk_count(), len(s.sources()));s.close()"
    )
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env(), check=True).stdout.split()
    return int(out[0])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)

    corpus = fresh(WORK / "ingest-corpus")
    gen = run_rusage([PY, str(BENCH / "gen_corpus.py"), "--n", str(a.n), "--seed", str(a.seed), "--out", str(corpus)])
    assert gen["rc"] == 0, gen["stderr"]
    nfiles, nbytes = corpus_bytes(corpus)
    mb = nbytes / 1e6
    print(f"corpus: {nfiles} files, {mb:.1f} MB")

    store = WORK / "ingest-store"
    fresh(store)
    db = draftbot_cmd()
    first = run_rusage(db + ["ingest", str(corpus), "--store", str(store), "--quiet"])
    assert first["rc"] == 0, first["stderr"]
    chunks = chunk_count(store)
    print(f"draftbot first ingest: {first['seconds']:.1f} s, {first['stdout'].strip()}")

    lc_dir = fresh(WORK / "ingest-langchain")
    lc = run_rusage([PY, str(BENCH / "lc_ingest.py"), str(corpus), "--persist", str(lc_dir), "--chunk-size", "300"])
    assert lc["rc"] == 0, lc["stderr"]
    lc_info = json.loads(lc["stdout"].strip().splitlines()[-1])
    print(f"langchain ingest: {lc['seconds']:.1f} s, {lc_info['chunks']} chunks")

    again = run_rusage(db + ["ingest", str(corpus), "--store", str(store), "--quiet"])
    assert again["rc"] == 0, again["stderr"]
    mut = run_rusage([PY, str(BENCH / "gen_corpus.py"), "--out", str(corpus), "--mutate", "0.01", "--seed-mut", "7"])
    assert mut["rc"] == 0, mut["stderr"]
    changed = run_rusage(db + ["ingest", str(corpus), "--store", str(store), "--quiet"])
    assert changed["rc"] == 0, changed["stderr"]

    def side(r: dict, n_chunks: int) -> dict:
        return {
            "seconds": r["seconds"],
            "cpu_seconds": r["cpu_seconds"],
            "max_rss_mb": r["max_rss_mb"],
            "mb_per_s": round(mb / r["seconds"], 3),
            "sources_per_s": round(nfiles / r["seconds"], 1),
            "chunks": n_chunks,
            "chunks_per_s": round(n_chunks / r["seconds"], 1),
        }

    res = {
        "corpus": {"files": nfiles, "mb": round(mb, 2), "n": a.n, "seed": a.seed},
        "draftbot": side(first, chunks) | {"summary": first["stdout"].strip(), "cmd": " ".join(first["cmd"])},
        "langchain": side(lc, lc_info["chunks"]) | {"cmd": " ".join(lc["cmd"])},
        "throughput_ratio_draftbot_over_langchain": round(lc["seconds"] / first["seconds"], 3),
        # CPU seconds (user+sys of the process and its threads) do not depend on what else runs
        "cpu_ratio_langchain_over_draftbot": round(lc["cpu_seconds"] / first["cpu_seconds"], 3),
        "reingest_unchanged": {"seconds": again["seconds"], "ratio_of_first": round(again["seconds"] / first["seconds"], 4),
                               "cpu_seconds": again["cpu_seconds"], "cpu_ratio_of_first": round(again["cpu_seconds"] / first["cpu_seconds"], 4),
                               "summary": again["stdout"].strip(), "max_rss_mb": again["max_rss_mb"]},
        "reingest_1pct_changed": {"seconds": changed["seconds"], "ratio_of_first": round(changed["seconds"] / first["seconds"], 4),
                                  "cpu_seconds": changed["cpu_seconds"], "cpu_ratio_of_first": round(changed["cpu_seconds"] / first["cpu_seconds"], 4),
                                  "summary": changed["stdout"].strip(), "mutated": json.loads(mut["stdout"])},
        "goals": {"throughput_ratio_min": 2.0, "unchanged_ratio_max": 0.05},
    }
    path = write_result("ingest", res)
    d, l = res["draftbot"], res["langchain"]
    print()
    print(f"{'':12}{'wall s':>8}{'CPU s':>8}{'MB/s':>8}{'src/s':>8}{'chunks':>8}{'peak MB':>9}")
    for name, s in (("draftbot", d), ("langchain", l)):
        print(f"{name:12}{s['seconds']:8.1f}{s['cpu_seconds']:8.1f}{s['mb_per_s']:8.3f}{s['sources_per_s']:8.1f}{s['chunks']:8d}{s['max_rss_mb']:9.0f}")
    print(f"throughput draftbot/langchain = {res['throughput_ratio_draftbot_over_langchain']:.2f}x wall, "
          f"{res['cpu_ratio_langchain_over_draftbot']:.2f}x CPU (goal >= 2x)")
    print(f"re-ingest unchanged: {again['seconds']:.1f} s = {res['reingest_unchanged']['ratio_of_first'] * 100:.1f}% of first "
          f"({res['reingest_unchanged']['cpu_ratio_of_first'] * 100:.1f}% in CPU) (goal <= 5%)")
    print(f"re-ingest 1% changed: {changed['seconds']:.1f} s = {res['reingest_1pct_changed']['ratio_of_first'] * 100:.1f}% of first "
          f"({changed['stdout'].strip()})")
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
