"""First ingest: draftbot against plain Chroma adding the same rows, as whole processes in one run.

    python bench/plain_chroma_ingest.py --corpus /tmp/db-bench/corpus --work /tmp/plain-ingest --rounds 2

Round 0 ingests the corpus with draftbot into a fresh store (a warm-up, and the source of the rows).
The rows it wrote (chunk ids, documents, metadata and hash vectors; source records with their 1-d
placeholder vector) are then dumped, untimed (the documents from `lexical/local.sqlite`: draftbot's
embedded store keeps them there, not in Chroma; plain Chroma is given them, as a plain pipeline
keeps them). Each round then runs, interleaved:

- `draftbot ingest CORPUS --store fresh` (load, chunk, embed, count terms, extract figures, write
  Chroma and draftbot's own files);
- `plain`: a process that loads the dumped rows and adds them to a fresh `PersistentClient` in the
  same collections and the same write rounds as draftbot (chunks first, then their records; rounds
  of 256 chunks doubling to 2,048).

Reports CPU (user + sys), wall and peak RSS of each process and the per-round ratio draftbot / plain.
Writes bench/out/plain_chroma_ingest.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import PY, REPO, corpus_bytes, draftbot_cmd, run_rusage, write_result  # noqa: E402

FIRST_ROUND, MAX_ROUND = 256, 2048  # index/ingest.py: BATCH_CHUNKS // 8 doubling to BATCH_CHUNKS


def dump_rows(store: Path, out: Path) -> int:
    """The rows a draftbot store holds, in write order (by source), for `plain`."""
    import chromadb

    client = chromadb.PersistentClient(path=str(store / "chroma"))
    chunks = client.get_collection("draftbot_chunks", embedding_function=None)
    sources = client.get_collection("draftbot_sources", embedding_function=None)
    got = chunks.get(include=["documents", "metadatas", "embeddings"], limit=10**7)
    recs = sources.get(include=["metadatas"], limit=10**7)
    if any(d is None for d in got["documents"]):  # an embedded store keeps its texts in the local file
        import sqlite3

        con = sqlite3.connect(store / "lexical" / "local.sqlite")
        from draftbot.index.localdb import _text  # texts may be stored compressed

        texts = {cid: _text(doc) for cid, doc in con.execute("SELECT id, doc FROM chunks")}
        con.close()
        got["documents"] = [texts[cid] if d is None else d for cid, d in zip(got["ids"], got["documents"])]
    by_src: dict[str, list[int]] = {}
    for i, cid in enumerate(got["ids"]):
        by_src.setdefault(cid.rsplit(":", 1)[0], []).append(i)
    order = [(sid, meta, sorted(by_src.get(sid, []), key=lambda i: got["ids"][i])) for sid, meta in zip(recs["ids"], recs["metadatas"])]
    rows = {
        "chunk_meta": chunks.metadata, "source_meta": sources.metadata,
        "sources": [(sid, meta, [(got["ids"][i], got["documents"][i], got["metadatas"][i], list(map(float, got["embeddings"][i])))
                                 for i in idx]) for sid, meta, idx in order],
    }
    out.write_bytes(pickle.dumps(rows))
    return len(got["ids"])


PLAIN = r'''
import os, pickle, sys, time
os.environ["ANONYMIZED_TELEMETRY"] = "False"
import chromadb
import numpy as np
rows = pickle.loads(open(sys.argv[1], "rb").read())
client = chromadb.PersistentClient(path=sys.argv[2])
chunks = client.get_or_create_collection("draftbot_chunks", embedding_function=None, metadata=rows["chunk_meta"],
                                         configuration={"hnsw": {"space": "cosine"}})
sources = client.get_or_create_collection("draftbot_sources", embedding_function=None, metadata=rows["source_meta"])
step = min(int(client.get_max_batch_size()), 4096)
t0 = time.perf_counter()
size, goal, batch = 0, int(sys.argv[3]), []
def flush(batch):
    ids = [c[0] for _, _, cs in batch for c in cs]
    docs = [c[1] for _, _, cs in batch for c in cs]
    metas = [c[2] for _, _, cs in batch for c in cs]
    embs = np.asarray([c[3] for _, _, cs in batch for c in cs], dtype=np.float32)
    for i in range(0, len(ids), step):
        chunks.upsert(ids=ids[i:i + step], documents=docs[i:i + step], metadatas=metas[i:i + step], embeddings=embs[i:i + step])
    sources.upsert(ids=[s for s, _, _ in batch], metadatas=[m for _, m, _ in batch], embeddings=[[1.0]] * len(batch))
for src in rows["sources"]:
    batch.append(src)
    size += len(src[2])
    if size >= goal:
        flush(batch)
        batch, size, goal = [], 0, min(2 * goal, int(sys.argv[4]))
if batch:
    flush(batch)
print(f"added {sum(len(s[2]) for s in rows['sources'])} chunks in {time.perf_counter() - t0:.2f} s")
'''


def main() -> None:
    if sys.argv[1:2] == ["--dump"]:
        print(dump_rows(Path(sys.argv[2]), Path(sys.argv[3])))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=Path("/tmp/draftbot-bench/plain-ingest"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--name", default="plain_chroma_ingest")
    args = ap.parse_args()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    warm = run_rusage([*draftbot_cmd(), "ingest", str(args.corpus), "--store", str(work / "warm"), "-q"], cwd=REPO)
    assert warm["rc"] == 0, warm["stderr"]
    # in a child: a forked child's peak RSS starts from its parent's, and the rows are large
    dumped = run_rusage([PY, __file__, "--dump", str(work / "warm"), str(work / "rows.pkl")], cwd=REPO)
    assert dumped["rc"] == 0, dumped["stderr"]
    n_chunks = int(dumped["stdout"].split()[-1])
    (work / "plain.py").write_text(PLAIN, encoding="utf-8")
    results: dict[str, list] = {"draftbot": [], "plain": []}
    for r in range(args.rounds):
        for side in ("draftbot", "plain"):
            store = work / f"{side}-{r}"
            if side == "draftbot":
                cmd = [*draftbot_cmd(), "ingest", str(args.corpus), "--store", str(store), "-q"]
            else:
                cmd = [PY, str(work / "plain.py"), str(work / "rows.pkl"), str(store), str(FIRST_ROUND), str(MAX_ROUND)]
            res = run_rusage(cmd, cwd=REPO)
            assert res["rc"] == 0, res["stderr"]
            res["store_mb"] = round(sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e6, 1)
            results[side].append({k: res[k] for k in ("seconds", "cpu_seconds", "max_rss_mb", "store_mb")} | {"out": res["stdout"].strip()[-120:]})
            print(f"round {r} {side:8s} cpu {res['cpu_seconds']:7.2f} s  wall {res['seconds']:7.2f} s  "
                  f"rss {res['max_rss_mb']:6.0f} MB  store {res['store_mb']:7.1f} MB", flush=True)
    ratios = {k: [round(d[k] / p[k], 3) for d, p in zip(results["draftbot"], results["plain"])] for k in ("cpu_seconds", "seconds")}
    files, size = corpus_bytes(args.corpus)
    summary = {"corpus_files": files, "corpus_mb": round(size / 1e6, 1), "chunks": n_chunks, "rounds": args.rounds,
               "ratio_cpu_median": statistics.median(ratios["cpu_seconds"]), "ratio_wall_median": statistics.median(ratios["seconds"]),
               "ratios": ratios, "runs": results, "load": open("/proc/loadavg").read().split()[:3], "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    print(json.dumps({k: v for k, v in summary.items() if k != "runs"}, ensure_ascii=False))
    write_result(args.name, summary)


if __name__ == "__main__":
    main()
