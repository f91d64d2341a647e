"""What a cold read command costs next to what the work itself costs (issue 26), in one run.

    python bench/cost_bench.py --store S1 --store S2 --date 2026-06-04 --rounds 3 \
        --before-src /path/to/older/src --name cost

Per store, every command is a new process, run round-robin (`--rounds` rounds after one
untimed warm-up each), so load changes hit all alike. Anchors (the same chunk texts):

- **bm25s**: `bm25s.BM25.load(mmap=True)` + one query, on an index of the chunks' bigram tokens;
- **FTS5**: SQLite `fts5(tokenize='trigram')` + one `MATCH … ORDER BY bm25` query;
- **read floor**: `python` + reading every chunk text out of the store's local file;
- **plain Chroma**: `PersistentClient` + `get_collection` + `query(n_results=8)`.

draftbot: `search` (hybrid, the default), `search --mode lexical`, `plan`, `draft` (extractive),
`check` (of a draft made before the rounds), `--help`; with `--before-src`, the same commands from
that tree ("before"). Wall, CPU (user+sys) and peak RSS per run; the report gives medians, the
ratio to bm25s in the same rounds, and the load average.

`--noop PATH,PATH...` (once per `--store`, in the same order): after the rounds, `search`, `draft`,
`check`, each followed by an `ingest` of that store's unchanged corpus paths (timed): the no-op fast
path after reads.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import PY, machine, write_result  # noqa: E402
from cold_bench import PLAIN_CHROMA, QUERY, run as _run  # noqa: E402  (one env-restoring runner)

BM25S_QUERY = """
import sys, re
import bm25s
r = bm25s.BM25.load(sys.argv[1], mmap=True, load_corpus=False)
q = sys.argv[2]
toks = [q[i:i + 2] for i in range(len(q) - 1)]
res, scores = r.retrieve([[t for t in toks if t in r.vocab_dict] or toks[:1]], k=8, show_progress=False)
print(res[0].tolist())
"""

FTS_QUERY = """
import sys, sqlite3
c = sqlite3.connect(sys.argv[1])
q = sys.argv[2]
grams = " OR ".join('"' + q[i:i + 3] + '"' for i in range(len(q) - 2))
print(c.execute("SELECT id, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 8", (grams,)).fetchall())
"""

READ_FLOOR = """
import sys, sqlite3, zlib
c = sqlite3.connect(sys.argv[1])
print(sum(len(d if isinstance(d, str) else zlib.decompress(d)) for (d,) in c.execute("SELECT doc FROM chunks")))
"""


def _docs(store: Path):
    from draftbot.index.localdb import _text  # texts may be stored compressed

    con = sqlite3.connect(store / "lexical" / "local.sqlite")
    for cid, doc in con.execute("SELECT id, doc FROM chunks ORDER BY id"):
        yield cid, _text(doc)


def build_anchors(store: Path, work: Path) -> dict[str, Path]:
    """bm25s index and FTS5 database of the store's chunk texts (built once, reused)."""
    work.mkdir(parents=True, exist_ok=True)
    bdir, fts = work / "bm25s", work / "fts.sqlite"
    if not (bdir / "params.index.json").exists():
        import bm25s

        ids, toks = [], []
        for cid, doc in _docs(store):
            ids.append(cid)
            t = "".join(doc.split())
            toks.append([t[i:i + 2] for i in range(len(t) - 1)] or [t])
        r = bm25s.BM25()
        r.index(toks, show_progress=False)
        r.save(str(bdir))
    if not fts.exists():
        con = sqlite3.connect(fts)
        con.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, doc, tokenize='trigram')")
        con.executemany("INSERT INTO t VALUES (?, ?)", _docs(store))
        con.commit()
        con.close()
    return {"bm25s": bdir, "fts": fts}


def commands(store: Path, date: str, before: str | None, out: Path, draft: Path) -> dict[str, tuple[list[str], dict]]:
    # built in a child: a forked child's peak RSS starts from its parent's, so this process stays small
    work = out.parent / f"cost-anchors-{store.name}-{_count(store)}"
    import subprocess

    subprocess.run([PY, __file__, "--anchors", str(store), str(work)], check=True)
    a = {"bm25s": work / "bm25s", "fts": work / "fts.sqlite"}
    local = str(store / "lexical" / "local.sqlite")
    cli = [PY, "-m", "draftbot.cli"]
    cmds: dict[str, tuple[list[str], dict]] = {
        "bm25s load+query": ([PY, "-c", BM25S_QUERY, str(a["bm25s"]), QUERY], {}),
        # numpy's BLAS threads spin on the other core while it loads: CPU above wall; one thread shows
        # what the single-threaded work costs
        "bm25s, one BLAS thread": ([PY, "-c", BM25S_QUERY, str(a["bm25s"]), QUERY], {"OPENBLAS_NUM_THREADS": "1"}),
        "FTS5 query": ([PY, "-c", FTS_QUERY, str(a["fts"]), QUERY], {}),
        "read floor": ([PY, "-c", READ_FLOOR, local], {}),
        "plain Chroma query": ([PY, "-c", PLAIN_CHROMA, str(store), QUERY], {}),
    }
    runs = {
        "search": ["search", QUERY, "--store", str(store)],
        "search --mode lexical": ["search", QUERY, "--mode", "lexical", "--store", str(store)],
        "search --date": ["search", QUERY, "--date", date, "--store", str(store)],
        "plan": ["plan", "--date", date, "--store", str(store), "-o", str(out / "plan.yaml"), "--force", "-q"],
        "draft": ["draft", "--date", date, "--backend", "extractive", "--store", str(store), "-o", str(out / "d.md"),
                  "--force", "-q"],
        "check": ["check", str(draft), "--store", str(store)],
    }
    for name, args in runs.items():
        cmds[name] = (cli + args, {})
        if before:
            cmds[f"{name} (before)"] = (cli + args, {"PYTHONPATH": before})
    cmds["--help"] = (cli + ["--help"], {})
    return cmds


