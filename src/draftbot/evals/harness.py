"""Run eval cases end to end: temporary store → ingest the case corpus → `run_draft` → verify the
draft with the shared verifier → metrics per case, pooled overall; optionally the checker's
mutation suite. Offline by default (extractive backend)."""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, ConfigDict, Field

from draftbot.backends import registry
from draftbot.errors import UserError
from draftbot.evals.baseline import CHECKER, OVERALL, Baseline
from draftbot.evals.cases import Case
from draftbot.evals.metrics import DraftScore, FactResult, score_draft
from draftbot.llm.base import LLMError
from draftbot.outline import Outline

CACHE_FILE = "llm-cache.sqlite"
# Metrics in the order tables and JSON show them.
CASE_METRICS = ("citation_coverage", "citation_precision", "numeric_fidelity", "fact_recall", "structure",
                "heading_fit", "source_use", "grouping", "english_share", "forbidden_hits", "check_findings", "pending", "repeated_sentences", "prompt_tokens", "completion_tokens", "cost_usd",
                "wall_seconds")


class EvalOptions(BaseModel):
    backend: str = registry.OFFLINE_DEFAULT
    repeat: int = Field(default=1, ge=1)
    cache: bool = True
    cache_path: Path | None = None  # default: <store>/llm-cache.sqlite
    checker: bool = False
    checker_corpus: Path | None = None  # default: the repo's sample corpus (corpus/)
    drafts_dir: Path | None = None  # keep each case's draft (Markdown + provenance) here
    record: bool = False  # write each case's replay.json from the model's replies (backend openai)
    model: str | None = None  # --model as given; replay otherwise answers as the model it recorded


class CaseRun(BaseModel):
    """One drafting run of one case."""

    metrics: dict[str, float | None]
    facts: list[dict] = Field(default_factory=list)
    forbidden_found: list[str] = Field(default_factory=list)
    uncited_factual: list[str] = Field(default_factory=list)
    findings: list[dict] = Field(default_factory=list)
    markdown: str = ""
    provenance: dict = Field(default_factory=dict)


