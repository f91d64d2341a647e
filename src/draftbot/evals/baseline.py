"""The saved baseline (`evals/baseline.json`, kept in git) and the gate that compares a run with it.

A run regresses when a metric moves the wrong way by more than its tolerance, or falls below the
minimum its case.yaml sets. Tolerances default per metric (below) and may be overridden by a
`"tolerances": {metric: value}` object in the baseline file. With `--repeat N` the means are
compared and each tolerance is widened by the run's own spread (one standard deviation), so a
nondeterministic backend's noise does not fail the gate by itself.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from draftbot.errors import UserError
from draftbot.evals.metrics import COSTS, LOWER_IS_BETTER, RATIOS

FORMAT = "draftbot-eval-baseline/1"
DEFAULT_PATH = Path("evals") / "baseline.json"
OVERALL = "overall"
CHECKER = "checker"

# Absolute tolerance for ratios and counts; ("rel", x) = relative growth allowed; None = not gated.
DEFAULT_TOLERANCES: dict[str, float | tuple[str, float] | None] = {
    **{m: 0.02 for m in RATIOS},
    "numeric_fidelity": 0.0,  # one wrong figure is the regression this tool exists to catch
    "forbidden_hits": 0,
    "check_findings": 0,
    "pending": 0,
    "repeated_sentences": 0,
    "english_share": 0.02,  # English letters per Chinese character of the body (grows with one more wire)
    "prompt_tokens": ("rel", 0.25),
    "completion_tokens": ("rel", 0.25),
    "cost_usd": ("rel", 0.25),
    "wall_seconds": None,  # machine-dependent: shown, never gated
    "detection_rate": 0.0,
    "false_alarms": 0,
    "clean_findings": 0,
}
# checker metrics where lower is better
_LOWER = set(LOWER_IS_BETTER) | set(COSTS) | {"false_alarms", "clean_findings"}


def lower_is_better(metric: str) -> bool:
    return metric.split(".")[-1] in _LOWER


class Baseline(BaseModel):
    format: str = FORMAT
    config: dict = Field(default_factory=dict)
    cases: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    overall: dict[str, float | None] = Field(default_factory=dict)
    checker: dict[str, float | None] = Field(default_factory=dict)
    tolerances: dict[str, float] = Field(default_factory=dict)


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"baseline {path}: not found (create it with `draftbot eval --update-baseline`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"baseline {path}: cannot read ({exc})") from None
    except ValueError as exc:
        raise UserError(f"baseline {path}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise UserError(f"baseline {path}: expected a JSON object")
    try:
        return Baseline.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ())) or "baseline"
        raise UserError(f"baseline {path}: field '{field}': {err.get('msg', 'invalid')}") from None


def save_baseline(baseline: Baseline, path: Path) -> None:
    """Write atomically (temp file + rename), so an interrupted run never leaves half a baseline."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(baseline.model_dump(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Row:
    """One metric of one scope (a case, overall, or checker) compared with the baseline."""

    scope: str
    metric: str
    now: float | None
    base: float | None
    tolerance: float | None  # effective absolute tolerance; None = not gated
    regressed: bool
    spread: float = 0.0

    @property
    def delta(self) -> float | None:
        if self.now is None or self.base is None:
            return None
        return self.now - self.base

    @property
    def arrow(self) -> str:
        """▲ better, ▼ worse, = unchanged (direction-aware: fewer forbidden hits is ▲)."""
        d = self.delta
        if d is None:
            return "new" if self.base is None else "—"
        if abs(d) < 1e-9:
            return "="
        better = d < 0 if lower_is_better(self.metric) else d > 0
        return "▲" if better else "▼"


@dataclass
class Failure:
    scope: str
    metric: str
    message: str


def tolerance_for(metric: str, base: float, overrides: dict[str, float]) -> float | None:
    key = metric.split(".")[-1]
    if metric in overrides:
        return float(overrides[metric])
    if key in overrides:
        return float(overrides[key])
    tol = DEFAULT_TOLERANCES.get(key, 0.02 if not lower_is_better(key) else 0)
    if tol is None:
        return None
    if isinstance(tol, tuple):
        # relative to a baseline of zero (an offline backend spends nothing) there is no scale
        return abs(base) * tol[1] + 1e-9 if base else None
    return float(tol)


def compare(scopes: dict[str, dict[str, float | None]], spreads: dict[str, dict[str, float]],
            baseline: Baseline | None) -> tuple[list[Row], list[Failure]]:
    """Rows for every metric of every scope, and the failures among them (vs the baseline)."""
    rows: list[Row] = []
    fails: list[Failure] = []
    if baseline is None:
        return rows, fails
    base_scopes = {**baseline.cases, OVERALL: baseline.overall, CHECKER: baseline.checker}
    for scope, metrics in scopes.items():
        base = base_scopes.get(scope)
        for metric, now in metrics.items():
            b = base.get(metric) if base else None
            spread = (spreads.get(scope) or {}).get(metric, 0.0)
            tol = tolerance_for(metric, b, baseline.tolerances) if b is not None else None
            regressed = False
            if tol is not None and now is not None and b is not None:
                tol += spread
                worse = (now - b) if lower_is_better(metric) else (b - now)
                regressed = worse > tol + 1e-9
            row = Row(scope, metric, now, b, tol, regressed, spread)
            rows.append(row)
            if regressed:
                fails.append(Failure(scope, metric, f"{scope}: {metric} regressed {_fmt(b)} → {_fmt(now)} "
                                                    f"(tolerance {_fmt(tol)})"))
    return rows, fails


def threshold_failures(case_metrics: dict[str, dict[str, float | None]],
                       thresholds: dict[str, dict[str, float]]) -> list[Failure]:
    """A case below the minimum its case.yaml sets (a maximum, for lower-is-better metrics)."""
    out: list[Failure] = []
    for case, th in thresholds.items():
        got = case_metrics.get(case, {})
        for metric, limit in th.items():
            v = got.get(metric)
            if v is None:
                out.append(Failure(case, metric, f"{case}: threshold on unknown metric {metric!r} (case.yaml)"))
                continue
            if lower_is_better(metric):
                if v > limit + 1e-9:
                    out.append(Failure(case, metric, f"{case}: {metric} {_fmt(v)} above its case.yaml maximum {_fmt(limit)}"))
            elif v < limit - 1e-9:
                out.append(Failure(case, metric, f"{case}: {metric} {_fmt(v)} below its case.yaml minimum {_fmt(limit)}"))
    return out


def _fmt(v: float | None) -> str:
    """Plain notation, never scientific (32265, 0.9877, 0.000012)."""
    if v is None:
        return "—"
    if abs(v - round(v)) < 1e-9 and abs(v) >= 1:
        return str(int(round(v)))
    if abs(v) >= 1:
        return f"{v:.2f}"
    digits = 4
    while digits < 12 and v and abs(v) < 10 ** -(digits - 3):
        digits += 1  # a small value keeps four significant digits without an exponent
    return f"{v:.{digits}f}".rstrip("0").rstrip(".") or "0"


def signed(v: float) -> str:
    """A change in plain notation with its sign: +32265, -0.0123."""
    return ("+" if v >= 0 else "-") + _fmt(abs(v))
