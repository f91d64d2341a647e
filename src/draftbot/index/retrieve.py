"""Hybrid retrieval: dense (Chroma HNSW) + BM25 in source context, fused by normalised score,
then diversified.

- Both sides see the same filters (date range on ``date_int``, publishers, kinds, source ids):
  a Chroma ``where`` for the dense side, boolean masks over the persisted lexical index
  (lexindex.py; the in-memory BM25 only where no local folder can hold it).
- Lexical side: a chunk scores its own BM25 (over the best chunk's) plus ``SOURCE_WEIGHT`` times
  its source's BM25 with all its chunks taken as one text (over the best source's). Generated
  look-alike sources share a chunk's words; the title, period and the rest of the question are
  spread over the whole source. Bench (10k / 100k chunks): lexical recall@3 0.741 -> 0.815 /
  0.704 -> 0.778; weights chosen on the even-numbered questions of bench/questions.yaml.
- Fusion: each list is min-max normalised over its top n; hybrid score = (1 - w) * lexical +
  w * dense, w = ``DENSE_WEIGHT`` by embedder. HashEmbedding ranks template boilerplate, so it
  only breaks ties (0.02: the dev questions neither gain nor lose). RRF with equal weights let
  chunks ranked ~30th by both lists beat BM25's first (bench, 10k chunks: hybrid recall@3 0.333). A real embedding model has not been
  measured; its weight is a guess to re-test with `bench/retrieval_bench.py --embedder`.
- Meta chunks (title/summary/keywords, see chunking.py) rank like any chunk, but are never
  returned as evidence: a meta hit passes its score (max with the chunk's own) to the best-ranked
  body chunk of the same source (or the source's first chunk), so every Hit is a real span of
  the source text.
- Diversity: greedy selection where each further chunk from an already chosen source has its
  score multiplied by 0.7 per chunk already taken, and at most ceil(k/2) chunks per source.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Iterable, Literal

from draftbot.errors import UserError
from draftbot.index.chunking import chunk_id
from draftbot.index.lexical import query_tokens
from draftbot.text.dates import iso_day
from draftbot.index.store import Store
from draftbot.index.where import _dint, build_where  # noqa: F401  (build_where: callers filter with it)

if TYPE_CHECKING:
    from draftbot.models import Hit

SOURCE_WEIGHT = 3.0
DENSE_WEIGHT = {"draftbot-hash": 0.02}
DENSE_WEIGHT_OTHER = 0.3  # not measured: no embedding endpoint offline
SAME_SOURCE_DECAY = 0.7
Mode = Literal["hybrid", "lexical", "dense"]


def _matches(m: dict, df: int | None, dt_: int | None, pubs: set | None, kinds: set | None, sids: set | None) -> bool:
    di = m.get("date_int", 0)
    if df is not None and di < df:
        return False
    if dt_ is not None and di > dt_:
        return False
    if pubs is not None and m.get("publisher") not in pubs:
        return False
    if kinds is not None and m.get("kind") not in kinds:
        return False
    if sids is not None and m.get("source_id") not in sids:
        return False
    return True


# A filter naming sources with at most this many chunks in all is scored here, exactly, from
# their embeddings fetched by id: Chroma's filtered HNSW query scans the metadata of the whole
# collection (~90 ms at 100k chunks), and `draft` asks one per section query and source.
LOCAL_DENSE_MAX = 2000


def _dense_among(store: Store, emb, n: int, filt: tuple) -> list[tuple[str, float]] | None:
    """Cosine ranking of the chunks of `filt`'s sources (None: too many to score here)."""
    df, dt_, pubs, kinds, sids = filt
    got = _vectors_of(store, sids, lambda m: _matches(m, df, dt_, pubs, kinds, None))
    return None if got is None else _cosine_top(got, emb, n)


def _vectors_of(store: Store, sids: set, keep) -> tuple[list[str], object] | None:
    """(ids, float32 matrix) of the chunks of `sids` whose metadata `keep` accepts (None: more
    than LOCAL_DENSE_MAX chunks, left to Chroma)."""
    import numpy as np

    recs = store.get_sources(sorted(sids))
    if sum(r.chunks + 1 for r in recs.values()) > LOCAL_DENSE_MAX:
        return None
    ids, metas, embs = store.chunk_vectors(list(recs.values()))
    kept = [i for i, m in enumerate(metas) if keep(m)]
    if not kept:
        return [], None
    return [ids[i] for i in kept], np.asarray([embs[i] for i in kept], dtype=np.float32)


def _cosine_top(got: tuple[list[str], object], emb, n: int) -> list[tuple[str, float]]:
    import numpy as np

    ids, mat = got
    if not ids:
        return []
    q = np.asarray(emb[0], dtype=np.float32)
    norms = np.linalg.norm(mat, axis=1) * (np.linalg.norm(q) or 1.0)
    dist = 1.0 - (mat @ q) / np.where(norms > 0, norms, 1.0)  # Chroma's cosine distance
    order = sorted(range(len(ids)), key=lambda j: (float(dist[j]), ids[j]))[:n]
    return [(ids[j], 1.0 - float(dist[j])) for j in order]


