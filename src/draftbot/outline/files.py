"""The editable outline file: YAML written for people (titles as comments beside source ids),
read back with one-line errors naming the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

import yaml
from pydantic import ValidationError

from draftbot.errors import UserError
from draftbot.outline.model import Outline
from draftbot.yamlfile import read_yaml_mapping, validation_error

HEADER = """\
# draftbot outline: the day's sections, in order. Edit freely, then `draftbot draft --outline FILE`.
# - rename a section: change its heading (at most {chars} characters reads best)
# - move a source: move its id line to another section's source_ids
# - drop a section: delete it (its sources are then not drafted)
# left_out lists the sources not drafted, each with its reason
# (off-topic | distractor date | duplicate story | background); moving one into a section is enough.
# a section's `warning` asks you to check it (e.g. a model's heading that names nothing its sources
# show); delete the line once checked.
"""

_ID_LINE = re.compile(r"^(\s*-\s+|\s*source_id:\s+|\s*duplicate_of:\s+)([0-9a-f]{12,64})\s*$")


def outline_yaml(outline: Outline, titles: Mapping[str, str] | None = None, heading_chars: int = 30) -> str:
    """The outline as YAML text; each source id line carries its title as a comment."""
    data = outline.model_dump(mode="json", exclude_none=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if titles:
        body = "\n".join(_annotate(line, titles) for line in body.splitlines()) + "\n"
    return HEADER.format(chars=heading_chars) + body


def _annotate(line: str, titles: Mapping[str, str]) -> str:
    m = _ID_LINE.match(line)
    if not m or m.group(2) not in titles:
        return line
    title = " ".join(titles[m.group(2)].split())
    return f"{line}  # {title}"


def write_outline(path: Path | str, outline: Outline, titles: Mapping[str, str] | None = None) -> Path:
    from draftbot.safefiles import check_output

    path = Path(path)
    check_output(path, f"outline {path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(outline_yaml(outline, titles), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"outline {path}: cannot write ({exc.strerror or exc})") from None
    return path


def read_outline(path: Path | str, known_ids: Iterable[str] | None = None) -> Outline:
    """Read an outline file; every problem is one UserError line naming the file.

    With `known_ids` (the store's sources), an id that is not a known source is an error too:
    a typo in a hand-edited id must not silently drop a source.
    """
    path = Path(path)
    label = f"outline {path}"
    data = read_yaml_mapping(path, label)
    moved = _moved_out_of_left_out(data)
    try:
        outline = Outline.model_validate(data)
    except ValidationError as exc:
        raise validation_error(label, exc, "outline") from None
    if not outline.sections:
        raise UserError(f"{label}: no sections (an outline needs at least one)")
    if known_ids is not None:
        check_ids(outline, known_ids, label)
    outline.notes += [f"{label}: source {sid} is in section {sec!r} now; removed from left_out" for sid, sec in moved]
    return outline


def _moved_out_of_left_out(data: dict) -> list[tuple[str, str]]:
    """An edit that moves a source into a section wins over its old left_out entry: the entry is
    dropped from `data` (in place) and (source id, section id) returned for one line each."""
    sections = data.get("sections")
    left = data.get("left_out")
    if not isinstance(sections, list) or not isinstance(left, list):
        return []
    placed = {}
    for sec in sections:
        if isinstance(sec, dict) and isinstance(sec.get("source_ids"), list):
            for sid in sec["source_ids"]:
                placed.setdefault(str(sid), str(sec.get("id", "?")))
    moved = [(str(e["source_id"]), placed[str(e["source_id"])]) for e in left
             if isinstance(e, dict) and str(e.get("source_id")) in placed]
    data["left_out"] = [e for e in left if not (isinstance(e, dict) and str(e.get("source_id")) in placed)]
    return moved


def check_ids(outline: Outline, known_ids: Iterable[str], label: str) -> None:
    known = set(known_ids)
    for s in outline.sections:
        for sid in s.all_ids():
            if sid not in known:
                raise UserError(f"{label}: section {s.id!r}: source id {sid} is not an ingested source")
