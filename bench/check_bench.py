"""`draftbot check` throughput against a store of about 10k chunks.

    python bench/check_bench.py [--target 10000] [--seconds 8]

Store: the sample day plus generated distractors (reuses the 10k store of retrieval_bench.py when
it is there, else builds it the same way). Drafts: the checker's correct draft
(evals/checker/correct_draft.md) and every error/rewrite mutation of it (draftbot.verify.mutations),
so the mix has clean drafts and drafts with wrong numbers, scales, citations and references.

Measured: in-process `check_markdown` drafts per second with one `SourceLibrary.from_store` (what
`check` does for several files, and `eval` for many), and the `draftbot check FILE --json` CLI run
on a draft with one wrong figure, cold (first run on the store: builds the cross-source number
index) and warm (what an editor waits for on every re-check). Writes bench/out/check.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import WORK, draftbot_cmd, env, run_rusage, write_result  # noqa: E402

import os  # noqa: E402

os.environ.update({k: v for k, v in env().items() if k in ("TIKTOKEN_CACHE_DIR", "ANONYMIZED_TELEMETRY")})

from draftbot.config import load_settings  # noqa: E402
from draftbot.index.store import open_store  # noqa: E402
from draftbot.verify import SourceLibrary, check_markdown  # noqa: E402
from draftbot.verify.mutations import ERRORS, REWRITES, apply, correct_draft  # noqa: E402


def get_store(target: int) -> tuple[Path, bool]:
    store_dir = WORK / f"retrieval-store-{target}"
    if (store_dir / "chroma").is_dir():
        return store_dir, True
    import retrieval_bench

    store_dir, _ = retrieval_bench.build_store(target, 2)
    return store_dir, False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=8.0)
    a = ap.parse_args(argv)

    store_dir, reused = get_store(a.target)
    base = correct_draft()
    drafts = [base] + [apply(base, m) for m in ERRORS + REWRITES]
    draft_dir = WORK / "check-drafts"
    draft_dir.mkdir(parents=True, exist_ok=True)
    # a draft with one wrong figure: its check looks the figure up in every other source, which
    # needs the cross-source number index (built lazily, cached beside the store)
    first = draft_dir / "one_wrong_figure.md"
    first.write_text(drafts[1], encoding="utf-8")
    # the number-mention cache lives in the store folder: remove it so "cold" means cold
    for p in store_dir.glob("*mention*"):
        if p.is_file():
            p.unlink()

    cmd = draftbot_cmd() + ["check", str(first), "--json", "--store", str(store_dir)]
    cold = run_rusage(cmd)
    warm = run_rusage(cmd)

    with open_store(load_settings(store=str(store_dir))) as st:
        chunks = st.chunk_count()
        t = time.perf_counter()
        lib = SourceLibrary.from_store(st)
        lib_seconds = time.perf_counter() - t
        t = time.perf_counter()
        lib.warm()  # the cross-source index: read from the cache the CLI runs left
        warm_seconds = time.perf_counter() - t
        t = time.perf_counter()
        check_markdown(base, lib)
        first_in_process = time.perf_counter() - t
        n = 0
        findings = 0
        t = time.perf_counter()
        while time.perf_counter() - t < a.seconds or n < len(drafts):
            findings += len(check_markdown(drafts[n % len(drafts)], lib).findings)
            n += 1
        secs = time.perf_counter() - t

    res = {
        "store": {"dir": str(store_dir), "chunks": chunks, "reused_from_retrieval_bench": reused},
        "drafts": {"distinct": len(drafts), "chars_each": len(base), "checked": n, "findings": findings},
        "in_process": {"drafts_per_second": round(n / secs, 2), "ms_per_draft": round(secs / n * 1000, 1),
                       "library_open_seconds": round(lib_seconds, 3), "index_warm_seconds": round(warm_seconds, 3),
                       "first_check_seconds": round(first_in_process, 3)},
        "cli_cold": {"seconds": cold["seconds"], "max_rss_mb": cold["max_rss_mb"], "rc": cold["rc"]},
        "cli_warm": {"seconds": warm["seconds"], "max_rss_mb": warm["max_rss_mb"], "rc": warm["rc"]},
        "cmd": " ".join(cmd),
    }
    path = write_result("check", res)
    print(f"store {chunks} chunks; {len(drafts)} distinct drafts ({len(base)} chars each: correct + mutations)")
    print(f"  in-process check_markdown: {res['in_process']['drafts_per_second']:.1f} drafts/s "
          f"({res['in_process']['ms_per_draft']:.0f} ms each; library {lib_seconds:.2f} s, index warm {warm_seconds:.2f} s)")
    print(f"  CLI `draftbot check FILE --json` (one wrong figure): cold {cold['seconds']:.2f} s (builds the number index), "
          f"warm {warm['seconds']:.2f} s; "
          f"peak {warm['max_rss_mb']:.0f} MB")
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
