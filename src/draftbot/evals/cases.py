"""Eval cases: one folder per case with a `case.yaml` (what to ingest, which day, what a good draft holds).

```yaml
name: sample-day
description: …
corpus: [../../corpus]          # files or folders, relative to the case folder
date: 2026-06-04                # the sources' day (as `draftbot draft --date`)
brief: default                  # or a path relative to the case folder
required_facts: [{text: "41.7 万亿元", source: "<title of the source that holds it>"}]
forbidden: [{text: "1625 万辆", why: "distractor"}]
thresholds: {citation_coverage: 0.9, numeric_fidelity: 1.0}   # per-case minimums (gate)
expected_headings: [[居民消费价格, CPI], [民航]]   # optional: one keyword list per topic of the day
expected_groups: [[<title>, <title>], …]         # optional: sources of one story (scored as `grouping`)
outline: outline.yaml           # optional: draft this outline instead of planning the day
```
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from draftbot.errors import UserError
from draftbot.yamlfile import read_yaml_mapping, validation_error

CASE_FILE = "case.yaml"
REPLAY_FILE = "replay.json"


class RequiredFact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    source: str = Field(min_length=1)  # title of the source the draft must cite for it


class ForbiddenText(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    why: str = ""


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    corpus: list[str] = Field(min_length=1)
    date: dt.date
    brief: str = "default"
    required_facts: list[RequiredFact] = Field(default_factory=list)
    forbidden: list[ForbiddenText] = Field(default_factory=list)
    thresholds: dict[str, float] = Field(default_factory=dict)
    # the day's topics: each topical heading should name one (any keyword of its list)
    expected_headings: list[list[str]] = Field(default_factory=list)
    # sources (by title) that report one story: the planner should give each list one section
    expected_groups: list[list[str]] = Field(default_factory=list)
    outline: str | None = None  # an outline file (relative to the case folder) to draft as given
    folder: Path = Path(".")  # set by the loader, not read from YAML

    @field_validator("corpus", mode="before")
    @classmethod
    def _one_or_many(cls, v):
        return [v] if isinstance(v, str) else v

    def corpus_paths(self) -> list[Path]:
        return [(self.folder / p).resolve() for p in self.corpus]

    def brief_path(self) -> Path | None:
        """None for the shipped default brief."""
        if self.brief.strip().lower() in ("", "default"):
            return None
        return (self.folder / self.brief).resolve()

    def outline_path(self) -> Path | None:
        return (self.folder / self.outline).resolve() if self.outline else None

    def replay_path(self) -> Path:
        return self.folder / REPLAY_FILE


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: a bad date reaches pydantic and gets a field message."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_case(folder: Path) -> Case:
    """Read and validate `<folder>/case.yaml`; a problem is one UserError line naming the file."""
    path = Path(folder) / CASE_FILE
    data = read_yaml_mapping(path, str(path), loader=_Loader,
                             missing_hint=f" (an eval case folder needs a {CASE_FILE})")
    data.pop("folder", None)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise validation_error(str(path), exc, "case") from None
    case.folder = Path(folder).resolve()
    for p, raw_p in zip(case.corpus_paths(), case.corpus):
        if not p.exists():
            raise UserError(f"{path}: field 'corpus': {raw_p} does not exist")
    if any(not [w for w in ws if w.strip()] for ws in case.expected_headings):
        raise UserError(f"{path}: field 'expected_headings': each topic needs at least one keyword")
    op = case.outline_path()
    if op is not None and not op.is_file():
        raise UserError(f"{path}: field 'outline': {case.outline} does not exist")
    bp = case.brief_path()
    if bp is not None and not bp.is_file():
        raise UserError(f"{path}: field 'brief': {case.brief} does not exist")
    return case


def discover(paths: list[Path]) -> list[Case]:
    """Cases from folders: a folder with case.yaml is one case; otherwise each of its immediate
    subfolders that has a case.yaml is (so `evals/` runs the whole suite). Sorted, no duplicates."""
    folders: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            raise UserError(f"{p}: not a folder (give a case folder or a folder of cases)")
        if (p / CASE_FILE).is_file():
            found = [p]
        else:
            found = sorted(d for d in p.iterdir() if d.is_dir() and (d / CASE_FILE).is_file())
            if not found:
                raise UserError(f"{p}: no {CASE_FILE} in it or in its subfolders")
        for f in found:
            if f.resolve() not in [x.resolve() for x in folders]:
                folders.append(f)
    cases = [load_case(f) for f in folders]
    names = [c.name for c in cases]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise UserError(f"two eval cases are named {dup[0]!r} (names key the baseline; make them unique)")
    return cases
