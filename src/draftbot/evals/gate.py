"""The baseline gate of `draftbot eval`, callable without the CLI: which baseline a run is compared
with, what fails (a metric past its tolerance, a case below its case.yaml threshold, a case that
could not be drafted, a prompt that lost a rule of the contract), and the run as the next baseline."""

from __future__ import annotations

from pathlib import Path

from draftbot.backends.registry import baseline_name
from draftbot.evals.baseline import CHECKER, OVERALL, Baseline, Failure, Row, compare, threshold_failures
from draftbot.evals.cases import CASE_FILE
from draftbot.llm.contract import contract_failures


def default_baseline(dirs: list[Path], backend: str) -> Path | None:
    """The baseline of this backend in the folder of cases (or beside a single case folder), named
    by the registry (baseline.json for extractive, baseline-<backend>.json for the others: a replay
    run is never compared with extractive figures); the first that exists, else where
    --update-baseline writes it. Never a baseline of unrelated cases."""
    name = baseline_name(backend)
    cands = [(d.parent if (d / CASE_FILE).is_file() else d) / name for d in dirs]
    for c in cands:
        if c.is_file():
            return c
    return cands[0] if cands else None


def gate(report, base: Baseline | None) -> tuple[list[Row], list[Failure]]:
    """(rows of the comparison with `base`, failures) for an `EvalReport`."""
    scopes = report.scopes()
    if base is not None and set(report.cases) != set(base.cases):
        scopes.pop(OVERALL, None)  # pooled over other cases: not comparable
    if base is not None and not base.checker:
        scopes.pop(CHECKER, None)
    rows, fails = compare(scopes, report.spreads(), base)
    fails += threshold_failures({n: c.mean for n, c in report.cases.items()},
                                {n: c.thresholds for n, c in report.cases.items()})
    fails += [Failure(name, "drafting", f"{name}: {why}") for name, why in report.errors.items()]
    # the prompt contract: a prompt that no longer states a rule the pipeline relies on fails the
    # gate by that rule's name, whatever the recorded replies score
    fails += [Failure("prompts", "contract", line) for line in contract_failures()]
    return rows, fails


def below_threshold(fails: list[Failure]) -> list[Failure]:
    """The failures that keep --update-baseline from writing: a case below its case.yaml threshold."""
    return [f for f in fails if "case.yaml" in f.message]


def merged(report, previous: Baseline | None) -> Baseline:
    """The run as a baseline; cases not run this time keep their previous figures."""
    new = report.to_baseline(previous)
    if previous is not None:
        kept = {n: m for n, m in previous.cases.items() if n not in new.cases}
        if kept:
            new.cases = {**kept, **new.cases}
            new.overall = previous.overall  # the pooled figure needs every case in one run
    return new


def gate_json(base_path: Path | None, rows: list[Row], fails: list[Failure]) -> dict:
    """The `gate` part of `eval --json`."""
    return {"baseline": str(base_path) if base_path is not None else None,
            "failures": [f.message for f in fails],
            "diff": [{"scope": r.scope, "metric": r.metric, "baseline": r.base, "now": r.now,
                      "delta": r.delta, "regressed": r.regressed} for r in rows]}
