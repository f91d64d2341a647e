"""Scores for one draft, all read off the shared verifier's per-clause record (`check_markdown`).

Nothing here checks a number on its own: number verdicts and citation support come from
`draftbot.verify.report.check_markdown`, so `eval` and `draftbot check` cannot disagree. This module
only decides what to count (which clauses are factual, whether a required fact is in the draft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from draftbot.briefing.brief import Brief
from draftbot.briefing.markdown import parse_markdown
from draftbot.evals.cases import Case
from draftbot.outline import Outline
from draftbot.outline.metrics import cited_source_ids, heading_fit, source_use
from draftbot.text.normalize import squash
from draftbot.text.numbers import NumberMention, extract_numbers, supports
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import mask
from draftbot.verify.report import CheckResult, ClauseCheck

# A clause without a figure is factual when it has at least this many letters/digits/CJK
# characters and stands outside 今日判断 (where uncited clauses are the writer's judgement).
MIN_FACT_CHARS = 8
_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
_TOPICAL = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")

RATIOS = ("citation_coverage", "citation_precision", "numeric_fidelity", "fact_recall", "structure",
          "heading_fit", "source_use", "grouping")
# how each metric is gated / shown: ratios (higher is better), counts where lower is better, costs
LOWER_IS_BETTER = ("forbidden_hits", "check_findings", "pending", "repeated_sentences", "english_share")
COSTS = ("prompt_tokens", "completion_tokens", "cost_usd", "wall_seconds")


@dataclass
class FactResult:
    text: str
    source: str
    status: str  # recalled | wrong_source | uncited | missing | unknown_source
    where: str = ""  # the clause it was found in


@dataclass
class DraftScore:
    """Counts behind the ratios, kept so the overall figure pools every case (micro-average)."""

    factual_clauses: int = 0
    cited_factual: int = 0
    citations: int = 0
    citations_supported: int = 0
    numbers: int = 0  # derived figures excluded, as in CheckStats.numeric_fidelity
    numbers_supported: int = 0
    facts: int = 0
    facts_recalled: int = 0
    sections_required: int = 0
    sections_present: int = 0
    forbidden_hits: int = 0
    check_findings: int = 0  # what `draftbot check` would report (its exit status)
    pending: int = 0
    headings_judged: int = 0  # topical headings (or expected topics, whichever is more)
    headings_fit: int = 0  # of those, headings naming their topic (see `score_outline`)
    sources_assigned: int = 0  # the day's relevant sources: the outline assigns them to sections
    sources_cited: int = 0
    repeated_sentences: int = 0  # sentences stated in two topical sections
    pairs_together: int = 0  # `grouping`: pairs of the day's sources the outline puts in one section…
    pairs_expected: int = 0  # …pairs the case's expected_groups put together…
    pairs_right: int = 0  # …and pairs both put together
    latin_letters: int = 0  # `english_share`: English letters in the body (not the references)…
    cjk_chars: int = 0  # …over its Chinese characters
    fact_results: list[FactResult] = field(default_factory=list)
    heading_misses: list[str] = field(default_factory=list)
    unused_sources: list[str] = field(default_factory=list)
    forbidden_found: list[str] = field(default_factory=list)
    uncited_factual: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        return {
            "citation_coverage": _ratio(self.cited_factual, self.factual_clauses),
            "citation_precision": _ratio(self.citations_supported, self.citations),
            "numeric_fidelity": _ratio(self.numbers_supported, self.numbers),
            "fact_recall": _ratio(self.facts_recalled, self.facts),
            "structure": _ratio(self.sections_present, self.sections_required),
            "heading_fit": _ratio(self.headings_fit, self.headings_judged),
            "source_use": _ratio(self.sources_cited, self.sources_assigned),
            "forbidden_hits": float(self.forbidden_hits),
            "check_findings": float(self.check_findings),
            "pending": float(self.pending),
            "repeated_sentences": float(self.repeated_sentences),
            "grouping": _f1(self.pairs_right, self.pairs_together, self.pairs_expected),
            "english_share": round(self.latin_letters / self.cjk_chars, 4) if self.cjk_chars else 0.0,
        }

    def __add__(self, other: "DraftScore") -> "DraftScore":
        out = DraftScore()
        for name in ("factual_clauses", "cited_factual", "citations", "citations_supported", "numbers",
                     "numbers_supported", "facts", "facts_recalled", "sections_required", "sections_present",
                     "forbidden_hits", "check_findings", "pending", "headings_judged", "headings_fit",
                     "sources_assigned", "sources_cited", "repeated_sentences", "pairs_together",
                     "pairs_expected", "pairs_right", "latin_letters", "cjk_chars"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        return out


def _ratio(num: int, den: int) -> float:
    """A ratio with nothing to count is vacuously perfect (the other metrics catch an empty draft)."""
    return round(num / den, 4) if den else 1.0


def _f1(right: int, together: int, expected: int) -> float:
    """Pairwise F1 of the outline's grouping against the expected one; 1.0 with nothing to pair."""
    if not together and not expected:
        return 1.0
    p = right / together if together else 1.0
    r = right / expected if expected else 1.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def grouping_pairs(outline: Outline, case: Case, lib: SourceLibrary) -> tuple[int, int, int]:
    """(together, expected, right) over pairs of the sources the case groups: a pair is together
    when one outline section assigns both, expected when one expected group lists both."""
    ids = [[e.id for t in g if (e := lib.resolve(t)) is not None] for g in case.expected_groups]
    judged = sorted({i for g in ids for i in g})
    section = {sid: sec.id for sec in outline.sections for sid in sec.source_ids}
    group = {sid: k for k, g in enumerate(ids) for sid in g}
    together = expected = right = 0
    for a in range(len(judged)):
        for b in range(a + 1, len(judged)):
            x, y = judged[a], judged[b]
            t = x in section and section.get(x) == section.get(y)
            e = group[x] == group[y]
            together, expected, right = together + t, expected + e, right + (t and e)
    return together, expected, right


