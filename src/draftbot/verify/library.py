"""The verifier's view of the ingested sources.

Per source: record, text, sentences, number mentions and character bigrams, computed lazily and
cached. Across sources: an index of number mentions keyed by (unit class, rounded value) so that a
figure missing from the cited source can be found in the source that does hold it (wrong_source)
without scanning every mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple

from draftbot.models import SourceRecord
from draftbot.text.normalize import normalize_width, squash
from draftbot.text.numbers import NumberMention, supports
from draftbot.text.sentences import split_sentences
from draftbot.text.similarity import char_bigrams, share
from draftbot.text.units import DATE_KINDS, unit_class
from draftbot.verify.facts import Fact, Groups, build_facts, groups_of, reference_month
from draftbot.verify.nearest_index import NearestIndex
from draftbot.verify.mention_index import MentionIndex, current_key, from_row, sentence_mentions, text_rows, to_row

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store

_WORD = re.compile(r"[0-9a-z\u3400-\u9fff]")


# A "more than"/"less than" claim is implied by any larger/smaller figure, but a briefing that
# writes 2800 多家 where the source says 8200 多家 has the wrong number. The verifier accepts a
# qualified claim only when the source figure is within this relative distance of it.
QUALIFIED_SLACK = 0.2


# 约/左右/about X: the source figure within this relative distance (约1300万 for 1280万).
APPROX_SLACK = 0.03


# `facts_near` looks this far either side of a claim's value (relative; plus its rounding step):
# wider than QUALIFIED_SLACK and APPROX_SLACK, the widest distance `verifies` accepts.
NEAR_WINDOW = 0.25


def verifies(claim: NumberMention, cand: NumberMention) -> bool:
    """`supports` (docs/NUMBERS.md), tightened for qualified claims (QUALIFIED_SLACK) and
    widened for 约 (APPROX_SLACK: a rounded figure is a faithful approximation)."""
    if claim.qualifier == "approx" and claim.kind not in DATE_KINDS and claim.kind != "range" \
            and cand.kind == claim.kind and cand.kind != "range":
        (cu, cv), (su, sv) = unit_class(claim), unit_class(cand)
        if cu == su and cv and cand.qualifier == "approx":
            # a source's own round figure (a target's 13.5%左右) is quoted with its number
            return abs(abs(sv) / abs(cv) - 1) <= APPROX_SLACK and _same_bound(claim, cv, sv)
        if cu == su and cv and abs(abs(sv) / abs(cv) - 1) <= APPROX_SLACK:
            return True
    if not supports(claim, cand):
        return False
    if claim.qualifier in ("gt", "ge", "lt", "le") and claim.kind not in DATE_KINDS and cand.kind != "range":
        cv, sv = unit_class(claim)[1], unit_class(cand)[1]
        if cv and abs(sv / cv - 1) > QUALIFIED_SLACK:
            return False
        if _BOUND.get(claim.qualifier) == _BOUND.get(cand.qualifier) and not _same_bound(claim, cv, sv):
            return False
    return True


def significant_step(m: NumberMention) -> float:
    """One unit of the last significant digit written: 1.2亿 → 0.1亿, 6000亿 → 1000亿, 两成 → 10."""
    lead = re.match(r"\s*([\d,]+)(?!\.\d)", m.text)
    zeros = len(lead.group(1).replace(",", "")) - len(lead.group(1).replace(",", "").rstrip("0")) if lead else 0
    return (m.step or 0.0) * 10 ** zeros


_BOUND = {"gt": ">", "ge": ">", "lt": "<", "le": "<"}


def _same_bound(claim: NumberMention, cv: float, sv: float) -> bool:
    """A source's own bound or round figure (超过650万个, 13.5%左右: a target) is quoted, not
    restated: the claim's is the source's, to the claim's last digit (超过600万 may round it;
    超过560万 and 13.2%左右 misquote it)."""
    scale = cv / claim.value if claim.value else 1.0  # a fraction compares as a percent
    # 约1300万 may round 约1280万 (its last significant digit); a bound keeps its own last digit
    step = significant_step(claim) if claim.qualifier == "approx" else (claim.step or 0)
    half = step * abs(scale) / 2
    return abs(abs(sv) - abs(cv)) <= half + 1e-9 * max(abs(cv), abs(sv))


def _value_index(group: list[NumberMention]) -> tuple[list[NumberMention], list[float], list[int], list[int]]:
    """(mentions, their sorted |values|, the positions of those in `group`, positions always
    returned: ranges and dates, which match by endpoints or fields rather than by value)."""
    loose = lambda m: m.kind == "range" or m.kind in DATE_KINDS  # noqa: E731
    ranked = sorted((abs(unit_class(m)[1]), i) for i, m in enumerate(group) if not loose(m))
    return group, [v for v, _ in ranked], [i for _, i in ranked], [i for i, m in enumerate(group) if loose(m)]


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams over letters, digits and CJK (punctuation and spaces dropped)."""
    chars = "".join(_WORD.findall(normalize_width(text).lower()))
    return frozenset(char_bigrams(chars, single=False))


