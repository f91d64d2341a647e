"""Two writers on one `chroma run` server: a big and a small ingest, the small one started
part-way through the big one, repeated; does anything get lost?

    python bench/concurrent_ingest.py --trials 20 --big 300 --small 30

Each trial starts from empty collections on a loopback server. Both ingests are `draftbot ingest`
CLI processes with their own local folder (two machines). Afterwards the store must hold every
source of both folders, each with all the chunks its record counts, and no other chunk. Writes
bench/out/concurrent_ingest.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from _util import BENCH, PY, draftbot_cmd, env, write_result  # noqa: E402

import subprocess  # noqa: E402


def check(url: str, n_expected: int) -> dict:
    from draftbot.config import load_settings
    from draftbot.index.store import open_store

    with open_store(load_settings(store=tempfile.mkdtemp(), chroma_url=url)) as st:
        recs = st.sources()
        # by id, written out here so that the script also checks an older draftbot (PYTHONPATH)
        want = [(r.id, c) for r in recs for c in [*(f"{r.id}:{i:04d}" for i in range(r.chunks)), f"{r.id}:meta"]]
        have: set[str] = set()
        for i in range(0, len(want), 1000):
            have.update(st.chunks_col.get(ids=[c for _, c in want[i : i + 1000]], include=[])["ids"])
        missing = {sid for sid, c in want if c not in have}
        total = st.chunks_col.count()
        expected = sum(r.chunks + 1 for r in recs)
    return {"sources": len(recs), "expected_sources": n_expected, "sources_missing_chunks": len(missing),
            "chunks": total, "chunks_expected": expected,
            "ok": len(recs) == n_expected and not missing and total == expected}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--big", type=int, default=300)
    ap.add_argument("--small", type=int, default=30)
    ap.add_argument("--delay", type=float, default=2.0, help="seconds after the big ingest starts")
    ap.add_argument("--name", default="concurrent_ingest")
    a = ap.parse_args()
    from chroma_server import ChromaServer

    work = Path(tempfile.mkdtemp(prefix="concurrent-ingest-"))
    big, small = work / "big", work / "small"
    subprocess.run([PY, str(BENCH / "gen_corpus.py"), "--n", str(a.big), "--seed", "11", "--out", str(big)], check=True, env=env())
    subprocess.run([PY, str(BENCH / "gen_corpus.py"), "--n", str(a.small), "--seed", "12", "--out", str(small)], check=True, env=env())
    server = ChromaServer(work / "server")
    server.start()
    trials = []
    try:
        for t in range(a.trials):
            server.reset()
            e = env()
            t0 = time.perf_counter()
            p1 = subprocess.Popen([*draftbot_cmd(), "ingest", str(big), "--chroma-url", server.url, "--store", str(work / f"m1-{t}"), "--quiet"],
                                  env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(a.delay)
            p2 = subprocess.Popen([*draftbot_cmd(), "ingest", str(small), "--chroma-url", server.url, "--store", str(work / f"m2-{t}"), "--quiet"],
                                  env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            o1, e1 = p1.communicate()
            o2, e2 = p2.communicate()
            res = check(server.url, a.big + a.small)
            res.update(rc=[p1.returncode, p2.returncode], seconds=round(time.perf_counter() - t0, 2),
                       out=[o1.decode().strip(), o2.decode().strip()], err=[e1.decode()[-300:], e2.decode()[-300:]])
            trials.append(res)
            print(f"trial {t + 1}: ok={res['ok']} sources {res['sources']}/{res['expected_sources']} chunks {res['chunks']}/"
                  f"{res['chunks_expected']} rc={res['rc']} {res['seconds']} s", flush=True)
    finally:
        server.stop()
    lost = sum(1 for r in trials if not r["ok"])
    print(f"{a.trials} trials, {lost} lost something")
    write_result(a.name, {"args": vars(a), "trials": trials, "trials_losing_data": lost})


if __name__ == "__main__":
    main()