def _dense(store: Store, query: str, n: int, where: dict | None, filt: tuple | None = None) -> list[tuple[str, float]]:
    total = store.chunk_count()
    if total == 0:
        return []
    emb = store.embedder.embed_matrix([query])
    if filt is not None and filt[4]:
        local = _dense_among(store, emb, n, filt)
        if local is not None:
            return local
    return store.dense_query(emb, n, where)


def _lexical(store: Store, query: str, n: int, filt: tuple) -> list[tuple[str, float]]:
    idx = store.lexical_index()
    if idx is not None:  # the persisted index: memory-mapped postings, filters as array masks
        allowed = idx.allowed_mask(*filt)
        return idx.top_in_context(query_tokens(query, store.analyzer), n, SOURCE_WEIGHT, allowed)
    bm, ids, metas = store.lexical()
    if not ids:
        return []
    df, dt_, pubs, kinds, sids = filt
    allowed = None
    if any(x is not None for x in filt):
        allowed = {i for i, m in enumerate(metas) if _matches(m, df, dt_, pubs, kinds, sids)}
    return [(ids[i], s) for i, s in bm.top_in_context(query_tokens(query, store.analyzer), n, SOURCE_WEIGHT, allowed)]


def _minmax(lst: list[tuple[str, float]]) -> dict[str, float]:
    if not lst:
        return {}
    hi, lo = lst[0][1], lst[-1][1]
    return {cid: (s - lo) / (hi - lo) if hi > lo else 1.0 for cid, s in lst}


def dense_weight(embedder) -> float:
    try:
        name = embedder.name()
    except Exception:
        name = ""
    return DENSE_WEIGHT.get(name, DENSE_WEIGHT_OTHER)


def fuse(dense: list[tuple[str, float]], lex: list[tuple[str, float]], w_dense: float) -> dict[str, float]:
    """Min-max normalised score fusion of two ranked lists (best first)."""
    scores = {cid: (1.0 - w_dense) * s for cid, s in _minmax(lex).items()}
    for cid, s in _minmax(dense).items():
        scores[cid] = scores.get(cid, 0.0) + w_dense * s
    return scores


def search_rows(
    store: Store,
    query: str,
    k: int = 8,
    date_from=None,
    date_to=None,
    publishers: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    source_ids: Iterable[str] | None = None,
    mode: Mode = "hybrid",
) -> list[dict]:
    """The `k` best chunks for `query` (see module docstring), as `Hit` fields: what `search`
    returns without building the models (a plain `draftbot search` prints them before pydantic loads)."""
    if not query or not query.strip():
        raise UserError("search query is empty")
    if mode not in ("hybrid", "lexical", "dense"):
        raise UserError(f"search mode {mode!r} is not one of hybrid, lexical, dense")
    if k <= 0:
        return []
    pubs = set(publishers) if publishers else None
    kds = set(kinds) if kinds else None
    sids = set(source_ids) if source_ids else None
    df, dt_ = iso_day(date_from), iso_day(date_to)
    filt = (_dint(df) if df else None, _dint(dt_) if dt_ else None, pubs, kds, sids)
    where = build_where(df, dt_, pubs, kds, sids)
    n = max(50, k * 8)

    dense = _dense(store, query, n, where, filt) if mode in ("hybrid", "dense") else []
    lex = _lexical(store, query, n, filt) if mode in ("hybrid", "lexical") else []
    return _hits(store, dense, lex, k, mode)


def search(store: Store, query: str, k: int = 8, date_from=None, date_to=None, publishers: Iterable[str] | None = None,
           kinds: Iterable[str] | None = None, source_ids: Iterable[str] | None = None, mode: Mode = "hybrid") -> list[Hit]:
    """The `k` best chunks for `query` (see module docstring)."""
    from draftbot.models import Hit

    return [Hit(**row) for row in search_rows(store, query, k, date_from, date_to, publishers, kinds, source_ids, mode)]


def search_each(store: Store, queries: list[str], k: int, source_ids: list[str]) -> list[list[Hit]]:
    """`[search(store, q, k=k, source_ids=[sid]) for sid in source_ids for q in queries]` (hybrid),
    the same hits, with each query scored once over all these sources (the lexical side), each
    query embedded once and each source's vectors read once (the dense side): a draft's section
    asks every query of each of its sources."""
    if any(not q or not q.strip() for q in queries):
        raise UserError("search query is empty")
    if k <= 0:
        return [[] for _ in source_ids for _ in queries]
    n = max(50, k * 8)
    lex = _lexical_each(store, queries, n, source_ids)
    dense = _dense_each(store, queries, n, source_ids)
    from draftbot.models import Hit

    return [[Hit(**row) for row in _hits(store, dense[sid, q], lex[sid, q], k, "hybrid")] for sid in source_ids for q in queries]


