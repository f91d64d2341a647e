"""Retrieval quality and latency: draftbot hybrid vs lexical-only (BM25 over jieba) vs dense-only.

    python bench/retrieval_bench.py [--sizes 10000] [--seed 2]
    python bench/retrieval_bench.py --sizes 10000,100000      # the large run (~20 min on 2 cores)

For each target size, a fresh store holds the sample day (`corpus/`) plus enough generated
distractors (bench/gen_corpus.py) to reach about that many chunks. The labelled questions of
`bench/questions.yaml` are asked in each mode through `draftbot.index.retrieve.search` (the call
the drafting pipeline makes). A question counts as answered at rank r when hit r comes from the
labelled source and contains the labelled answer. Reported: recall@3, recall@5, MRR@10, per-query
latency p50/p95 (warm: BM25 index built), the cold first query, and one `draftbot search` CLI
call (process start + store open + BM25 build + query: what a user waits for).

Diagnosis: the dense and BM25 candidate lists of every question are also fused offline with
variants of the fusion (RRF constant, weights, diversity, meta-chunk lending) to show which
choice moves recall. Writes bench/out/retrieval.json.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import BENCH, PY, REPO, WORK, draftbot_cmd, env, fresh, run_rusage, write_result  # noqa: E402

import os  # noqa: E402

os.environ.update({k: v for k, v in env().items() if k in ("TIKTOKEN_CACHE_DIR", "ANONYMIZED_TELEMETRY")})

import yaml  # noqa: E402

from draftbot.config import load_settings  # noqa: E402
from draftbot.index import retrieve  # noqa: E402
from draftbot.index.ingest import ingest  # noqa: E402
from draftbot.index.store import open_store  # noqa: E402
from draftbot.text.normalize import normalize_width  # noqa: E402

CHUNKS_PER_SOURCE = 6.14  # measured on gen_corpus output (30,689 chunks for 5,000 sources)
MODES = ("hybrid", "lexical", "dense", "lexical-plain")  # lexical-plain: BM25 without source context
K = 10


def load_questions() -> list[dict]:
    return yaml.safe_load((BENCH / "questions.yaml").read_text(encoding="utf-8"))


def rank_of(hits, q: dict) -> int | None:
    ans = normalize_width(q["answer"])
    for r, h in enumerate(hits, 1):
        if Path(h.path).name == q["source"] and ans in normalize_width(h.text):
            return r
    return None


def metrics(ranks: list[int | None]) -> dict:
    n = len(ranks)
    return {
        "recall@1": round(sum(1 for r in ranks if r and r <= 1) / n, 4),
        "recall@3": round(sum(1 for r in ranks if r and r <= 3) / n, 4),
        "recall@5": round(sum(1 for r in ranks if r and r <= 5) / n, 4),
        "recall@10": round(sum(1 for r in ranks if r and r <= 10) / n, 4),
        "mrr@10": round(sum(1 / r for r in ranks if r and r <= 10) / n, 4),
    }


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    i = min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))
    return xs[i]


# --- offline fusion variants (diagnosis) ------------------------------------------------------
def fuse(dense, lex, rrf_k=60, w_dense=1.0, w_lex=1.0, meta_lend=True, diversify=True, k=K, rerank_only=False,
         score_fusion=None):
    if rerank_only:  # dense may only re-order what BM25 found, never bring in chunks of its own
        found = {c for c, _ in lex}
        dense = [(c, s) for c, s in dense if c in found]
    scores: dict[str, float] = {}
    if score_fusion is not None:  # what retrieve.search does: min-max normalised, weighted sum
        scores = retrieve.fuse(dense, lex, score_fusion)
    for lst, w in (((dense, w_dense), (lex, w_lex)) if score_fusion is None else ()):
        for r, (cid, _) in enumerate(lst, 1):
            scores[cid] = scores.get(cid, 0.0) + w / (rrf_k + r)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    body: dict[str, float] = {}
    best: dict[str, str] = {}
    for cid, s in ranked:
        if not cid.endswith(":meta"):
            body[cid] = s
            best.setdefault(cid.rsplit(":", 1)[0], cid)
    if meta_lend:
        for cid, s in ranked:
            if cid.endswith(":meta"):
                sid = cid.rsplit(":", 1)[0]
                t = best.get(sid) or f"{sid}:0000"
                body[t] = max(body.get(t, 0.0), s)  # as retrieve.search: max, not sum
                best.setdefault(sid, t)
    items = sorted(body.items(), key=lambda kv: (-kv[1], kv[0]))
    return retrieve._diversify(items, k) if diversify else items[:k]


VARIANTS = {
    "as shipped: score fusion, dense weight 0.02": {"score_fusion": 0.02},
    "score fusion, dense weight 0 (lexical alone)": {"score_fusion": 0.0},
    "score fusion, dense weight 0.1": {"score_fusion": 0.1},
    "score fusion, dense weight 0.3": {"score_fusion": 0.3},
    "score fusion, weight 0.02, no diversity cap/decay": {"score_fusion": 0.02, "diversify": False},
    "RRF k=60, equal weights (before c85fd7a)": {},
    "rrf k=10": {"rrf_k": 10},
    "no diversity cap/decay": {"diversify": False},
    "no meta-chunk lending": {"meta_lend": False},
    "dense weight 0.5": {"w_dense": 0.5},
    "dense weight 0.3": {"w_dense": 0.3},
    "dense weight 0.2": {"w_dense": 0.2},
    "dense weight 0.1": {"w_dense": 0.1},
    "dense weight 0 (lexical through the same fusion)": {"w_dense": 0.0},
    "rrf k=10, dense weight 0.3": {"rrf_k": 10, "w_dense": 0.3},
    "rrf k=10, dense weight 0.1": {"rrf_k": 10, "w_dense": 0.1},
    "dense re-ranks BM25 candidates only (rrf 60)": {"rerank_only": True},
    "dense re-ranks BM25 candidates only, k=10, w 0.3": {"rerank_only": True, "rrf_k": 10, "w_dense": 0.3},
}


def build_store(target: int, seed: int, reuse: bool = False) -> tuple[Path, dict]:
    n_gen = max(0, round((target - 100) / CHUNKS_PER_SOURCE)) if target > 0 else 0
    store_dir = WORK / f"retrieval-store-{target}"
    if reuse and (store_dir / "chroma").is_dir():
        with open_store(load_settings(store=str(store_dir))) as st:
            return store_dir, {"added": len(st.sources()), "failed": 0, "chunks": st.chunk_count(), "generated_sources": n_gen,
                               "ingest_seconds": None, "ingest_max_rss_mb": None, "reused": True}
    gen_dir = fresh(WORK / f"retrieval-gen-{target}")
    if n_gen:
        g = run_rusage([PY, str(BENCH / "gen_corpus.py"), "--n", str(n_gen), "--seed", str(seed), "--out", str(gen_dir)])
        assert g["rc"] == 0, g["stderr"]
    store_dir = fresh(WORK / f"retrieval-store-{target}")
    # the library call in its own process, so its peak memory and time are its own
    code = (
        "import sys,json;from pathlib import Path;from draftbot.config import load_settings;"
        "from draftbot.index.store import open_store;from draftbot.index.ingest import ingest;"
        f"st=open_store(load_settings(store={str(store_dir)!r}),write=True);"
        f"r=ingest([Path({str(REPO / 'corpus')!r}),Path({str(gen_dir)!r})],st);"
        "print(json.dumps({'added':r.added,'failed':len(r.failed),'chunks':st.chunk_count()}));st.close()"
    )
    res = run_rusage([PY, "-c", code])
    assert res["rc"] == 0, res["stderr"]
    import json

    info = json.loads(res["stdout"].strip().splitlines()[-1])
    info.update({"generated_sources": n_gen, "ingest_seconds": res["seconds"], "ingest_max_rss_mb": res["max_rss_mb"]})
    return store_dir, info


def run_size(target: int, seed: int, questions: list[dict], reuse: bool = False) -> dict:
    t0 = time.perf_counter()
    store_dir, info = build_store(target, seed, reuse)
    print(f"[{target}] store: {info['chunks']} chunks, {info['added']} sources, ingest {info['ingest_seconds']} s")
    st = open_store(load_settings(store=str(store_dir)))
    out: dict = {"store": info, "modes": {}}
    try:
        # cold: the first lexical/hybrid query builds the BM25 index from the token strings in Chroma
        t = time.perf_counter()
        retrieve.search(st, questions[0]["q"], k=K, mode="hybrid")
        out["cold_first_query_seconds"] = round(time.perf_counter() - t, 3)
        per_q: list[dict] = [{"q": q["q"], "source": q["source"]} for q in questions]
        for mode in MODES:
            ranks, lat = [], []
            saved = retrieve.SOURCE_WEIGHT
            if mode == "lexical-plain":
                retrieve.SOURCE_WEIGHT = 0.0
            for q, row in zip(questions, per_q):
                t = time.perf_counter()
                hits = retrieve.search(st, q["q"], k=K, mode="lexical" if mode == "lexical-plain" else mode)
                lat.append(time.perf_counter() - t)
                r = rank_of(hits, q)
                ranks.append(r)
                row[mode] = r
            retrieve.SOURCE_WEIGHT = saved
            # weights were tuned on the even-numbered questions (dev); odd-numbered are held out
            out["modes"][mode] = metrics(ranks) | {
                "dev": metrics(ranks[0::2]),
                "held_out": metrics(ranks[1::2]),
                "latency_p50_ms": round(pct(lat, 50) * 1000, 1),
                "latency_p95_ms": round(pct(lat, 95) * 1000, 1),
            }
        out["per_question"] = per_q

        # diagnosis: fuse the same candidate lists differently
        n = max(50, K * 8)
        cands = []
        for q in questions:
            cands.append((retrieve._dense(st, q["q"], n, None), retrieve._lexical(st, q["q"], n, (None,) * 5)))
        variants = {}
        for name, kw in VARIANTS.items():
            ranks = []
            for q, (dn, lx) in zip(questions, cands):
                chosen = fuse(dn, lx, **kw)
                rows = st.get_chunks([cid for cid, _ in chosen])
                hits = [_Hit(_path(st, rows[c][1]), rows[c][0]) for c, _ in chosen if c in rows]
                ranks.append(rank_of(hits, q))
            variants[name] = metrics(ranks)
        out["fusion_variants"] = variants
        # the right chunk present in either candidate list at all (upper bound for any fusion)
        both = []
        for q, (dn, lx) in zip(questions, cands):
            ids = [c for c, _ in dn] + [c for c, _ in lx]
            rows = st.get_chunks(list(dict.fromkeys(ids)))
            hits = [_Hit(_path(st, m), d) for d, m in rows.values()]
            both.append(1 if rank_of(hits, q) else None)
        out["answer_in_candidates"] = round(sum(1 for b in both if b) / len(both), 4)
    finally:
        st.close()

    # what a user waits for: one CLI search, from process start to printed JSON
    cli = run_rusage(draftbot_cmd() + ["search", questions[0]["q"], "-k", "5", "--json", "--store", str(store_dir)])
    out["cli_search_seconds"] = cli["seconds"]
    out["cli_search_max_rss_mb"] = cli["max_rss_mb"]
    out["seconds_total"] = round(time.perf_counter() - t0, 1)
    return out


def _path(st, meta: dict) -> str:
    rec = st.get_source(meta.get("source_id", ""))
    return rec.path if rec else ""


class _Hit:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0,10000", help="comma-separated target chunk counts (0: the sample corpus alone)")
    ap.add_argument("--name", default="retrieval", help="result file bench/out/NAME.json")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="reuse a store built by an earlier run (no ingest)")
    a = ap.parse_args(argv)
    questions = load_questions()
    res = {"questions": len(questions), "k": K, "sizes": {}}
    for size in [int(s) for s in a.sizes.split(",")]:
        r = run_size(size, a.seed, questions, a.reuse)
        res["sizes"][str(size)] = r
        print(f"\n[{size}] {r['store']['chunks']} chunks · {len(questions)} questions · cold first query {r['cold_first_query_seconds']:.2f} s · "
              f"CLI search {r['cli_search_seconds']:.2f} s")
        print(f"{'mode':10}{'R@1':>7}{'R@3':>7}{'R@5':>7}{'R@10':>7}{'MRR':>7}{'p50 ms':>9}{'p95 ms':>9}")
        for mode, m in r["modes"].items():
            print(f"{mode:10}{m['recall@1']:7.3f}{m['recall@3']:7.3f}{m['recall@5']:7.3f}{m['recall@10']:7.3f}{m['mrr@10']:7.3f}"
                  f"{m['latency_p50_ms']:9.1f}{m['latency_p95_ms']:9.1f}")
        for mode, m in r["modes"].items():
            d, h = m["dev"], m["held_out"]
            print(f"  {mode:14} dev R@3 {d['recall@3']:.3f} R@5 {d['recall@5']:.3f} MRR {d['mrr@10']:.3f} | "
                  f"held-out R@3 {h['recall@3']:.3f} R@5 {h['recall@5']:.3f} MRR {h['mrr@10']:.3f}")
        best_single = max(r["modes"]["lexical"]["recall@3"], r["modes"]["dense"]["recall@3"])
        gap = (r["modes"]["hybrid"]["recall@3"] - best_single) * 100
        r["hybrid_minus_best_single_recall3_points"] = round(gap, 1)
        print(f"hybrid R@3 - best single R@3 = {gap:+.1f} points (goal >= +5)")
        print(f"answer in either candidate list (top {max(50, K * 8)} each): {r['answer_in_candidates']:.3f}")
        print("fusion variants (same candidates):")
        for name, m in r["fusion_variants"].items():
            print(f"  {name:45} R@3 {m['recall@3']:.3f}  R@5 {m['recall@5']:.3f}  MRR {m['mrr@10']:.3f}")
    path = write_result(a.name, res)
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
