"""Source facts: each number mention of a source with its frame (docs/NUMBERS.md, "Frames")."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, NamedTuple

from draftbot.text.frames import Frame, _periods, _row_line, _sentence_bounds, frame_at, main_month, row_colon
from draftbot.text.numbers import NumberMention

# how many neighbouring mentions a frame looks at (a clause part rarely holds more)
_NEIGHBOURS = 8


class Fact(NamedTuple):
    mention: NumberMention
    sentence: int  # index into SourceEntry.sentences (0 = title)
    frame: Frame
    quote: str  # the source's own words for this figure
    release_year: int | None = None  # the year its release's title names, when its sentence names none

    @property
    def claim_frame(self) -> Frame:
        """The frame a draft's claim is judged against: the release's year where none is stated."""
        if self.release_year is None:
            return self.frame
        return self.frame._replace(year=self.release_year)


def _quote(text: str, fr: Frame, limit: int = 48) -> str:
    q = text[fr.quote_start:fr.quote_end].strip().replace("\n", "")
    q = q if len(q) <= limit else "…" + q[-(limit - 1):]
    row = _row_line(text, fr.quote_start) if fr.quote_start < len(text) else None
    if row is not None and (colon := row_colon(row[1])) and row[0] + colon.end() <= fr.quote_start:
        q = row[1][:colon.end()] + q  # a table cell is read with its row: 铁路：11月 货运量 4.62亿吨
    return q


def frames_for(text: str, mentions: list[NumberMention], ref_month: int | None,
               only: Iterable[int] | None = None, spans: list[tuple[int, int]] | None = None
               ) -> list[tuple[int, tuple[Frame, str]]]:
    """(position, (frame, quote)) of each mention of `text` (mentions in text order); with `only`,
    of those positions alone, each still read among all its neighbours. `spans`: the mentions'
    (start, end), when the caller keeps them (a check frames a few mentions per claim: building
    them for every call made a long sentence's check quadratic)."""
    if spans is None:
        spans = [(m.start, m.end) for m in mentions]
    out: list[tuple[int, tuple[Frame, str]]] = []
    for i in (range(len(mentions)) if only is None else sorted(only)):
        m = mentions[i]
        if m.end > len(text):  # a source known by its number facts only (a carried index): no words
            out.append((i, (Frame("", "", "", False, 0, 0, 0, "", None, None, None, "", False), m.text)))
            continue
        others = spans[max(0, i - _NEIGHBOURS):i] + spans[i + 1:i + 1 + _NEIGHBOURS]
        fr = frame_at(text, m.start, m.end, m.kind, m.value, others, ref_month)
        out.append((i, (fr, _quote(text, fr))))
    return out


class Groups(NamedTuple):
    """A source's mentions as `build_facts` frames them: the title's and the body's, their spans,
    each mention's sentence index and place (group, position) by `id`. Read once per source."""
    head: list[NumberMention]
    body: list[NumberMention]
    spans: tuple[list[tuple[int, int]], list[tuple[int, int]]]
    sentence: dict[int, int]
    place: dict[int, tuple[int, int]]


def groups_of(mentions: list[tuple[NumberMention, int]]) -> Groups:
    head = [m for m, i in mentions if i == 0]
    body = [m for m, i in mentions if i != 0]
    place = {id(m): (0, k) for k, m in enumerate(head)} | {id(m): (1, k) for k, m in enumerate(body)}
    return Groups(head, body, ([(m.start, m.end) for m in head], [(m.start, m.end) for m in body]),
                  {id(m): i for m, i in mentions}, place)


def reference_month(title: str, text: str, date: dt.date | None) -> int | None:
    """The month a source's relative months (上月) count from."""
    ref = main_month(title, text)
    if ref is None and date is not None:
        ref = date.month  # 上月 in an undated-period release: the month before publication
    return ref


_UNSET = object()


def build_facts(title: str, text: str, mentions: list[tuple[NumberMention, int]],
                date: dt.date | None, wanted: set[int] | None = None,
                ref=_UNSET, groups: Groups | None = None) -> list[Fact]:
    """Facts of one source. `mentions` are (mention, sentence index) as SourceEntry holds them:
    sentence 0 mentions have title offsets, the others body offsets. With `wanted` (mention
    `id`s), only those are framed (a holder of one value read for that value alone); `ref`: its
    `reference_month`, and `groups`: its `groups_of`, when the caller keeps them."""
    if ref is _UNSET:
        ref = reference_month(title, text, date)
    g = groups or groups_of(mentions)
    only: tuple[list[int] | None, list[int] | None] = (None, None)
    if wanted is not None:
        picked: tuple[list[int], list[int]] = ([], [])
        for w in wanted:
            if (at := g.place.get(w)) is not None:
                picked[at[0]].append(at[1])
        only = picked
    year = release_year(title)
    out: list[Fact] = []
    for k, (group, src) in enumerate(((g.head, title), (g.body, text))):
        for i, (fr, q) in frames_for(src, group, ref, only[k], g.spans[k]):
            m = group[i]
            # a figure of 《2017年粮食产量的公告》 is a 2017 figure unless its sentence says
            # otherwise (比2016年增加 names the base, not the figure's year); kept apart from the
            # frame's stated year, which other checks compare strictly
            inherited = year if fr.year is None and year is not None and m.end <= len(src) and not _names_a_year(src, m) else None
            out.append(Fact(m, g.sentence[id(m)], fr, q, inherited))
    return out


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年")


def _names_a_year(src: str, m: NumberMention) -> bool:
    """Does the figure's sentence name a year of its own (比2016年 is a base, not one)?"""
    lo, hi = _sentence_bounds(src, m.start, m.end)
    return any(p[0] == "y" for _, p, _ in _periods(src[lo:hi]))


def release_year(title: str) -> int | None:
    """The one year a release's title names (None when it names none or several)."""
    years = {int(y) for y in _YEAR.findall(title)}
    return years.pop() if len(years) == 1 else None
