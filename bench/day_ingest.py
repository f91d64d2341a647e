"""A day of new sources into a big store: `draftbot ingest` as a cold process, CPU and peak RSS.

    python bench/gen_corpus.py --n 20 --seed 77 --out /tmp/day20
    python bench/day_ingest.py --store /tmp/s6/final-100k --day /tmp/day20 --rounds 3 \
        --before-src /path/to/older/src [--own-store STORE]

Each run ingests `--day` into a fresh copy of `--store` (the store is never written), its files
read once and synced to disk before the run so every arm starts from the page cache with nothing
left to write back. Arms, interleaved per round:
this tree on `--store`; with `--before-src`, that tree on `--store`; with `--own-store`, this tree
on a store it built itself; and `plain floor`, Chroma's own cost of the same write: a process that
imports chromadb, opens the copy and upserts as many chunk rows (random 256-d vectors, the four
metadata keys dense queries filter on) and source records as the day added, in one round.
With `--prime DIR`, each copy first gets DIR ingested, untimed, by the arm's own tree (the floor's
copy by this tree): the day then follows a previous day, as a daily ingest does, with the stamps
its files' checks left (a copy's new inodes make every checksum run again otherwise).
Writes bench/out/day_ingest.json (medians per arm, the load average).
"""

from __future__ import annotations

import argparse
import json
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


FLOOR = r'''
import sys
import numpy as np
import chromadb
from chromadb.config import Settings
chunks, sources = int(sys.argv[2]), int(sys.argv[3])
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
col = client.get_collection("draftbot_chunks", embedding_function=None)
src = client.get_collection("draftbot_sources", embedding_function=None)
vec = np.random.default_rng(7).standard_normal((chunks, 256)).astype(np.float32)
meta = {"source_id": "0" * 16, "date_int": 20260604, "publisher": "国家统计局", "kind": "release"}
col.upsert(ids=[f"floor{i:06d}" for i in range(chunks)], embeddings=vec, metadatas=[meta] * chunks)
src.upsert(ids=[f"floor{i:04d}" for i in range(sources)], embeddings=[[1.0]] * sources,
           metadatas=[{"title": "t", "path": "/p", "chunks": 5}] * sources)
'''


def _copy(store: Path, work: Path, src: Path, prime: Path | None) -> Path:
    copy = work / "store"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy, symlinks=True)
    if prime is not None:
        os.environ["PYTHONPATH"] = str(src)
        res = run_rusage([PY, "-m", "draftbot.cli", "ingest", "-q", "--store", str(copy), str(prime)], cwd=REPO)
        assert res["rc"] == 0, res["stderr"]
    _warm(copy)
    os.sync()  # the copy's dirty pages written back now, not by the ingest's first fsync
    return copy


def _key(store: Path) -> dict:
    return json.loads((store / "lexical" / "manifest.json").read_text())["key"]


def one_run(src: Path, store: Path, day: Path, work: Path, prime: Path | None = None) -> dict:
    copy = _copy(store, work, src, prime)
    before = _key(copy)
    os.environ["PYTHONPATH"] = str(src)
    load = os.getloadavg()[0]
    res = run_rusage([PY, "-m", "draftbot.cli", "ingest", "-q", "--store", str(copy), str(day)], cwd=REPO)
    assert res["rc"] == 0 and res["stdout"].startswith("added"), res["stderr"]
    after = _key(copy)  # (chunks, sources) the run added, for the floor arm
    return {"cpu": res["cpu_seconds"], "wall": res["seconds"], "rss_mb": res["max_rss_mb"], "load": round(load, 2),
            "summary": res["stdout"].splitlines()[0], "added": (after["chunks"] - before["chunks"], after["sources"] - before["sources"])}


def floor_run(store: Path, added: tuple[int, int], work: Path, prime: Path | None = None) -> dict:
    copy = _copy(store, work, REPO / "src", prime)
    (work / "floor.py").write_text(FLOOR, encoding="utf-8")
    load = os.getloadavg()[0]
    res = run_rusage([PY, str(work / "floor.py"), str(copy / "chroma"), str(added[0]), str(added[1])], cwd=REPO)
    assert res["rc"] == 0, res["stderr"]
    return {"cpu": res["cpu_seconds"], "wall": res["seconds"], "rss_mb": res["max_rss_mb"], "load": round(load, 2),
            "summary": f"{added[0]} chunks, {added[1]} records"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--day", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before-src", type=Path)
    ap.add_argument("--own-store", type=Path)
    ap.add_argument("--prime", type=Path, help="a previous day, ingested untimed into each copy first")
    ap.add_argument("--work", type=Path, default=Path("/tmp/draftbot-bench/day-ingest"))
    ap.add_argument("--name", default="day_ingest")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    arms = {"after": (REPO / "src", a.store)}
    if a.before_src:
        arms["before"] = (a.before_src, a.store)
    if a.own_store:
        arms["after, own store"] = (REPO / "src", a.own_store)
    runs: dict[str, list[dict]] = {k: [] for k in [*arms, "plain floor"]}
    for r in range(a.rounds):
        for name, (src, store) in [*arms.items(), ("plain floor", (None, a.store))]:
            got = (floor_run(store, runs["after"][-1]["added"], a.work, a.prime) if src is None
                   else one_run(src, store, a.day, a.work, a.prime))
            runs[name].append(got)
            print(f"round {r} {name:18s} cpu {got['cpu']:6.2f} s  wall {got['wall']:6.2f} s  rss {got['rss_mb']:5.0f} MB  "
                  f"load {got['load']}", flush=True)
    summary = {name: {k: statistics.median(x[k] for x in rs) for k in ("cpu", "wall", "rss_mb")} for name, rs in runs.items()}
    print(summary)
    write_result(a.name, {"summary": summary, "runs": runs, "at": time.strftime("%Y-%m-%dT%H:%M:%S")})


if __name__ == "__main__":
    main()
