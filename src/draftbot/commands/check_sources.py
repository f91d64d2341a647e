"""The sources `check` judges a draft against: the store's, the evidence the draft carries
(briefing/evidence.py) for what the store lacks, and any `--source FILE` an editor adds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from draftbot.briefing.evidence import CarriedEvidence
from draftbot.errors import UserError
from draftbot.verify.library import SourceEntry, SourceLibrary


@dataclass
class Judged:
    """A draft's library, and where its sources came from (said on stderr and in --json)."""

    lib: SourceLibrary
    origin: str  # store | carried | store+carried (+ " +source" when --source added some)
    notes: list[str] = field(default_factory=list)


def added_sources(paths: list[Path]) -> list[SourceEntry]:
    """`--source FILE`: each loaded as ingest would (no store), or one line naming it."""
    if not paths:
        return []  # the source loaders are not imported for nothing
    from draftbot.models import SourceRecord
    from draftbot.sources.errors import SourceError
    from draftbot.sources.loader import load_file

    out = []
    for p in paths:
        if not Path(p).is_file():
            raise UserError(f"--source {p}: no such file")
        try:
            s = load_file(Path(p))
        except SourceError as exc:
            raise UserError(f"--source {p}: {exc.reason}") from None
        rec = SourceRecord(**s.model_dump(exclude={"text"}))
        out.append(SourceEntry(record=rec, _text=s.text))
    return out


def judged(draft: Path, store_lib: SourceLibrary, carried: CarriedEvidence | None,
           extra: list[SourceEntry]) -> Judged:
    """The library for one draft: store entries win for sources the store has (same id = same
    content); carried entries fill in the rest, placed first so a title that the store also has
    in another version resolves to the version the draft was written from."""
    notes: list[str] = []
    fill: list[SourceEntry] = []
    if carried is not None:
        good, altered = carried.usable()
        for s in altered:
            notes.append(f"{draft}: the evidence it carries for 《{s.record.title}》 was altered "
                         "(its text no longer matches its hash); not used")
        fill = [SourceEntry(record=s.record, _text=s.text) for s in good if s.record.id not in store_lib]
    cited_fill = [e for e in fill if _cited(carried, e.id)]
    origin = "store"
    if fill:
        where = store_lib.where or "the store"
        if len(store_lib) == 0:
            origin = "carried"
            notes.append(f"{draft}: judged from the evidence the draft carries ({len(cited_fill)} cited "
                         f"source(s); no sources in {where})")
        else:
            origin = "store+carried"
            if cited_fill:
                notes.append(f"{draft}: {len(cited_fill)} cited source(s) not in {where}, judged from the "
                             "evidence the draft carries")
    if extra:
        origin += " +source"
    if not fill and not extra:
        return Judged(store_lib, origin, notes)
    indexed = []
    if carried is not None and fill:
        known = {e.id for e in [*fill, *extra]} | set(store_lib.entries)
        indexed = [SourceEntry(record=i.record, _text="", _rows=[tuple(r) for r in i.rows])
                   for i in carried.number_index() if i.record.id not in known]
    lib = JudgedLibrary([*fill, *extra, *store_lib.entries.values(), *indexed], where=store_lib.where)
    lib.numbers_only = {e.id for e in indexed}
    # texts of store entries still load lazily, one by one; the on-disk mention cache is the
    # store's alone, so it is not shared with sources that are not in it
    return Judged(lib, origin, notes)


class JudgedLibrary(SourceLibrary):
    """A library some of whose sources are known by their number facts only (carried index): they
    can show where a figure stands, but a reference line never resolves to one (its text is not
    here; an editor citing it gives the file with --source)."""

    numbers_only: set[str] = set()

    def resolve(self, *args, **kwargs):
        found = super().resolve(*args, **kwargs)
        return None if found is not None and found.id in self.numbers_only else found


def _cited(carried: CarriedEvidence | None, source_id: str) -> bool:
    return carried is not None and any(s.cited and s.record.id == source_id for s in carried.sources)