def bench_store(store: Path, a) -> dict:
    out = Path(tempfile.mkdtemp(prefix="cost-bench-"))
    draft = out / "given.md"
    made = _run([PY, "-m", "draftbot.cli", "draft", "--date", a.date, "--backend", "extractive", "--store", str(store),
                 "-o", str(draft), "--force", "-q"], {})
    assert made["rc"] == 0, made["stderr"]
    cmds = commands(store, a.date, a.before_src, out, draft)
    runs: dict[str, list[dict]] = {n: [] for n in cmds}
    loads = []
    for rnd in range(a.rounds + 1):
        loads.append(os.getloadavg()[0])
        for name, (cmd, extra) in cmds.items():
            r = _run(cmd, extra)
            if r["rc"] not in (0, 1):
                raise SystemExit(f"{name} failed: {r['stderr'][-400:]}")
            if rnd:  # round 0 warms the page cache
                runs[name].append(r)
    rows = {}
    base = [r["seconds"] for r in runs["bm25s load+query"]]
    for name, rs in runs.items():
        secs = [r["seconds"] for r in rs]
        rows[name] = {
            "wall_median": round(statistics.median(secs), 3), "wall_min": min(secs),
            "cpu_median": round(statistics.median(r["cpu_seconds"] for r in rs), 3),
            "rss_max_mb": max(r["max_rss_mb"] for r in rs),
            "x_bm25s_median": round(statistics.median(s / b for s, b in zip(secs, base)), 2),
        }
    res = {"store": str(store), "chunks": _count(store), "rows": rows, "load": [round(x, 2) for x in loads]}
    if a.noop:
        res["noop_after_reads"] = noop_after_reads(store, a.noop[a.store.index(store)].split(","), a, out, draft)
    return res


def noop_after_reads(store: Path, corpus: list[str], a, out: Path, draft: Path) -> list[dict]:
    cli = [PY, "-m", "draftbot.cli"]
    got = []
    for read in (["search", QUERY], ["draft", "--date", a.date, "--backend", "extractive", "-o", str(out / "n.md"), "--force", "-q"],
                 ["check", str(draft)]):
        _run(cli + read + ["--store", str(store)], {})
        r = _run(cli + ["ingest", *corpus, "--store", str(store), "-q"], {})
        got.append({"after": read[0], "seconds": r["seconds"], "cpu": r["cpu_seconds"], "rss_mb": r["max_rss_mb"],
                    "stdout": r["stdout"].strip()[-200:]})
    return got


def _count(store: Path) -> int:
    try:
        return json.loads((store / "lexical" / "manifest.json").read_text())["key"]["chunks"]
    except (OSError, ValueError, KeyError, TypeError):
        return -1


def report(results: list[dict]) -> None:
    for res in results:
        print(f"\n{res['store']} ({res['chunks']} chunks), load {res['load']}")
        print("| command | wall median (min) | CPU median | peak RSS | ÷ bm25s (median of same-round ratios) |")
        print("|---|---|---|---|---|")
        for name, r in res["rows"].items():
            print(f"| {name} | {r['wall_median']:.2f} ({r['wall_min']:.2f}) s | {r['cpu_median']:.2f} s | "
                  f"{r['rss_max_mb']:.0f} MB | {r['x_bm25s_median']:.2f}× |")
        for n in res.get("noop_after_reads", []):
            print(f"no-op ingest after {n['after']}: {n['seconds']:.2f} s, CPU {n['cpu']:.2f} s, {n['rss_mb']:.0f} MB")


def growth(results: list[dict]) -> None:
    """Each store against the first (`--store` order: the small one first), per draftbot command."""
    if len(results) < 2:
        return
    small = results[0]
    for res in results[1:]:
        print(f"\ngrowth {small['chunks']} -> {res['chunks']} chunks (CPU median, peak RSS)")
        for name, r in res["rows"].items():
            s = small["rows"].get(name)
            if s and s["cpu_median"] and s["rss_max_mb"] and not name.startswith(("bm25s", "FTS5", "read floor", "plain")):
                print(f"  {name}: {r['cpu_median'] / s['cpu_median']:.2f}×, {r['rss_max_mb'] / s['rss_max_mb']:.2f}×")


def main() -> None:
    if sys.argv[1:2] == ["--anchors"]:
        build_anchors(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", action="append", required=True, type=Path)
    ap.add_argument("--date", default="2026-06-04")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before-src")
    ap.add_argument("--noop", action="append", default=None,
                    help="comma-separated corpus paths of one store (once per --store, same order): no-op ingest after reads")
    ap.add_argument("--name", default="cost")
    a = ap.parse_args()
    results = [bench_store(s, a) for s in a.store]
    report(results)
    growth(results)
    write_result(a.name, {"machine": machine(), "results": results})


if __name__ == "__main__":
    main()
