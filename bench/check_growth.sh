#!/bin/bash
# Cold `check --json` of each store's own sample-day draft, this tree and another ("before"), interleaved
# per round, so load changes hit all alike (issue 26: check at 100k, and its growth from 1k).
#
#   bench/check_growth.sh ROUNDS BEFORE_SRC STORE_1K DRAFT_1K STORE_100K DRAFT_100K
#
# The drafts are made beforehand (e.g. `draftbot draft --date 2026-06-04 --backend extractive -o d.md`
# on a copy of each store, with the before tree). Prints CPU (user + sys) per round and the peak RSS
# (KB) per command; the load average before each round.
set -euo pipefail
rounds=$1 before=$2 s1=$3 d1=$4 s2=$5 d2=$6
here=$(cd "$(dirname "$0")/.." && pwd)
py=${PY:-$here/.venv/bin/python}
[ -x "$py" ] || py=/work/main/.venv/bin/python
unset PYTHONDONTWRITEBYTECODE  # else each cold start compiles every module again
"$py" -m compileall -q "$here/src" >/dev/null  # (the before tree: compile it yourself if it is yours)
raw=$(mktemp)
run() { PYTHONPATH=$2 /usr/bin/time -a -o "$raw" -f "$1 %U %S %M" "$py" -m draftbot.cli check --json --store "$3" "$4" >/dev/null 2>&1 || true; }
for _ in $(seq "$rounds"); do
  echo "load $(cut -d' ' -f1 /proc/loadavg)" >>"$raw"
  for t in after before; do
    src=$here/src; [ "$t" = before ] && src=$before
    run "$t 1k" "$src" "$s1" "$d1"; run "$t 100k" "$src" "$s2" "$d2"
  done
done
grep -v '^load' "$raw" | awk '{k=$1" "$2; c[k]=c[k]" "($3+$4); m[k]=(m[k]>$5?m[k]:$5)} END {for (k in c) print k, "CPU:" c[k], "peak RSS KB:", m[k]}' | sort
grep '^load' "$raw" | tr '\n' ' '; echo
rm -f "$raw"
