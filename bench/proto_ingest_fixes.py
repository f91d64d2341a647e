"""Prototypes of the ingest fixes recommended in docs/BENCHMARKS.md, measured against the shipped code.

    python bench/proto_ingest_fixes.py [--files 1500]

Each prototype is checked for identical output before it is timed:
1. front matter with yaml.CSafeLoader (libyaml) instead of the pure-Python SafeLoader;
2. HashEmbedding over a whole batch (one vectorised pass) instead of one numpy pass per text;
3. tiktoken counts for all sentences of a source in one `encode_ordinary_batch` call;
4. reading a file with read() instead of read(limit + 1) (CPython allocates limit+1 bytes first).
Writes bench/out/proto_ingest_fixes.json.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import BENCH, PY, WORK, env, run_rusage, write_result  # noqa: E402

import os  # noqa: E402

os.environ.update({k: v for k, v in env().items() if k in ("TIKTOKEN_CACHE_DIR", "ANONYMIZED_TELEMETRY")})

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from draftbot.index import embeddings as E  # noqa: E402
from draftbot.index.chunking import chunk_source  # noqa: E402
from draftbot.sources import load_paths  # noqa: E402
from draftbot.text.normalize import normalize_width  # noqa: E402
from draftbot.text.sentences import split_sentences  # noqa: E402
from draftbot.text.tokens import _encoding, count_tokens, encoding_name  # noqa: E402


def timeit(fn, reps: int = 3) -> float:
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


# --- 2. batched hash embedding ----------------------------------------------------------------
def embed_batch(texts: list[str], dim: int = E.DEFAULT_DIM) -> np.ndarray:
    """Same vectors as HashEmbedding(dim).embed_matrix(texts), computed in one vectorised pass."""
    n = len(texts)
    out = np.zeros((n, dim), dtype=np.float32)
    if n == 0:
        return out
    norm = [normalize_width(t).lower() for t in texts]
    joined = "\n".join(norm)  # "\n" is not CJK: no bigram spans two texts
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lens = np.fromiter((len(t) for t in norm), dtype=np.int64, count=n)
    starts = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])
    row_of_pos = np.repeat(np.arange(n), lens + 1)[: cp.size]
    cjk = E._is_cjk(cp)
    uni_k, uni_r = cp[cjk], row_of_pos[cjk]
    both = cjk[:-1] & cjk[1:]
    bi_k = ((cp[:-1][both] << np.uint64(21)) | cp[1:][both] | (np.uint64(1) << np.uint64(62))) ^ E._BIGRAM_SALT
    bi_r = row_of_pos[:-1][both]
    wk, wr, ww = [], [], []
    for row, t in enumerate(norm):
        words = E._WORD.findall(t)
        if not words:
            continue
        wk += [zlib.crc32(w.encode()) | (E._WORD_SALT << 32) for w in words]
        wk += [zlib.crc32(f"{a} {b}".encode()) | ((E._WORD_SALT + 1) << 32) for a, b in zip(words, words[1:])]
        wr += [row] * (2 * len(words) - 1)
        ww += [1.0] * len(words) + [0.7] * (len(words) - 1)
    keys = np.concatenate([uni_k, bi_k, np.array(wk, dtype=np.uint64)])
    rows = np.concatenate([uni_r, bi_r, np.array(wr, dtype=np.int64)])
    weights = np.concatenate([np.full(uni_k.size, 0.5), np.ones(bi_k.size), np.array(ww, dtype=np.float64)])
    del starts
    # distinct (row, key) pairs with their counts; the weight of a pair is its first occurrence's
    order = np.lexsort((keys, rows))
    ks, rs = keys[order], rows[order]
    new = np.ones(ks.size, dtype=bool)
    new[1:] = (ks[1:] != ks[:-1]) | (rs[1:] != rs[:-1])
    first = np.flatnonzero(new)
    counts = np.diff(np.append(first, ks.size))
    w = weights[order][first] * (1.0 + np.log(counts))
    h = E._mix(ks[first])
    bucket = (h % np.uint64(dim)).astype(np.int64)
    sign = np.where((h >> np.uint64(63)) == 1, -1.0, 1.0)
    flat = np.bincount(rs[first] * dim + bucket, weights=sign * w, minlength=n * dim).reshape(n, dim)
    nrm = np.linalg.norm(flat, axis=1)
    ok = nrm > 0
    out[ok] = (flat[ok] / nrm[ok, None]).astype(np.float32)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1500)
    a = ap.parse_args(argv)
    corpus = WORK / "proto-corpus"
    if not corpus.is_dir():
        r = run_rusage([PY, str(BENCH / "gen_corpus.py"), "--n", str(a.files), "--seed", "3", "--out", str(corpus)])
        assert r["rc"] == 0, r["stderr"]
    files = sorted(corpus.rglob("*.md"))
    res: dict = {"files": len(files)}

    # 1. YAML front matter
    from draftbot.sources import frontmatter

    blocks = []
    for f in files:
        t = f.read_text(encoding="utf-8")
        blocks.append(t[4 : t.find("\n---", 4)])

    class CLoader(yaml.CSafeLoader):
        pass

    CLoader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"] for ch, rs in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }
    assert all(yaml.load(b, Loader=CLoader) == yaml.load(b, Loader=frontmatter._Loader) for b in blocks)  # noqa: S506
    py = timeit(lambda: [yaml.load(b, Loader=frontmatter._Loader) for b in blocks], 1)  # noqa: S506
    c = timeit(lambda: [yaml.load(b, Loader=CLoader) for b in blocks], 1)  # noqa: S506
    res["yaml"] = {"safe_loader_s": round(py, 3), "csafe_loader_s": round(c, 3), "speedup": round(py / c, 1)}

    # 4. read(limit+1) vs read()
    from draftbot.sources.loader import max_source_bytes

    lim = max_source_bytes()

    def rd(big: bool):
        for f in files:
            with open(f, "rb") as fh:
                fh.read(lim + 1) if big else fh.read()

    r_big, r_small = timeit(lambda: rd(True)), timeit(lambda: rd(False))
    res["read"] = {"read_limit_plus_1_s": round(r_big, 3), "read_s": round(r_small, 3)}

    # 2. embeddings
    sources = load_paths([corpus]).sources
    texts = [c.text for s in sources for c in chunk_source(s)]
    he = E.HashEmbedding()
    ref = he.embed_matrix(texts)
    fast = embed_batch(texts)
    diff = float(np.abs(ref - fast).max())
    assert diff < 1e-5, diff
    t_ref = timeit(lambda: he.embed_matrix(texts), 1)
    t_fast = timeit(lambda: [embed_batch(texts[i : i + 2048]) for i in range(0, len(texts), 2048)], 1)
    res["embedding"] = {"chunks": len(texts), "per_text_s": round(t_ref, 3), "batched_s": round(t_fast, 3),
                        "speedup": round(t_ref / t_fast, 1), "max_abs_diff": diff}

    # 3. token counts
    enc = _encoding(encoding_name(None))
    sents = [[s.text for s in split_sentences(src.text)] for src in sources]
    assert all([count_tokens(x) for x in ss] == [len(v) for v in enc.encode_ordinary_batch(ss)] for ss in sents[:200])
    t_one = timeit(lambda: [[count_tokens(x) for x in ss] for ss in sents], 1)
    t_batch = timeit(lambda: [[len(v) for v in enc.encode_ordinary_batch(ss, num_threads=2)] for ss in sents], 1)
    t_ord = timeit(lambda: [[len(enc.encode_ordinary(x)) for x in ss] for ss in sents], 1)
    res["tokens"] = {"sentences": sum(map(len, sents)), "count_tokens_s": round(t_one, 3), "encode_ordinary_s": round(t_ord, 3),
                     "encode_ordinary_batch_s": round(t_batch, 3)}

    path = write_result("proto_ingest_fixes", res)
    for k, v in res.items():
        print(f"{k}: {v}")
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
