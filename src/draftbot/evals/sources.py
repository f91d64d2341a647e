"""How well draftbot reads files with nobody's metadata: title, publisher, date and a clean body.

    python -m draftbot.evals.sources [DIR ...] [--json] [--misses]

Each DIR (default: evals/sources/shapes and evals/sources/held_out) holds source files and an
`expected.yaml`: `file: {shape, title, publisher, date, body, not_in_body}`. A file scores

- title / publisher / date: equal to the expected value (spaces squeezed; date as YYYY-MM-DD or null);
- body clean: the expected `body` snippet is in the stored text and none of `not_in_body` (menus,
  footers, captions the page carried) is.

A file the loader refuses scores nothing and is listed. Prints one block per DIR (rates, then one line
per shape) and the misses; stdout only, exit status 0 (a measure, not a gate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from draftbot.sources.errors import SourceError
from draftbot.sources.loader import load_file

FIELDS = ("title", "publisher", "date", "body")
DEFAULT_DIRS = ("evals/sources/shapes", "evals/sources/held_out")


class Expected(BaseModel):
    shape: str = "other"
    title: str
    publisher: str = ""
    date: str | None = None
    body: str
    not_in_body: list[str] = Field(default_factory=list)


class FileScore(BaseModel):
    file: str
    shape: str
    refused: str = ""
    ok: dict[str, bool] = Field(default_factory=dict)
    got: dict[str, Any] = Field(default_factory=dict)
    want: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class SetScore(BaseModel):
    folder: str
    files: list[FileScore]

    def rate(self, field: str, shape: str | None = None) -> tuple[int, int]:
        rows = [f for f in self.files if shape is None or f.shape == shape]
        return sum(1 for f in rows if f.ok.get(field)), len(rows)


def _squeeze(s: Any) -> str:
    return " ".join(str(s or "").split())


def score_file(folder: Path, name: str, want: Expected) -> FileScore:
    out = FileScore(file=name, shape=want.shape, want=want.model_dump())
    try:
        src = load_file(folder / name)
    except SourceError as e:
        out.refused = str(e)
        out.ok = {f: False for f in FIELDS}
        return out
    date = src.date.isoformat() if isinstance(src.date, dt.date) else None
    dirty = [bit for bit in want.not_in_body if bit in src.text]
    out.got = {"title": src.title, "publisher": src.publisher, "date": date, "body_missing": want.body not in src.text, "body_dirty": dirty}
    out.warnings = list(getattr(src, "warnings", []))
    out.ok = {
        "title": _squeeze(src.title) == _squeeze(want.title),
        "publisher": _squeeze(src.publisher) == _squeeze(want.publisher),
        "date": date == (want.date or None),
        "body": want.body in src.text and not dirty,
    }
    return out


def score_folder(folder: Path) -> SetScore:
    raw = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    files = [score_file(folder, name, Expected(**{k: (str(v) if k == "date" and v else v) for k, v in spec.items()})) for name, spec in sorted(raw.items())]
    return SetScore(folder=str(folder), files=files)


def report(score: SetScore, misses: bool = True) -> str:
    lines = [f"== {score.folder}: {len(score.files)} files, {sum(1 for f in score.files if f.refused)} refused"]
    for field in FIELDS:
        ok, n = score.rate(field)
        lines.append(f"  {field:<10} {ok}/{n} = {100 * ok / n if n else 0:.1f}%")
    shapes = sorted({f.shape for f in score.files})
    lines.append("  per shape (title publisher date body):")
    for shape in shapes:
        cells = " ".join(f"{score.rate(fl, shape)[0]}/{score.rate(fl, shape)[1]}" for fl in FIELDS)
        lines.append(f"    {shape:<18} {cells}")
    if misses:
        for f in score.files:
            if f.refused:
                lines.append(f"  REFUSED {f.file}: {f.refused}")
                continue
            for field in FIELDS:
                if not f.ok.get(field):
                    got = f.got.get(field) if field != "body" else f"missing={f.got['body_missing']} dirty={f.got['body_dirty']}"
                    want = f.want.get(field) if field != "body" else f.want.get("body")
                    lines.append(f"  MISS {f.file} {field}: got {got!r}, want {want!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m draftbot.evals.sources", description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", default=list(DEFAULT_DIRS))
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--no-misses", action="store_true", help="rates only")
    args = ap.parse_args(argv)
    scores = []
    for d in args.dirs:
        folder = Path(d)
        if not (folder / "expected.yaml").is_file():
            print(f"error: {folder}: no expected.yaml", file=sys.stderr)
            return 2
        scores.append(score_folder(folder))
    if args.json:
        print(json.dumps([s.model_dump() for s in scores], ensure_ascii=False, indent=1))
    else:
        print("\n".join(report(s, misses=not args.no_misses) for s in scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