def _lexical_each(store: Store, queries: list[str], n: int, sids: list[str]) -> dict[tuple[str, str], list]:
    idx = store.lexical_index()
    if idx is None or not hasattr(idx, "top_per_source"):  # the in-memory BM25: one search each
        return {(sid, q): _lexical(store, q, n, (None, None, None, None, {sid})) for sid in sids for q in queries}
    out = {}
    for q in dict.fromkeys(queries):
        for sid, ranked in idx.top_per_source(query_tokens(q, store.analyzer), n, SOURCE_WEIGHT, list(dict.fromkeys(sids))).items():
            out[sid, q] = ranked
    return out


def _dense_each(store: Store, queries: list[str], n: int, sids: list[str]) -> dict[tuple[str, str], list]:
    if store.chunk_count() == 0:
        return {(sid, q): [] for sid in sids for q in queries}
    embs = {q: store.embedder.embed_matrix([q]) for q in dict.fromkeys(queries)}
    out = {}
    for sid in dict.fromkeys(sids):
        got = _vectors_of(store, {sid}, lambda m: True)
        for q in queries:
            out[sid, q] = _cosine_top(got, embs[q], n) if got is not None else \
                store.dense_query(embs[q], n, build_where(source_ids=[sid]))
    return out


def _hits(store: Store, dense: list[tuple[str, float]], lex: list[tuple[str, float]], k: int, mode: Mode) -> list[dict]:
    """The fused, diversified `k` best of the two rankings, as hits with their texts and records."""
    dense_rank = {cid: r for r, (cid, _) in enumerate(dense, 1)}
    lex_rank = {cid: r for r, (cid, _) in enumerate(lex, 1)}

    if mode == "hybrid":
        scores = fuse(dense, lex, dense_weight(store.embedder))
    else:
        scores = dict(dense or lex)

    # meta chunks lend their score to a body chunk of their source
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    body: dict[str, float] = {}
    best_body_of: dict[str, str] = {}
    for cid, s in ranked:
        if not cid.endswith(":meta"):
            body[cid] = s
            best_body_of.setdefault(cid.rsplit(":", 1)[0], cid)
    for cid, s in ranked:
        if cid.endswith(":meta"):
            sid = cid.rsplit(":", 1)[0]
            target = best_body_of.get(sid) or chunk_id(sid, 0)
            # max, not sum: a source whose body also matched must not count its match twice
            body[target] = max(body.get(target, 0.0), s)
            best_body_of.setdefault(sid, target)
            # show the meta chunk's ranks on its stand-in when the stand-in was not ranked itself
            if cid in dense_rank:
                dense_rank.setdefault(target, dense_rank[cid])
            if cid in lex_rank:
                lex_rank.setdefault(target, lex_rank[cid])

    chosen = _diversify(sorted(body.items(), key=lambda kv: (-kv[1], kv[0])), k)
    rows = store.get_chunks([cid for cid, _ in chosen])
    # only the hits' records, by id: never every record of the store
    recs = store.raw_records([m["source_id"] for doc, m in rows.values()])
    hits: list[dict] = []
    for cid, s in chosen:
        if cid not in rows:  # e.g. a source without body chunks (empty text)
            continue
        doc, m = rows[cid]
        rec = recs.get(m["source_id"])
        if rec is None:  # chunks of an ingest still writing (or killed): not committed, not visible
            continue
        hits.append({
            "chunk_id": cid,
            "source_id": m["source_id"],
            "title": rec.get("title", ""),
            "publisher": m.get("publisher", ""),
            "date": dt.date.fromisoformat(m["date"]) if m.get("date") else None,
            "path": rec.get("path", ""),
            "score": round(s, 6),
            "text": doc,
            "start": int(m.get("start", 0)),
            "end": int(m.get("end", 0)),
            "kind": m.get("kind", "release"),
            "url": rec.get("url") or None,
            "usage": rec.get("usage", ""),
            "dense_rank": dense_rank.get(cid),
            "lexical_rank": lex_rank.get(cid),
        })
    return hits


def _diversify(ranked: list[tuple[str, float]], k: int) -> list[tuple[str, float]]:
    """Greedy pick: decay the score of further chunks from an already chosen source; cap per source."""
    cap = max(1, math.ceil(k / 2))
    taken: dict[str, int] = {}
    pool = ranked[: max(k * 10, 100)]
    out: list[tuple[str, float]] = []
    while pool and len(out) < k:
        best_i, best_s = -1, -1.0
        for i, (cid, s) in enumerate(pool):
            sid = cid.rsplit(":", 1)[0]
            t = taken.get(sid, 0)
            if t >= cap:
                continue
            adj = s * (SAME_SOURCE_DECAY**t)
            if adj > best_s:
                best_i, best_s = i, adj
        if best_i < 0:
            break
        cid, s = pool.pop(best_i)
        sid = cid.rsplit(":", 1)[0]
        taken[sid] = taken.get(sid, 0) + 1
        out.append((cid, s))
    return out
