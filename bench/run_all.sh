#!/usr/bin/env bash
# Run every benchmark (about 10 minutes on 2 idle cores); results in bench/out/*.json.
# Not part of CI's pass/fail. Uses /tmp/draftbot-bench (DRAFTBOT_BENCH_WORK) for corpora and stores.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$(command -v python3)}"
[ -x .venv/bin/python ] && PY=.venv/bin/python
[ -x ../venv/bin/python ] && PY=../venv/bin/python
if [ -z "${TIKTOKEN_CACHE_DIR:-}" ] && [ -d ../shared/tiktoken ]; then export TIKTOKEN_CACHE_DIR="$(cd ../shared/tiktoken && pwd)"; fi
export ANONYMIZED_TELEMETRY=False
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
start=$(date +%s)
echo "== ingest (draftbot vs LangChain + Chroma, re-ingest unchanged / 1% changed)"; "$PY" bench/ingest_bench.py
echo "== retrieval (hybrid vs lexical vs dense, 10k chunks)"; "$PY" bench/retrieval_bench.py --sizes 0,10000
echo "== drafting (loopback server, 0.3 s per call, concurrency 4 vs 1)"; "$PY" bench/draft_bench.py
echo "== checking (10k-chunk store)"; "$PY" bench/check_bench.py
# COST_SOURCES: generated sources per store (150 ≈ 1k chunks; 1,550 ≈ 10k; 16,270 ≈ 100k, about 5 minutes
# of ingest each on 2 idle cores): BENCHMARKS.md section 13 used "150 16270".
echo "== cold read commands against bm25s / FTS5 / the read floor / plain Chroma (section 13; sources: ${COST_SOURCES:-150})"
W="${DRAFTBOT_BENCH_WORK:-/tmp/draftbot-bench}/cost"
rm -rf "$W" && mkdir -p "$W"
stores=()
for n in ${COST_SOURCES:-150}; do
  "$PY" bench/gen_corpus.py --n "$n" --seed 1 --out "$W/corpus-$n" > /dev/null
  "$PY" -m draftbot.cli ingest corpus "$W/corpus-$n" --store "$W/store-$n" -q
  stores+=(--store "$W/store-$n" --noop "corpus,$W/corpus-$n")
done
# The same day at 1k: the first store's filler plus the last corpus's sources of the sample day and the
# two weeks before it, so that "growth 1k -> 100k" compares the same day's work in a small and a big store
# (the generated day itself holds more sources in a bigger corpus).
last="${COST_SOURCES:-150}"; last="${last##* }"; first="${COST_SOURCES:-150}"; first="${first%% *}"
if [ "$last" != "$first" ]; then
  mkdir -p "$W/sameday-extra"
  for f in "$W/corpus-$last"/2026/2026-05-2*.md "$W/corpus-$last"/2026/2026-05-3*.md "$W/corpus-$last"/2026/2026-06-0[1-4]_*.md; do
    [ -e "$f" ] && cp "$f" "$W/sameday-extra/"
  done
  "$PY" -m draftbot.cli ingest corpus "$W/corpus-$first" "$W/sameday-extra" --store "$W/store-sameday" -q
  stores=(--store "$W/store-sameday" --noop "corpus,$W/corpus-$first,$W/sameday-extra" "${stores[@]}")
fi
"$PY" bench/cost_bench.py "${stores[@]}" --rounds 3 --name cost
echo "== first ingest: draftbot against plain Chroma adding the same rows ($first files; section 13)"
"$PY" bench/plain_chroma_ingest.py --corpus "$W/corpus-$first" --work "$W/plain-ingest" --rounds 2
echo "== a day of 20 new sources into the $last-source store (section 19)"
"$PY" bench/gen_corpus.py --n 20 --seed 77 --out "$W/day20" > /dev/null
"$PY" bench/day_ingest.py --store "$W/store-$last" --day "$W/day20" --rounds 3 --work "$W/day-ingest"
echo "== all done in $(( $(date +%s) - start )) s; JSON in bench/out/"