def overlap(claim: frozenset[str], sentence: frozenset[str]) -> float:
    """Share of the claim's bigrams that the sentence also has (0..1)."""
    return share(claim, sentence)


_UNREAD = object()


@dataclass
class SourceEntry:
    record: SourceRecord
    _text: str | None = None
    _loader: Callable[[str], str] | None = None
    _sentences: list[str] | None = None
    _starts: list[int] | None = None
    _mentions: list[tuple[NumberMention, int]] | None = None
    _rows: list[tuple] | None = None  # the same, as tuples (from the cache, or from _mentions)
    _bigrams: list[frozenset[str]] | None = None
    _extra: list[str] = field(default_factory=list)  # summary / keywords: lexical support only
    _facts: list[Fact] | None = None
    _ordered: list[NumberMention] | None = None  # the mentions in `facts` order
    _by_unit: dict[str, list[NumberMention]] | None = None  # `facts_for`'s groups
    _by_text: dict[str, NumberMention] | None = None  # `fact_by_text`'s index
    _near: dict[tuple[str, bool], tuple] = field(default_factory=dict)  # facts_near's index
    _framed: dict[int, Fact] = field(default_factory=dict)  # each mention's fact once framed, by id
    _ref: object = _UNREAD  # `reference_month`, for framing a few mentions at a time
    _nearest: NearestIndex | None = None
    _groups: Groups | None = None  # `build_facts`'s reading of the mentions, once

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._loader(self.record.id) if self._loader else ""
        return self._text

    def _split(self) -> None:
        spans = split_sentences(self.text)
        # sentence 0 is the title, so a figure in a title (《2026年5月下旬…》) is supported by it
        self._sentences = [self.record.title] + [s.text for s in spans]
        self._starts = [s.start for s in spans]

    @property
    def sentences(self) -> list[str]:
        if self._sentences is None:
            self._split()
        return self._sentences

    @property
    def mentions(self) -> list[tuple[NumberMention, int]]:
        """(mention, sentence index) for the title and the body."""
        if self._mentions is None and self._rows is not None:
            self._mentions = [(from_row(r), r[-1]) for r in self._rows]
        if self._mentions is None:
            if self._sentences is None:
                self._split()
            self._mentions = sentence_mentions(self.record.title, self.text, self._starts)
        return self._mentions

    def rows_once(self, text: str | None) -> list[tuple]:
        """`rows`, from `text` when given, keeping nothing the entry did not hold: a rebuild of the
        mention table reads every source once, and must not keep them all in memory."""
        if self._rows is not None or self._mentions is not None or text is None:
            return self.rows
        return text_rows(self.record.title, text)

    @property
    def rows(self) -> list[tuple]:
        if self._rows is None:
            self._rows = [to_row(m, i) for m, i in self.mentions]
        return self._rows

    @property
    def facts(self) -> list[Fact]:
        """Every mention with its frame (subject, direction, basis, period…), read on first
        need: only the sources a draft cites pay for it."""
        if self._facts is None:
            self._facts = self._framed_facts(self._order())
        return self._facts

    def _order(self) -> list[NumberMention]:
        """The mentions in `facts` order (the title's, then the body's, as `build_facts` frames)."""
        if self._ordered is None:
            ms = self.mentions
            self._ordered = [m for m, i in ms if i == 0] + [m for m, i in ms if i != 0]
        return self._ordered

    def _framed_facts(self, wanted: list[NumberMention]) -> list[Fact]:
        """The facts of the mentions `wanted` (this source's), in that order. A mention is framed
        when first asked for, each still read among all its neighbours (the same frame as in a
        reading of the whole source): a check asks a cited source for the figures near its
        claims, not for every figure it holds."""
        framed = self._framed
        todo = {id(m) for m in wanted if id(m) not in framed}
        if todo:
            if self._ref is _UNREAD:
                self._ref = reference_month(self.record.title, self.text, self.record.date)
            if self._groups is None:
                self._groups = groups_of(self.mentions)
            every = not framed and len(todo) == len(self.mentions)
            for f in build_facts(self.record.title, self.text, self.mentions, self.record.date,
                                 wanted=None if every else todo, ref=self._ref, groups=self._groups):
                framed[id(f.mention)] = f
        return [framed[id(m)] for m in wanted]

    def facts_with_value(self, claim: NumberMention) -> list[Fact]:
        """The facts whose figure `verifies` the claim's value (a holder outside the citations is
        weighed for one value)."""
        return self._framed_facts([m for m in self._order() if verifies(claim, m)])

    def facts_where(self, keep: Callable[[NumberMention], bool]) -> list[Fact]:
        """The facts whose mention `keep` accepts, in `facts` order (only those framed)."""
        return self._framed_facts([m for m in self._order() if keep(m)])

    def _unit_group(self, claim: NumberMention) -> list[NumberMention]:
        """`facts_for`'s mentions: its unit class, and bare figures for a quantity; every
        non-date figure for a bare claim."""
        u = unit_class(claim)[0]
        if u == "":
            return [m for m in self._order() if m.kind not in DATE_KINDS]
        if self._by_unit is None:
            by: dict[str, list[NumberMention]] = defaultdict(list)
            for m in self._order():
                by[unit_class(m)[0]].append(m)
            self._by_unit = dict(by)
        return self._by_unit.get(u, []) + (self._by_unit.get("", []) if claim.kind == "quantity" else [])

    def facts_for_where(self, claim: NumberMention, keep: Callable[[NumberMention], bool] | None) -> list[Fact]:
        """`facts_for(claim)` narrowed to the mentions `keep` accepts (None: all) before any is framed."""
        group = self._unit_group(claim)
        return self._framed_facts(group if keep is None else [x for x in group if keep(x)])

    def facts_for(self, claim: NumberMention) -> list[Fact]:
        """The facts whose unit can match `claim`'s (its unit class, and bare figures; every
        quantity for a bare claim): the claim check's candidates without scanning them all."""
        return self._framed_facts(self._unit_group(claim))

    def facts_near(self, claim: NumberMention, values: Iterable[float] = (), rel: float | None = None) -> list[Fact]:
        """`facts_for(claim)` narrowed to the facts whose value could verify `claim` (or one of
        `values`, in its unit class; `rel`: any fact within this relative distance), in the same order: the per-figure lookup is a bisection over
        an index built once per source, so a paragraph of thousands of supported figures stays
        linear. Ranges and dates are always kept; date and zero claims get the full list."""
        return self._framed_facts(self._near_mentions(claim, values, rel))

    def facts_near_where(self, claim: NumberMention, keep: Callable[[NumberMention], bool], rel: float) -> list[Fact]:
        """`facts_near(claim, rel=rel)` narrowed to the mentions `keep` accepts before any is framed."""
        return self._framed_facts([m for m in self._near_mentions(claim, (), rel) if keep(m)])

    def _near_mentions(self, claim: NumberMention, values: Iterable[float], rel: float | None) -> list[NumberMention]:
        if claim.kind in DATE_KINDS or claim.kind == "range" or not claim.value:
            return self._unit_group(claim)
        key = (unit_class(claim)[0], claim.kind == "quantity")
        if key not in self._near:
            self._near[key] = _value_index(self._unit_group(claim))
        group, vals, pos, always = self._near[key]
        # an exact claim verifies only an equal value; a qualified one, one within the slack
        step = (claim.step or 0.0) * (100 if claim.kind == "fraction" else 1)
        if rel is None:
            rel = 1e-6 if claim.qualifier == "exact" else NEAR_WINDOW
        picked = set(always)
        for v in (unit_class(claim)[1], *values):
            v = abs(v)
            picked.update(pos[bisect_left(vals, v * (1 - rel) - step): bisect_right(vals, v * (1 + rel) + step)])
        return [group[i] for i in sorted(picked)]

    def fact_by_text(self, text: str) -> Fact | None:
        """The first fact whose mention reads `text` (an index built once per source)."""
        if self._by_text is None:
            self._by_text = {}
            for m in self._order():
                self._by_text.setdefault(m.text, m)
        m = self._by_text.get(text)
        return self._framed_facts([m])[0] if m is not None else None

    @property
    def numbers(self) -> list[NumberMention]:
        return [m for m, _ in self.mentions]

    def nearest(self, claim: NumberMention) -> tuple[tuple, NumberMention] | None:
        """(rank, figure) of this source's best "did you mean" for `claim` (`text.numbers.nearest`)."""
        if self._nearest is None:
            self._nearest = NearestIndex(self.numbers)
        return self._nearest.best(claim)

    def lexical_sentences(self) -> list[str]:
        """Sentences for lexical support: title, body, then summary and keywords (front matter;
        they carry Chinese wording for English sources)."""
        extra = []
        if self.record.summary:
            extra.append(self.record.summary)
        if self.record.keywords:
            extra.append("、".join(self.record.keywords))
        return self.sentences + extra

    @property
    def sentence_bigrams(self) -> list[frozenset[str]]:
        if self._bigrams is None:
            self._bigrams = [bigrams(s) for s in self.lexical_sentences()]
        return self._bigrams

    def best_sentence(self, text: str) -> tuple[float, str]:
        """(overlap, sentence) of the source sentence that best matches `text` lexically."""
        b = bigrams(text)
        best, best_s = 0.0, ""
        for s, sb in zip(self.lexical_sentences(), self.sentence_bigrams):
            o = overlap(b, sb)
            if o > best:
                best, best_s = o, s
        return best, best_s

    def find(self, claim: NumberMention) -> tuple[NumberMention, str] | None:
        """A mention in this source that supports `claim`, with its sentence."""
        hits = [(m, i) for m, i in self.mentions if verifies(claim, m)]
        if not hits:
            return None
        cv = unit_class(claim)[1]
        for m, i in hits:  # prefer an equal value, as find_support does
            if m.kind in DATE_KINDS or m.kind == "range" or abs(unit_class(m)[1] - cv) <= 1e-9 * max(1.0, abs(cv)):
                return m, self._sentence(i)
        m, i = hits[0]
        return m, self._sentence(i)

    def _sentence(self, i: int) -> str:
        sents = self.sentences
        return sents[i] if 0 <= i < len(sents) else ""