class CaseReport(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    description: str = ""
    thresholds: dict[str, float] = Field(default_factory=dict)
    runs: list[CaseRun] = Field(default_factory=list)
    mean: dict[str, float | None] = Field(default_factory=dict)
    spread: dict[str, float] = Field(default_factory=dict)  # stdev over repeats (0 for one run)
    score: DraftScore | None = None  # pooled counts over repeats


class CheckerReport(BaseModel):
    metrics: dict[str, float]
    missed: list[str] = Field(default_factory=list)
    flagged_rewrites: list[str] = Field(default_factory=list)
    line: str = ""


class EvalReport(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    config: dict
    cases: dict[str, CaseReport] = Field(default_factory=dict)
    overall: dict[str, float | None] = Field(default_factory=dict)
    checker: CheckerReport | None = None
    errors: dict[str, str] = Field(default_factory=dict)  # case -> why it could not be drafted (model/replay)

    def scopes(self) -> dict[str, dict[str, float | None]]:
        """Every gated scope: each case's means, overall, checker."""
        out: dict[str, dict[str, float | None]] = {n: dict(c.mean) for n, c in self.cases.items()}
        if self.cases:
            out[OVERALL] = dict(self.overall)
        if self.checker:
            out[CHECKER] = dict(self.checker.metrics)
        return out

    def spreads(self) -> dict[str, dict[str, float]]:
        return {n: dict(c.spread) for n, c in self.cases.items()}

    def to_json(self) -> dict:
        out: dict = {"cases": {n: c.mean for n, c in self.cases.items()}, "overall": self.overall,
                     "config": self.config}
        if any(c.spread for c in self.cases.values()) and self.config.get("repeat", 1) > 1:
            out["spread"] = {n: c.spread for n, c in self.cases.items()}
        if self.checker:
            out["checker"] = self.checker.model_dump()
        if self.errors:
            out["errors"] = dict(self.errors)
        out["details"] = {n: {"facts": c.runs[-1].facts if c.runs else [],
                              "forbidden_found": c.runs[-1].forbidden_found if c.runs else [],
                              "uncited_factual": c.runs[-1].uncited_factual if c.runs else [],
                              "findings": c.runs[-1].findings if c.runs else []}
                          for n, c in self.cases.items()}
        return out

    def to_baseline(self, previous: Baseline | None = None) -> Baseline:
        cfg = {k: v for k, v in self.config.items()
               if k not in ("cache_path", "llm_requests", "cache_hits", "recorded", "prompts_exercised")}
        return Baseline(config=cfg, cases={n: c.mean for n, c in self.cases.items()}, overall=self.overall,
                        checker=self.checker.metrics if self.checker else (previous.checker if previous else {}),
                        tolerances=previous.tolerances if previous else {})


# ----------------------------------------------------------------------------- drafting backends


class _ChatFactory:
    """Builds the chat model the LLM backends use, wrapped in the SQLite response cache for openai,
    and counts requests that reached the model (cache misses)."""

    def __init__(self, opts: EvalOptions, settings) -> None:
        self.opts = opts
        self.settings = settings
        self.caches: list = []
        self._memory = None
        self.recorded: dict[str, int] = {}  # case -> replies written to its replay.json
        self._recorders: list = []

    def method_memory(self):
        """The structured-output method each endpoint+model accepted, kept beside the cache."""
        if not registry.can(self.opts.backend, "cacheable"):
            return None
        if self._memory is None:
            from draftbot.llm.cache import MethodMemory

            self._memory = MethodMemory(self.cache_path())
        return self._memory

    def recording(self, case: Case):
        """`wrap` for one case with --record: the cached chat, its replies written to the case's
        replay.json (the file `--backend replay` reads, with the prompt files' hashes)."""
        from draftbot.llm.replay import RecordingChat

        def wrap(chat):
            rec = RecordingChat(self.wrap(chat), case.replay_path(),
                                note=f"recorded by `draftbot eval --record` from {chat.name}")
            self._recorders.append((case.name, rec))
            return rec

        return wrap

    @property
    def cached(self) -> bool:
        """Whether replies go through the response cache (a cacheable backend, --no-cache not given)."""
        return bool(self.opts.cache and registry.can(self.opts.backend, "cacheable"))

    def cache_path(self) -> Path:
        return Path(self.opts.cache_path or Path(self.settings.store).expanduser() / CACHE_FILE)

    def wrap(self, chat):
        if not self.cached:
            return chat
        from draftbot.llm import CachedChat

        cached = CachedChat(chat, self.cache_path())
        self.caches.append(cached)
        return cached

    @property
    def hits(self) -> int:
        return sum(c.hits for c in self.caches)

    @property
    def misses(self) -> int:
        return sum(c.misses for c in self.caches)

    def close(self) -> None:
        for c in self.caches:
            c.close()
        if self._memory is not None:
            self._memory.close()
        for name, rec in self._recorders:
            self.recorded[name] = self.recorded.get(name, 0) + rec.recorded


def make_case_drafter(settings, backend: str, case: Case, chats: _ChatFactory):
    """The drafter for one case run, from the backend registry (the case gives its replay file;
    `run_draft` hands the verifier to a backend that selects by it)."""
    replay = case.replay_path() if registry.can(backend, "replays") else None
    if replay is not None and not replay.is_file():
        raise UserError(f"case {case.name}: backend {backend} needs {replay} (record it with "
                        "`draftbot eval --record --backend openai`)")
    if chats.opts.record and not registry.can(backend, "records"):
        raise UserError("--record needs --backend openai (a model, or any OpenAI-compatible endpoint, to record)")
    wrap = chats.recording(case) if chats.opts.record else chats.wrap
    if replay is not None and chats.opts.model is None:
        from draftbot.llm.replay import load_replay

        recorded = load_replay(replay).model
        if recorded:
            settings = settings.model_copy(update={"model": recorded})
    return registry.make_drafter(settings, backend, replay=replay, wrap=wrap, method_memory=chats.method_memory())


# ----------------------------------------------------------------------------- one case


def run_case_once(case: Case, settings, opts: EvalOptions, chats: _ChatFactory,
                  make_drafter: Callable | None = None) -> tuple[CaseRun, DraftScore]:
    from draftbot.briefing.brief import load_brief
    from draftbot.draft.pipeline import run_draft
    from draftbot.index.ingest import ingest
    from draftbot.index.store import open_store
    from draftbot.verify.report import check_markdown

    t0 = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f"draftbot-eval-{case.name}-"))
    try:
        s = settings.model_copy(update={"store": tmp / "store", "chroma_url": None})
        with open_store(s, write=True, quiet=True) as store:
            rep = ingest(case.corpus_paths(), store)
            if rep.failed:
                f = rep.failed[0]
                raise UserError(f"case {case.name}: corpus file {f.path} failed to load: {f.reason}")
            out = tmp / "draft.md"
            if make_drafter is not None:
                drafter = make_drafter(s, case)
            else:
                drafter = make_case_drafter(s, opts.backend, case, chats)
            run_draft(s, case.date, brief_path=case.brief_path(), out=out, backend=opts.backend,
                      quiet=True, store=store, drafter=drafter, force=True, outline=case.outline_path())
            markdown = out.read_text(encoding="utf-8")
            prov = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
            from draftbot.verify.library import SourceLibrary

            lib = SourceLibrary.from_store(store)
            brief = load_brief(case.brief_path())
            result = check_markdown(markdown, lib, brief)
            outline = Outline.model_validate(prov["outline"]) if prov.get("outline") else None
            score = score_draft(result, markdown, case, brief, lib, outline)
        if opts.drafts_dir is not None:
            d = Path(opts.drafts_dir)
            d.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out, d / f"{case.name}.md")
            shutil.copyfile(out.with_suffix(".json"), d / f"{case.name}.json")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    metrics: dict[str, float | None] = dict(score.metrics())
    tokens = prov.get("tokens") or {}
    metrics["prompt_tokens"] = float(tokens.get("prompt") or 0)
    metrics["completion_tokens"] = float(tokens.get("completion") or 0)
    cost = prov.get("cost_usd")
    metrics["cost_usd"] = float(cost) if cost is not None else 0.0
    metrics["wall_seconds"] = round(time.monotonic() - t0, 2)
    run = CaseRun(
        metrics={k: metrics.get(k) for k in CASE_METRICS},
        facts=[_fact_json(f) for f in score.fact_results],
        forbidden_found=score.forbidden_found,
        uncited_factual=score.uncited_factual,
        findings=[f.model_dump(include={"kind", "sentence", "detail", "number"}) for f in result.findings],
        markdown=markdown,
        provenance={k: prov.get(k) for k in ("backend", "model", "prompt_hashes", "tokens", "cost_usd")},
    )
    return run, score


