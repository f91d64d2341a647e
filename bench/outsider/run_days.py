"""Run the outsider days: each folder here is one day of saved sources written by a helper who
never read the code (pages with tables, a notice, a text copy, an English wire, a DOCX or a
printed PDF, a provincial release, a distractor two months earlier), with KEY.json: 16 sentences
an editor would write, 8 right and 8 wrong in one element each (value, unit, direction, basis,
period, subject). See docs/VERIFIER.md, "Measured on outsider days".

    python bench/outsider/run_days.py                 # every day
    python bench/outsider/run_days.py day-2027-02-17  # one day
    python bench/outsider/run_days.py -v              # each sentence and its finding

Per day, as a writer and an editor would, cold CLI processes: ingest the sources into a fresh
store (the files dated to the day, as saved pages are), draft the day, check that draft (it must
have no finding), add each KEY sentence as its own cited paragraph to the first section, check
again, and count: wrong sentences caught, right sentences flagged. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "draftbot.cli", *args], capture_output=True, text=True)


def _plant(draft: str, key: list[dict], sources: list[dict]) -> tuple[str, dict[int, str]]:
    """The draft with each KEY sentence as a cited paragraph at the end of section 一 (a missing
    reference added), and each sentence's line."""
    lines = draft.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("## 参考文献"))
    refs = {m.group(2): int(m.group(1)) for ln in lines[at + 1:] if (m := re.match(r"(\d+)\. .*?《(.*?)》", ln))}
    extra: list[str] = []

    def cite(path: str) -> int:
        rec = next(s for s in sources if Path(s["path"]).name == Path(path).name)
        if rec["title"] not in refs:
            refs[rec["title"]] = max(refs.values(), default=0) + 1
            extra.append(f"{refs[rec['title']]}. {rec['publisher'] or '佚名'}，《{rec['title']}》，{rec['date']}，用于核验。")
        return refs[rec["title"]]

    first = next(i for i, ln in enumerate(lines) if ln.startswith("## 一、"))
    end = next(i for i in range(first + 1, len(lines)) if lines[i].startswith("## "))
    planted = [f"{s['text'].rstrip('。')}[{cite(s['source'])}]。" for s in key]
    out = lines[:end] + sum(([p, ""] for p in planted), []) + lines[end:] + extra
    return "\n".join(out) + "\n", {k: p for k, p in enumerate(planted)}


def run_day(folder: Path, verbose: bool) -> tuple[int, int, int]:
    key = json.loads((folder / "KEY.json").read_text(encoding="utf-8"))
    day = key["day"]
    stamp = dt.datetime.fromisoformat(f"{day}T18:00:00").timestamp()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sources"
        src.mkdir()
        for f in (folder / "sources").iterdir():
            (src / f.name).write_bytes(f.read_bytes())
            os.utime(src / f.name, (stamp, stamp))
        store, draft = Path(tmp) / "store", Path(tmp) / "d.md"
        for args in (("ingest", str(src), "--store", str(store), "-q"),
                     ("draft", "--date", day, "--store", str(store), "-o", str(draft), "--force", "-q")):
            r = _cli(*args)
            if r.returncode != 0:
                raise SystemExit(f"{folder.name}: {args[0]} failed: {r.stderr.strip()[-400:]}")
        own = json.loads(_cli("check", str(draft), "--store", str(store), "--json").stdout)
        own_findings = sum(len(f["findings"]) for f in own["files"])
        sources = json.loads(_cli("sources", "--store", str(store), "--json").stdout)
        text, planted = _plant(draft.read_text(encoding="utf-8"), key["sentences"], sources)
        draft.write_text(text, encoding="utf-8")
        rep = json.loads(_cli("check", str(draft), "--store", str(store), "--json").stdout)
    where = {ln: i for i, ln in enumerate(text.splitlines(), 1)}
    by_line: dict[int, list] = {}
    for f in (f for fl in rep["files"] for f in fl["findings"]):
        by_line.setdefault(f.get("line"), []).append(f)
    caught = flagged = 0
    for k, s in enumerate(key["sentences"]):
        hit = by_line.get(where.get(planted[k]), [])
        caught += bool(hit) and not s["correct"]
        flagged += bool(hit) and s["correct"]
        if verbose:
            mark = "ok " if bool(hit) != s["correct"] else "BAD"
            print(f"  {mark} {'right' if s['correct'] else 'wrong:' + s['element']:16} {s['text']}")
            for f in hit:
                print(f"        -> {f['kind']}: {f.get('detail', '')[:160]}")
    return caught, flagged, own_findings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("days", nargs="*", help="day folders (default: every day-* folder here)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    folders = [HERE / d for d in a.days] if a.days else sorted(HERE.glob("day-*"))
    for folder in folders:
        t0 = time.perf_counter()
        key = json.loads((folder / "KEY.json").read_text(encoding="utf-8"))["sentences"]
        caught, flagged, own = run_day(folder, a.verbose)
        wrong, right = sum(not s["correct"] for s in key), sum(s["correct"] for s in key)
        print(f"{folder.name}: wrong caught {caught}/{wrong}, right flagged {flagged}/{right}, "
              f"findings on its own draft {own} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