_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def english_counts(markdown: str, brief: Brief) -> tuple[int, int]:
    """(English letters, Chinese characters) of the briefing's body: everything before the
    references (which name English sources by their titles), headings included."""
    body = markdown.split(f"## {brief.references.heading}", 1)[0]
    return len(_LATIN.findall(body)), len(_CJK.findall(body))


def word_chars(text: str) -> int:
    return len(_WORD.findall(text))


def is_factual(clause: ClauseCheck, section: str, brief: Brief) -> bool:
    if clause.numbers:
        return True
    if brief.synthesis.heading and brief.synthesis.heading in section:
        return False
    return word_chars(mask(clause.text)) >= MIN_FACT_CHARS


def _contains(haystack: str, needle: str) -> bool:
    """Space/width-insensitive containment that does not match inside a longer figure
    ("1.3%" is not in "11.3%", "21 种" is not in "121 种")."""
    h, n = squash(haystack), squash(needle)
    if not n:
        return False
    lead = r"(?<![0-9.])" if n[0].isdigit() else ""
    tail = r"(?![0-9])" if n[-1].isdigit() else ""
    return re.search(lead + re.escape(n) + tail, h) is not None


def _numbers_match(fact: list[NumberMention], clause: list[NumberMention]) -> bool:
    """Every figure of the fact is stated in the clause (1,652万辆 states 1652 万辆)."""
    return bool(fact) and all(any(supports(c, f) for c in clause) for f in fact)


def states(text: str, fact_text: str, fact_numbers: list[NumberMention] | None = None) -> bool:
    """Does `text` state `fact_text` (literally, space-insensitive, or by equal figures)?"""
    if _contains(text, fact_text):
        return True
    fn = extract_numbers(fact_text) if fact_numbers is None else fact_numbers
    return _numbers_match(fn, extract_numbers(mask(text))) if fn else False


def score_draft(result: CheckResult, markdown: str, case: Case, brief: Brief, lib: SourceLibrary,
                outline: Outline | None = None) -> DraftScore:
    sc = DraftScore()
    st = result.stats
    sc.citations, sc.citations_supported = st.citations, st.citations_supported
    sc.numbers = st.numbers_checked - st.numbers_derived
    sc.numbers_supported = st.numbers_supported
    sc.check_findings = len(result.findings)
    sc.pending = sum(len(s.pending) for s in result.sentences)

    clauses: list[tuple[str, ClauseCheck]] = [(s.section, c) for s in result.sentences for c in s.clauses]
    for section, c in clauses:
        if is_factual(c, section, brief):
            sc.factual_clauses += 1
            if c.marks:
                sc.cited_factual += 1
            else:
                sc.uncited_factual.append(c.text.strip())

    _score_facts(sc, clauses, case, lib)
    for fb in case.forbidden:
        if _forbidden_in(result, fb.text):
            sc.forbidden_hits += 1
            sc.forbidden_found.append(fb.text)
    n_sections = len(outline.sections) if outline is not None else len(brief.sections or [])
    sc.sections_required, sc.sections_present = structure_counts(markdown, brief, n_sections)
    score_outline(sc, result, markdown, case, brief, lib, outline)
    if outline is not None and case.expected_groups:
        sc.pairs_together, sc.pairs_expected, sc.pairs_right = grouping_pairs(outline, case, lib)
    sc.latin_letters, sc.cjk_chars = english_counts(markdown, brief)
    return sc


def topical_headings(markdown: str, brief: Brief) -> list[str]:
    """The numbered topical `## ` headings, without their number (一、…), 今日判断 excluded."""
    syn = brief.synthesis.heading
    return [_TOPICAL.sub("", h).strip() for h in parse_markdown(markdown, brief).headings
            if _TOPICAL.match(h) and syn not in h]