class _StoreEntries(Mapping):
    """A store's sources as library entries, each made when first asked for: a check or a draft
    reads the few sources it cites, not the 16k records of a 100k-chunk store. Membership comes
    from the store's id listing; `listing()` (id, title, url, publisher, date of every source)
    from `index.store.catalog`; iterating values makes every entry (one read of all records)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ids: set[str] | None = None
        self._made: dict[str, SourceEntry] = {}

    def _known(self) -> set[str]:
        if self._ids is None:
            self._ids = set(self._store.source_ids_listing())
        return self._ids

    def _make(self, records: Iterable[SourceRecord]) -> None:
        for r in records:
            if r.id not in self._made:
                self._made[r.id] = SourceEntry(record=r, _loader=self._store.source_text)

    def prefetch(self, ids: Iterable[str]) -> None:
        """Make the entries of `ids` in one read."""
        need = [i for i in dict.fromkeys(ids) if i not in self._made and i in self._known()]
        if need:
            got = self._store.get_sources(need)
            self._make(got[i] for i in need if i in got)

    def listing(self):
        from draftbot.index.store import catalog

        return catalog(self._store)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._made or source_id in self._known()

    def get(self, source_id, default=None):
        if source_id not in self._made and source_id in self:
            self.prefetch([source_id])
        return self._made.get(source_id, default)

    def __getitem__(self, source_id: str) -> SourceEntry:
        e = self.get(source_id)
        if e is None:
            raise KeyError(source_id)
        return e

    def __iter__(self):
        return iter([r.id for r in self.listing()])

    def __len__(self) -> int:
        return len(self._known())

    def values(self):
        self._make(r for r in self._store.sources() if r.id not in self._made)
        return [self._made[r.id] for r in self.listing() if r.id in self._made]

    def items(self):
        return [(e.id, e) for e in self.values()]


_ALL = object()  # `_resolve_picked`: ask the whole catalog


class _Picked(NamedTuple):
    keys: set[str]  # squashed titles primed
    urls: set[str]  # URLs primed, without a trailing /
    rows: list  # the catalog rows of the sources having one of them, in catalog order
    titles: list[str]  # their titles squashed


class SourceLibrary:
    """All ingested sources as the verifier needs them. Build with `from_store` or `from_pairs`."""

    def __init__(self, entries: Iterable[SourceEntry], where: str = "") -> None:
        self.entries: dict[str, SourceEntry] = {e.id: e for e in entries}
        self.where = where
        self._bulk_loader: Callable[[], dict[str, str]] | None = None
        self._index: MentionIndex | None = None
        self._title_keys: list[tuple[str, SourceEntry]] | None = None
        self._by_key: dict[str, list] = {}  # squashed title -> its sources, in listing order
        self._by_url: dict[str, object] | None = None  # URL without a trailing / -> its first source
        self.cache_path: Path | None = None  # the mention index on disk, reused across runs
        self._picked: _Picked | None = None  # `prime`'s rows: the reference lines' by URL and title

    # --- construction --------------------------------------------------------------------------
    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[SourceRecord, str]], where: str = "") -> "SourceLibrary":
        return cls((SourceEntry(record=r, _text=t) for r, t in pairs), where=where)

    @classmethod
    def from_sources(cls, sources: Iterable) -> "SourceLibrary":
        """From loaded `draftbot.models.Source` objects (no store needed)."""
        pairs = []
        for s in sources:
            rec = SourceRecord(**s.model_dump(exclude={"text"}))
            pairs.append((rec, s.text))
        return cls.from_pairs(pairs)

    @classmethod
    def from_store(cls, store: Store) -> "SourceLibrary":
        """Lazy over a `draftbot.index.store.Store`: texts are read when first needed (the cited
        sources one by one; every source in one paged scan when the cross-source index is built)."""
        lib = cls((), where=str(store.where))
        lib.entries = _StoreEntries(store)

        def bulk() -> dict[str, str]:
            parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for cid, doc, m in store.chunk_rows(include_documents=True):
                if m.get("meta"):
                    continue
                sid = m.get("source_id") or cid.rsplit(":", 1)[0]
                parts[sid].append((int(m.get("index", 0)), (m.get("lead") or "") + (doc or "")))
            return {sid: "".join(t for _, t in sorted(rows)) for sid, rows in parts.items()}

        lib._bulk_loader = bulk
        if getattr(store, "store_dir", None):
            lib.cache_path = Path(store.store_dir) / "verify-mentions.sqlite"
            lib.store_key = lambda: current_key(store)  # the mention table's validity, as ingest stamps it
        return lib

    # --- access --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, source_id: str) -> bool:
        return source_id in self.entries

    def get(self, source_id: str) -> SourceEntry | None:
        return self.entries.get(source_id)

    def records(self) -> list[SourceRecord]:
        return [e.record for e in self.entries.values()]

    def listing(self) -> list:
        """(id, title, url, publisher, date) of every source, as `index.store.Listed` rows: from
        the store's catalog without reading records, else from the entries."""
        if isinstance(self.entries, _StoreEntries):
            return self.entries.listing()
        from draftbot.index.store import Listed

        return [Listed(e.id, e.record.date, e.title, e.record.url, e.record.publisher, e.record.kind)
                for e in self.entries.values()]

    def dates(self) -> dict:
        """Source id -> date (None: undated) of every source: the store's date column, no title
        listed nor record read."""
        if isinstance(self.entries, _StoreEntries):
            from draftbot.index.store import source_dates

            return source_dates(self.entries._store)
        return {e.id: e.record.date for e in self.entries.values()}

    def prefetch(self, source_ids: Iterable[str]) -> None:
        """Read the records of `source_ids` in one go (a store library makes entries lazily)."""
        if isinstance(self.entries, _StoreEntries):
            self.entries.prefetch(source_ids)

    # --- reference resolution ------------------------------------------------------------------
    def prime(self, lines: Iterable[tuple[str, str | None]]) -> None:
        """Before resolving these reference lines ((title, url) each): read, in one pass, the
        catalog rows of the sources their URLs and squashed titles name, so that `resolve` finds
        them without listing every source of the store. Only a store's library does this."""
        if not isinstance(self.entries, _StoreEntries) or self._title_keys is not None:
            return
        from draftbot.index.store import catalog_picked

        lines = list(lines)
        if not lines:
            return
        keys = {squash(t) for t, _ in lines} - {""}
        urls = {u.rstrip("/") for _, u in lines if u}

        def pick(rows: list[tuple]) -> list[str]:
            distinct = list(dict.fromkeys(t or "" for _, t, _ in rows))  # a title shared is squashed once
            hit = {t for t, k in zip(distinct, _squash_all(distinct)) if k in keys}
            return [sid for sid, t, u in rows if (t or "") in hit or (u and u.rstrip("/") in urls)]

        rows = catalog_picked(self.entries._store, pick, urls=bool(urls))
        if rows is not None:
            self._picked = _Picked(keys, urls, rows, _squash_all([r.title for r in rows]))

    def _resolve_picked(self, key: str, url: str | None, publisher: str, date: str):
        """`resolve`'s URL and exact-title steps among the primed rows, which hold every source
        with that URL or squashed title: the same answer as among all. _ALL when the line was
        not primed or neither step finds it (the other steps need every source)."""
        p = self._picked
        if p is None or (url and url.rstrip("/") not in p.urls) or (key and key not in p.keys) or not (url or key):
            return _ALL
        if url:
            found = next((r for r in p.rows if r.url and r.url.rstrip("/") == url.rstrip("/")), None)
            if found is not None:
                return self.get(found.id)
        exact = [r for r, k in zip(p.rows, p.titles) if key and k == key]
        if len(exact) > 1:
            exact = [r for r in exact if _same_origin(r, publisher, date)] or exact
        return self.get(exact[0].id) if exact else _ALL

    def resolve(self, title: str, url: str | None = None, publisher: str = "", date: str = "",
                bracketed: bool = True) -> SourceEntry | None:
        """The source a 参考文献 line names. URL first, then the title (squashed: width, spaces,
        《》 and quotes do not matter), then containment (closest length). An unbracketed
        description (``Reuters, 全球市场波动报道, 2026-06-04``) may also resolve by publisher and
        date, choosing by wording when several match. `usage` is never used."""
        found = self._resolve_picked(squash(title), url, publisher, date)
        if found is not _ALL:
            return found
        listed = self.listing()
        if url:
            if self._by_url is None:
                self._by_url = {}
                for r in listed:
                    if r.url:
                        self._by_url.setdefault(r.url.rstrip("/"), r)
            found = self._by_url.get(url.rstrip("/"))
            if found is not None:
                return self.get(found.id)
        key = squash(title)
        if self._title_keys is None:
            self._title_keys = list(zip(_squash_all([r.title for r in listed]), listed))
            for k, r in self._title_keys:
                self._by_key.setdefault(k, []).append(r)
        if key:
            exact = list(self._by_key.get(key, ()))
            if len(exact) > 1:
                # several sources share the title: the line's publisher and date decide
                exact = [r for r in exact if _same_origin(r, publisher, date)] or exact
            if exact:
                return self.get(exact[0].id)
            # containment only for substantial keys: a short fragment would match too much
            if len(key) >= 6:
                contained = [(k, r) for k, r in self._title_keys if k and len(k) >= 6 and (key in k or k in key)]
                if contained:
                    return self.get(min(contained, key=lambda kr: abs(len(kr[0]) - len(key)))[1].id)
        if bracketed or not publisher:
            return None
        pkey = squash(publisher)
        listed_cands = [r for r in listed
                        if squash(r.publisher) == pkey and (not date or (r.date and r.date.isoformat() == date))]
        self.prefetch(r.id for r in listed_cands)
        cands = [e for e in (self.get(r.id) for r in listed_cands) if e is not None]
        if len(cands) == 1:
            return cands[0]
        if not cands or not key:
            return None
        b = bigrams(title)
        scored = [(overlap(b, bigrams(" ".join([e.title, e.record.summary, " ".join(e.record.keywords)]))), e) for e in cands]
        scored.sort(key=lambda se: -se[0])
        if scored[0][0] >= 0.3 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None

    # --- cross-source lookup -------------------------------------------------------------------
    def _build_index(self) -> MentionIndex:
        if self._index is None:
            self._index = MentionIndex(self.cache_path)

            def rows_of(entries: list[SourceEntry]) -> Iterator[tuple]:
                need = [e for e in entries if e._text is None and e._mentions is None]
                texts = {}
                if need and self._bulk_loader is not None and len(need) > 8:
                    texts = self._bulk_loader()  # one paged scan beats many per-source reads
                for e in entries:
                    yield e.id, e.record.date, e.rows_once(texts.pop(e.id, None))

            key = self.store_key() if getattr(self, "store_key", None) else None  # valid as stamped: no diff
            self._index.sync(self.entries, rows_of, key=key)
        return self._index

    def warm(self) -> None:
        """Build (or bring up to date) the cross-source mention index now — e.g. right after
        ingest, so the first `check` with a wrong figure does not pay for it."""
        self._build_index()

    def holders(self, claim: NumberMention, exclude: Iterable[str] = ()) -> list[str]:
        """Ids of sources (other than `exclude`) holding a mention that supports `claim`.

        Candidates come from the mention index (same rounded value; same unit class within a
        value window for qualified, approximate and range claims; dates by year, month or day)
        and are confirmed with `verifies`."""
        index = self._build_index()
        skip = set(exclude)
        out: list[str] = []
        for sid, row in index.candidates(claim, unit_class(claim), QUALIFIED_SLACK):
            if sid in skip or sid in out or sid not in self.entries:
                continue
            if verifies(claim, from_row(row)):
                out.append(sid)
        return out


def _squash_all(titles: list[str]) -> list[str]:
    """`squash` of each title, in one pass over them all (16k titles: 0.09 s one by one). Every
    step of `squash` maps characters alone (U+0000, which no title holds, keeps them apart)."""
    if any("\x00" in t for t in titles):
        return [squash(t) for t in titles]
    keys = squash("\x00".join(titles)).split("\x00")
    return keys if len(keys) == len(titles) else [squash(t) for t in titles]


def _same_origin(rec, publisher: str, date: str) -> bool:
    """Does a 参考文献 line's publisher/date (either may be blank) fit this source (a record, or
    its `Listed` row)?"""
    if publisher and squash(rec.publisher) != squash(publisher):
        return False
    if date and not (rec.date and rec.date.isoformat() == date):
        return False
    return True