def _fact_json(f: FactResult) -> dict:
    return {"text": f.text, "source": f.source, "status": f.status, "where": f.where}


def _aggregate(runs: list[CaseRun]) -> tuple[dict[str, float | None], dict[str, float]]:
    mean: dict[str, float | None] = {}
    spread: dict[str, float] = {}
    for k in CASE_METRICS:
        vals = [r.metrics[k] for r in runs if r.metrics.get(k) is not None]
        if not vals:
            mean[k] = None
            continue
        mean[k] = round(statistics.fmean(vals), 4)
        spread[k] = round(statistics.stdev(vals), 4) if len(vals) > 1 else 0.0
    return mean, spread


def overall_of(cases: dict[str, CaseReport]) -> dict[str, float | None]:
    """Ratios pooled over every case's counts (micro-average: a case with more clauses weighs more);
    counts, tokens, cost and time summed (per run, averaged over repeats)."""
    if not cases:
        return {}
    pooled = DraftScore()
    for c in cases.values():
        if c.score is not None:
            pooled = pooled + c.score
    out: dict[str, float | None] = dict(pooled.metrics())
    reps = {n: max(1, len(c.runs)) for n, c in cases.items()}
    for k in ("forbidden_hits", "check_findings", "pending", "repeated_sentences"):
        out[k] = round(sum((c.score.metrics()[k] if c.score else 0) / reps[n] for n, c in cases.items()), 4)
    for k in ("prompt_tokens", "completion_tokens", "cost_usd", "wall_seconds"):
        out[k] = round(sum(c.mean.get(k) or 0 for c in cases.values()), 4)
    return {k: out.get(k) for k in CASE_METRICS}