def match_headings(headings: list[str], expected: list[list[str]]) -> tuple[int, int, list[str]]:
    """(fit, judged, misses): each heading is matched to at most one expected topic (any keyword of
    it, case-insensitive); judged is the larger of the two counts, so both a heading from another
    day and a topic without a heading lower the score."""
    left = list(range(len(expected)))
    fit, misses = 0, []
    for h in headings:
        low = h.lower()
        k = next((i for i in left if any(w.lower() in low for w in expected[i])), None)
        if k is None:
            misses.append(h)
            continue
        left.remove(k)
        fit += 1
    misses += ["(no heading for: " + "/".join(expected[i]) + ")" for i in left]
    return fit, max(len(headings), len(expected)), misses


def repeated_sentences(result: CheckResult, brief: Brief) -> int:
    """Sentences that stand in two different topical sections (the same words, spacing aside)."""
    where: dict[str, set[str]] = {}
    for s in result.sentences:
        if not _TOPICAL.match(s.section) or brief.synthesis.heading in s.section:
            continue
        key = squash(mask(s.text))
        if word_chars(key) >= MIN_FACT_CHARS:
            where.setdefault(key, set()).add(s.section)
    return sum(1 for secs in where.values() if len(secs) > 1)


def score_outline(sc: DraftScore, result: CheckResult, markdown: str, case: Case, brief: Brief,
                  lib: SourceLibrary, outline: Outline | None) -> None:
    """heading_fit, source_use and repeated sentences.

    heading_fit: with the case's `expected_headings`, headings matched one-to-one to the day's
    topics; else (an outline known) the share of sections whose heading names its own sources.
    source_use: the outline's assigned sources the draft cites (its references resolved by title)."""
    heads = topical_headings(markdown, brief)
    if case.expected_headings:
        sc.headings_fit, sc.headings_judged, sc.heading_misses = match_headings(heads, case.expected_headings)
    elif outline is not None:
        # an English source is named by its Chinese summary as much as by its title
        titles = {e.id: f"{e.record.title} {e.record.summary or ''}" for e in lib.entries.values()}
        hf = heading_fit(outline, titles)
        sc.headings_judged, sc.headings_fit, sc.heading_misses = hf.sections, hf.sections - len(hf.misses), hf.misses
    if outline is not None:
        parsed = parse_markdown(markdown, brief)
        cited = cited_source_ids(parsed, lambda t, u: (e.id if (e := lib.resolve(t, u)) else None))
        use = source_use(outline, cited)
        sc.sources_assigned, sc.sources_cited, sc.unused_sources = use.assigned, use.cited, use.unused
    sc.repeated_sentences = repeated_sentences(result, brief)


def _forbidden_in(result: CheckResult, text: str) -> bool:
    """A forbidden figure appears when one sentence states it (text or equal figures; exact
    values only, so 484.3 亿块 is not found in 4843 亿块)."""
    fn = extract_numbers(text)
    for s in result.sentences:
        if _contains(mask(s.text), text):
            return True
        if fn and all(any(_same(c, f) for c in extract_numbers(mask(s.text))) for f in fn):
            return True
    return False


def _same(claim: NumberMention, forbidden: NumberMention) -> bool:
    # the forbidden figure as written (no qualifier slack): "73.10" matches 73.10 美元 too
    return supports(claim, forbidden) and abs(claim.value - forbidden.value) <= 1e-9 * max(1.0, abs(forbidden.value))


def _score_facts(sc: DraftScore, clauses: list[tuple[str, ClauseCheck]], case: Case, lib: SourceLibrary) -> None:
    for fact in case.required_facts:
        sc.facts += 1
        entry = lib.resolve(fact.source)
        fn = extract_numbers(fact.text)
        found = [c for _, c in clauses if states(c.text, fact.text, fn)]
        if entry is None:
            sc.fact_results.append(FactResult(fact.text, fact.source, "unknown_source"))
            continue
        right = [c for c in found if any(ct.source_id == entry.id for ct in c.citations)]
        if right:
            sc.facts_recalled += 1
            sc.fact_results.append(FactResult(fact.text, fact.source, "recalled", right[0].text.strip()))
        elif found:
            status = "wrong_source" if any(c.marks for c in found) else "uncited"
            sc.fact_results.append(FactResult(fact.text, fact.source, status, found[0].text.strip()))
        else:
            sc.fact_results.append(FactResult(fact.text, fact.source, "missing"))


def structure_counts(markdown: str, brief: Brief, n: int) -> tuple[int, int]:
    """(required, present): the summary heading, one numbered heading per topical section of the
    outline (`n`), the synthesis heading and the references heading, as `## ` headings."""
    heads = parse_markdown(markdown, brief).headings
    syn = brief.synthesis.heading
    has_summary = any(h.startswith(brief.summary.heading) for h in heads)
    has_syn = any(syn in h for h in heads)
    has_refs = any(h.startswith(brief.references.heading) for h in heads)
    topical = sum(1 for h in heads if _TOPICAL.match(h) and syn not in h)
    return 3 + n, int(has_summary) + int(has_syn) + int(has_refs) + min(topical, n)
