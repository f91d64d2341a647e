"""Number checking: every figure in a clause must stand in a source the clause cites.

One function decides, for every caller (draft repair loop, `check`, `eval`): `check_mentions`.
`check_clause` is the convenience form for a bare clause and its cited source ids.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterable, Mapping

from pydantic import BaseModel

from draftbot.briefing.marks import GROUP as GROUP_RE, PENDING as PENDING_RE  # the one definition of each mark
from draftbot.models import Finding
from draftbot.text.numbers import NumberMention, date_mentions, extract_numbers, nearby, nearest
from draftbot.verify.kinds import NOTES
from draftbot.verify.derivation import cumulative_span, derive_from_sources, period_stated, within
from draftbot.text.frames import subject_score
from draftbot.verify.claims import (CLAIM_STATUSES, SUBJECT_MATCH_MIN, draft_frame, judge, local_as_national, loose,
                                   relative_base, bounds, subject_figure)
from draftbot.verify.library import DATE_KINDS, SourceLibrary, unit_class, verifies

INFORMATIONAL = NOTES  # kinds that are notes, not findings (verify/kinds.py)


class NumberCheck(BaseModel):
    """The verdict on one number mention of a draft."""

    text: str
    start: int  # offsets in the text the mention was extracted from (the sentence)
    end: int
    kind: str  # the mention's kind (quantity, percent, date…)
    status: str  # supported | uncited | unsupported | wrong_source | unresolved | derived | CLAIM_STATUSES
    source_id: str | None = None  # the cited source that supports it
    source_mention: str | None = None  # how that source writes it
    source_sentence: str | None = None
    holders: list[str] = []  # for wrong_source: the sources that do hold it
    nearest: str | None = None  # for unsupported: closest figure in the cited sources
    formula: str | None = None  # for derived
    detail: str = ""


def mask(text: str) -> str:
    """Blank citation markers and 【待核实】 notes (same length) so they are not read as numbers."""
    out = GROUP_RE.sub(lambda m: " " * len(m.group()), text)
    return PENDING_RE.sub(lambda m: " " * len(m.group()), out)


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


class Labeler:
    """How a source is named in a finding: its reference number in the draft when it has one
    (so the fix is one keystroke), with the title."""

    def __init__(self, lib: SourceLibrary, numbers: Mapping[str, int] | None = None) -> None:
        self.lib = lib
        self.numbers = dict(numbers or {})

    def __call__(self, source_id: str, with_title: bool = True) -> str:
        e = self.lib.get(source_id)
        title = f"《{_short(e.title)}》" if e else source_id[:12]
        n = self.numbers.get(source_id)
        if n is None:
            return title
        return f"[{n}]{title}" if with_title else f"[{n}]"

    def many(self, ids: Iterable[str], with_title: bool = False) -> str:
        return "".join(self(i, with_title) for i in ids)


def _support_in(claim: NumberMention, sid: str, lib: SourceLibrary) -> tuple[str, str] | None:
    """(source's mention text, sentence) when source `sid` supports `claim`; publication dates
    support dates, months and years."""
    e = lib.get(sid)
    if e is None:
        return None
    hit = e.find(claim)
    if hit:
        return hit[0].text, hit[1]
    if claim.kind in DATE_KINDS and e.record.date:
        d = e.record.date
        for dm in date_mentions(d.year, d.month, d.day):
            if verifies(claim, dm):
                return d.isoformat(), f"（发布日期 {d.isoformat()}）"
        if claim.kind == "month" and claim.year and claim.month:
            # 2011年12月 for a wire of 2012-01-12 that says "in December": the December it means
            # is the last one before publication
            year = d.year if claim.month <= d.month else d.year - 1
            for x in e.numbers:
                if x.kind == "month" and x.month == claim.month and x.year is None and year == claim.year:
                    return x.text, f"（{x.text}，发布日期 {d.isoformat()}）"
    span = cumulative_span(claim)
    if span is not None:
        hit = period_stated(e, span)
        if hit is not None:
            return hit
    return None


_MAX_OPERANDS = 12
_OPERAND_REACH = 200  # characters either side of the claim


def derive(claim: NumberMention, context: list[NumberMention]) -> str | None:
    """A formula over two other figures of the same sentence that gives `claim` after rounding:
    ratio (倍), growth or share (%), difference of percents (个百分点). Not differences of counts:
    "13 种上涨、36 种下降" would excuse a mistyped 37 种 as 50 − 13. Operands
    must stand in the draft's sentence (and be checked themselves), so a mistyped figure is not
    excused by a chance match among a source's many numbers."""
    if claim.kind not in ("multiple", "percent", "pp") or claim.qualifier not in ("exact", "approx", "gt", "lt"):
        return None
    if len(context) > _MAX_OPERANDS:
        # the operands of a real derivation stand near their result; looking only there keeps a
        # paragraph of thousands of figures linear instead of cubic
        context = nearby(context, claim.start - _OPERAND_REACH, claim.end + _OPERAND_REACH)
    nums = [m for m in context if m is not claim and m.kind in ("quantity", "percent") and m.value
            and (m.start, m.end) != (claim.start, claim.end)]
    if len(nums) > _MAX_OPERANDS:
        nums = sorted(nums, key=lambda m: abs(m.start - claim.start))[:_MAX_OPERANDS]
    # the writer's rounding and qualifier (超过九成 is above 90 %, 约1.3倍 within 3 %)
    def ok(v: float) -> bool:
        return within(claim, "", v) or (claim.qualifier == "approx" and abs(v - claim.value) <= abs(claim.value) * 0.05)

    for a, b in itertools.permutations(nums, 2):
        ua, va = unit_class(a)
        ub, vb = unit_class(b)
        if ua != ub or vb == 0:
            continue
        if claim.kind == "multiple" and ok(va / vb):
            return f"{a.text} ÷ {b.text} ≈ {va / vb:.3g} 倍"
        if claim.kind == "percent" and a.kind == "quantity" and va > vb:
            g = (va / vb - 1) * 100
            if ok(g):
                return f"({a.text} ÷ {b.text} − 1) ≈ {g:.3g}%"
            sh = vb / va * 100
            if ok(sh):
                return f"{b.text} ÷ {a.text} ≈ {sh:.3g}%"
        if claim.kind == "pp" and a.kind == "percent" and va > vb and ok(va - vb):
            return f"{a.text} − {b.text} = {va - vb:.3g} 个百分点"
    return None


def _same_subject_holders(m: NumberMention, fd, holders: list[str], lib: SourceLibrary,
                          listed: Mapping[str, int]) -> list[str]:
    """wrong_source names another source only when it states the figure for the draft's subject
    (listed sources first, then any other, at most HOLDERS_READ of them read): a source holding
    the same number for another indicator is no fix, and with none the figure is reported
    unsupported, saying the sources state no such figure for the subject. An English source's
    subjects are compared through the glossary (industrial output is 工业增加值); one the glossary
    cannot put in Chinese stays a fix by value; an unknown draft subject keeps every holder."""
    if len(fd.subject) < 2:
        return holders
    ranked = sorted(holders, key=lambda h: (listed.get(h) is None, listed.get(h, 0)))
    kept = []
    for h in ranked[:HOLDERS_READ]:
        english = _english_fits(m, fd, lib, h)
        if english or (english is None and subject_figure(m, fd, [h], lib, same_value=True) is not None):
            kept.append(h)
    return kept


# how many holders of a figure's value are read for its subject (a common value, 5.0%, is held by
# thousands of sources of a year's store; the fix offered is among the first ones)
HOLDERS_READ = 8


_CJK = re.compile(r"[\u3400-\u9fff]+")


def _english_fits(m: NumberMention, fd, lib: SourceLibrary, sid: str) -> bool | None:
    """None for a source not in English. Else whether it states the figure for the draft's
    subject, compared in the Chinese words the glossary gives its subject (China's industrial
    output: 工业增加值; the Latin rest, a country or a possessive, says nothing to a Chinese
    subject); a statement the glossary cannot put in Chinese stays a fix by value."""
    e = lib.get(sid)
    if e is None or not (e.record.lang or "").startswith("en"):
        return None
    said = ["".join(_CJK.findall(f.frame.subject)) for f in e.facts_with_value(m)]
    said = [s for s in said if len(s) >= 2]
    return not said or any(subject_score(fd.subject, s) >= SUBJECT_MATCH_MIN for s in said)


def check_mentions(mentions: list[NumberMention], cited: list[str] | None, lib: SourceLibrary,
                   label: Labeler, *, context: list[NumberMention] | None = None,
                   sentence: str | None = None) -> list[NumberCheck]:
    """Verdicts for the mentions of one clause. `cited` is None for an uncited clause, [] when
    its citations resolve to no ingested source (reported once as unknown_citation). `context`
    is every mention of the sentence (operands for derived figures; None: no derivation).
    `sentence` is the (masked) text the mentions' offsets point into: with it each figure is
    checked as a claim (direction, basis, period, subject, multiple), without it by value only."""
    out: list[NumberCheck] = []
    frames: dict[int, object] = {}

    def frame_of(x: NumberMention):
        # each figure's frame is read once however many checks ask for it
        if id(x) not in frames:
            frames[id(x)] = draft_frame(sentence, x, context or mentions)
        return frames[id(x)]

    for m in mentions:
        span = cumulative_span(m) if cited else None
        if span is not None:
            # 1—2月 / 前两个月: a span of months, stated by a cited source in whatever words
            hit = next(((sid, h) for sid in cited if (e := lib.get(sid)) and (h := period_stated(e, span))), None)
            if hit is not None:
                out.append(NumberCheck(text=m.text, start=m.start, end=m.end, kind=m.kind, status="supported",
                                       source_id=hit[0], source_mention=hit[1][0], source_sentence=hit[1][1]))
                continue
        claimed = bool(cited) and sentence is not None and m.kind not in DATE_KINDS
        if claimed:
            nc = _claim_check(m, cited, lib, label, sentence, frame_of(m))
            if nc is not None:
                out.append(nc)
                continue
        elif cited and sentence is not None and (base := relative_base(m, sentence, cited, lib)):
            out.append(NumberCheck(text=m.text, start=m.start, end=m.end, kind=m.kind, status="supported",
                                   source_id=base[0], source_mention=base[1].mention.text,
                                   source_sentence=base[1].quote))
            continue
        nc = NumberCheck(text=m.text, start=m.start, end=m.end, kind=m.kind, status="supported")
        if cited is None:
            nc.status = "uncited"
            nc.detail = f"{m.text} has no citation"
        elif not cited:
            nc.status = "unresolved"
            nc.detail = f"{m.text}: its citation names no ingested source"
        else:
            for sid in ([] if claimed else cited):  # a claim's value hits were judged above
                hit = _support_in(m, sid, lib)
                if hit:
                    nc.source_id, nc.source_mention, nc.source_sentence = sid, hit[0], hit[1]
                    break
            if nc.source_id is None:
                where = label.many(cited)
                formula = derive(m, context) if context else None
                if formula is None and sentence is not None:
                    d = derive_from_sources(m, sentence, cited, lib,
                                            frame_of(m).subject, frame_of(m).share)
                    formula = f"{d.formula}（{label(d.sid, False)}）" if d else None
                holders = [] if formula else lib.holders(m, exclude=cited)
                if holders and sentence is not None:
                    holders = _same_subject_holders(m, frame_of(m), holders, lib, label.numbers)
                if formula:
                    nc.status, nc.formula = "derived", formula
                    nc.detail = f"{m.text} is computed, not quoted: {formula} from {where}"
                elif holders:
                    # prefer a holder that the draft already lists in 参考文献
                    holders.sort(key=lambda h: (label.numbers.get(h) is None, label.numbers.get(h, 0)))
                    nc.status, nc.holders = "wrong_source", holders
                    cited_l = "".join(label(s) for s in cited)
                    nc.detail = f"{m.text} not in {cited_l}; it is in {label(holders[0])}"
                elif sentence is not None and (lv := loose(m, frame_of(m),
                                                            cited, lib, label)) is not None:
                    nc.status, nc.detail = lv.status, lv.detail
                    nc.nearest = lv.fact.mention.text
                elif sentence is not None and m.kind not in DATE_KINDS and \
                        len((fd := frame_of(m)).subject) >= 2:
                    # the fix offered is the figure the cited sources state for this subject, never
                    # the nearest number of another indicator
                    own = subject_figure(m, fd, cited, lib)
                    nc.status = "unsupported"
                    if own is not None:
                        nc.nearest = own[1].quote
                        nc.detail = f"{m.text} not in {where}; {label(own[0], False)} has {own[1].mention.text}"
                    else:
                        nc.detail = f"{m.text} not in {where}; it states no such figure for {fd.subject}"
                else:
                    near, owner = _nearest(m, cited, lib)
                    nc.status = "unsupported"
                    if near is not None:
                        nc.nearest = near.text
                        nc.detail = f"{m.text} not in {where}; {label(owner, False)} has {near.text}"
                    else:
                        nc.detail = f"{m.text} not in {where}; it has no figures"
        out.append(nc)
    return out


def _nearest(m: NumberMention, cited: list[str], lib: SourceLibrary) -> tuple[NumberMention | None, str]:
    """The cited sources' figure closest to `m` ("did you mean"), and its source."""
    if m.kind in DATE_KINDS:  # a date is nearest to a date (publication dates too)
        pool = [(x, sid) for sid in cited if (e := lib.get(sid)) for x in e.numbers]
        pool += [(x, sid) for sid in cited if (e := lib.get(sid)) and (d := e.record.date)
                 for x in date_mentions(d.year, d.month, d.day)]
        pool = [(x, sid) for x, sid in pool if x.kind == m.kind] or pool
        near = nearest(m, [x for x, _ in pool]) if pool else None
        return near, next((sid for x, sid in pool if x is near), "")
    # per source from its index (a scan per figure would make a long paragraph quadratic)
    ranked = [(hit[0], k, hit[1], sid) for k, sid in enumerate(cited)
              if (e := lib.get(sid)) and (hit := e.nearest(m)) is not None]
    if not ranked:
        return None, ""
    _, _, near, sid = min(ranked, key=lambda t: (t[0], t[1]))
    return near, sid


def _claim_check(m: NumberMention, cited: list[str], lib: SourceLibrary, label: Labeler, sentence: str,
                 fd) -> NumberCheck | None:
    """The verdict when a cited fact has the figure's value (None: no such fact); `fd` its frame."""
    v = judge(m, fd, cited, lib, label)
    if v is None:
        return None
    mine, theirs = bounds(m, sentence, v, lib) if v.status in ("supported", "wrong_subject") else ("", "")
    if mine and mine == theirs and v.status == "wrong_subject":
        v = v._replace(status="supported", detail="")
    elif mine and theirs and mine != theirs:
        v = v._replace(status="wrong_subject", detail=f"{m.text}: {label(v.sid, False)} says {v.fact.quote}"
                       f"{'以上' if theirs == '上' else '以下'}, a threshold the other way")
    if place := local_as_national(m, fd, v, sentence, lib):
        v = v._replace(status="wrong_subject",
                       detail=f"{m.text}: {label(v.sid, False)} says {v.fact.quote} of {place}, not of the whole country")
    if v.status == "wrong_subject" and v.fact.mention.text != m.text:
        # 两者合计约5.82万亿元 is near 住户存款5.73万亿元 but is a sum the sentence computes
        d = derive_from_sources(m, sentence, cited, lib, fd.subject, fd.share)
        if d is not None:
            return NumberCheck(text=m.text, start=m.start, end=m.end, kind=m.kind, status="derived",
                               formula=f"{d.formula}（{label(d.sid, False)}）",
                               detail=f"{m.text} is computed, not quoted: {d.formula} from {label.many(cited)}")
    nc = NumberCheck(text=m.text, start=m.start, end=m.end, kind=m.kind, status=v.status, detail=v.detail)
    e = lib.get(v.sid)
    sent = e.sentences[v.fact.sentence] if e and 0 <= v.fact.sentence < len(e.sentences) else ""
    if v.status == "supported":
        nc.source_id, nc.source_mention, nc.source_sentence = v.sid, v.fact.mention.text, sent
    elif v.status == "wrong_source":
        nc.holders = [v.sid]
    else:
        nc.nearest = v.fact.quote
    return nc


# the finding kind (verify/kinds.py) each figure verdict produces
STATUS_KIND = {"uncited": "uncited_number", "unsupported": "unsupported_number", "wrong_source": "wrong_source",
               "derived": "derived"} | {k: k for k in CLAIM_STATUSES}


def finding_for(nc: NumberCheck, sentence: str, citations: list[int], label: Labeler) -> Finding | None:
    """The finding a verdict produces (None when supported or when reported elsewhere)."""
    kind = STATUS_KIND.get(nc.status)
    if kind is None:
        return None
    suggestion = None
    if nc.status == "wrong_source":
        h = nc.holders[0]
        n = label.numbers.get(h)
        # data for the editor's Chinese line ("它出自…"), the review page and Word comments alike
        suggestion = f"[{n}]" if n is not None else f"{label(h)}（参考文献未列出，需补入）"
    elif nc.status in ("unsupported", *CLAIM_STATUSES) and nc.nearest:
        suggestion = nc.nearest
    return Finding(kind=kind, sentence=sentence, detail=nc.detail, number=nc.text, citations=citations,
                   suggestion=suggestion)


def check_clause(text: str, cited_source_ids: list[str], lib: SourceLibrary, *,
                 citations_label: Mapping[str, int] | None = None, derive: bool = True) -> list[Finding]:
    """Findings for one clause citing `cited_source_ids` (ids in `lib`). An empty list of ids
    means the clause is uncited. `citations_label` maps source id -> the draft's [n] so details
    name sources as the draft does."""
    label = Labeler(lib, citations_label)
    known = [s for s in cited_source_ids if s in lib]
    findings: list[Finding] = []
    for s in cited_source_ids:
        if s not in lib:
            findings.append(Finding(kind="unknown_citation", sentence=text.strip(),
                                    detail=f"cited source {s[:12]} is not in the store"))
    cited = known if cited_source_ids else None
    ns = [citations_label[s] for s in known if citations_label and s in citations_label]
    masked = mask(text)
    mentions = extract_numbers(masked)
    for nc in check_mentions(mentions, cited, lib, label, context=mentions if derive else None, sentence=masked):
        f = finding_for(nc, text.strip(), ns, label)
        if f:
            findings.append(f)
    return findings