# ----------------------------------------------------------------------------- checker


def default_checker_corpus() -> Path:
    from draftbot.verify.mutations import CHECKER_DIR

    return CHECKER_DIR.parent.parent / "corpus"


def run_checker(settings, corpus: Path | None = None, errors=None, rewrites=None) -> CheckerReport:
    """The verifier's mutation suite over the sample corpus, as gated metrics."""
    from draftbot.index.ingest import ingest
    from draftbot.index.store import open_store
    from draftbot.verify.library import SourceLibrary
    from draftbot.verify.mutations import run_mutation_suite

    corpus = Path(corpus or default_checker_corpus())
    if not corpus.exists():
        raise UserError(f"checker corpus {corpus}: not found (give --checker-corpus DIR)")
    tmp = Path(tempfile.mkdtemp(prefix="draftbot-eval-checker-"))
    try:
        s = settings.model_copy(update={"store": tmp / "store", "chroma_url": None})
        with open_store(s, write=True, quiet=True) as store:
            ingest([corpus], store)
            rep = run_mutation_suite(SourceLibrary.from_store(store), errors=errors, rewrites=rewrites)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return CheckerReport(
        metrics={"detection_rate": round(rep.catch_rate, 4), "false_alarms": float(rep.false_alarms),
                 "clean_findings": float(rep.clean_findings)},
        missed=rep.missed, flagged_rewrites=rep.flagged_rewrites, line=rep.line())


# ----------------------------------------------------------------------------- the suite


def run_eval(cases: list[Case], settings, opts: EvalOptions, progress: Callable[[str], None] | None = None,
             make_drafter: Callable | None = None) -> EvalReport:
    """Every case `opts.repeat` times, then overall, then (optionally) the checker.

    `make_drafter(settings, case) -> Drafter` replaces the backend (tests, experiments)."""
    say = progress or (lambda s: None)
    if make_drafter is None:
        registry.spec_of(opts.backend, settings)  # unknown, or needs a key it lacks: refused before any case runs
    chats = _ChatFactory(opts, settings)
    report = EvalReport(config={})
    try:
        for case in cases:
            cr = CaseReport(name=case.name, description=case.description, thresholds=case.thresholds)
            pooled = DraftScore()
            try:
                for i in range(opts.repeat):
                    say(f"{case.name}" + (f" (run {i + 1}/{opts.repeat})" if opts.repeat > 1 else ""))
                    run, score = run_case_once(case, settings, opts, chats, make_drafter)
                    cr.runs.append(run)
                    pooled = pooled + score
            except LLMError as exc:
                # this case cannot be drafted (a replay recorded under other prompts, a model that
                # fails): it fails, named with the reason; the other cases still run
                report.errors[case.name] = str(exc)
                continue
            cr.mean, cr.spread = _aggregate(cr.runs)
            cr.score = pooled
            report.cases[case.name] = cr
        report.overall = overall_of(report.cases)
        if opts.checker:
            say("checker mutation suite")
            report.checker = run_checker(settings, opts.checker_corpus)
    finally:
        chats.close()
    first = next((r.provenance for c in report.cases.values() for r in c.runs), {})
    report.config = {
        "backend": opts.backend if make_drafter is None else (first.get("backend") or "custom"),
        "model": first.get("model"),
        "prompt_hashes": first.get("prompt_hashes") or {},
        "repeat": opts.repeat,
        "cases": sorted(report.cases),
        "cache": chats.cached,
        "cache_path": str(chats.cache_path()) if chats.cached else None,
        "llm_requests": chats.misses,
        "cache_hits": chats.hits,
        # extractive selects sentences: no prompt file is read, so a prompt edit cannot show here
        "prompts_exercised": registry.can(opts.backend, "plans") or make_drafter is not None,
    }
    if opts.record:
        report.config["recorded"] = dict(chats.recorded)
    return report
