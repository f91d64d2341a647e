"""Eval output: the cases × metrics table, the diff against the baseline, a small HTML page."""

from __future__ import annotations

import html
import json

from rich import box
from rich.console import Console
from rich.table import Table

from draftbot.display import display_name
from draftbot.evals.baseline import Failure, Row, _fmt, signed
from draftbot.evals.harness import CASE_METRICS, EvalReport

SHORT = {
    "citation_coverage": "coverage",
    "citation_precision": "precision",
    "numeric_fidelity": "numbers",
    "fact_recall": "recall",
    "structure": "structure",
    "heading_fit": "headings",
    "source_use": "sources",
    "grouping": "grouping",
    "english_share": "english",
    "repeated_sentences": "repeats",
    "forbidden_hits": "forbidden",
    "check_findings": "findings",
    "pending": "待核实",
    "prompt_tokens": "tok in",
    "completion_tokens": "tok out",
    "cost_usd": "cost $",
    "wall_seconds": "sec",
}


def _cell(metric: str, v: float | None, spread: float | None = None) -> str:
    if v is None:
        return "—"
    if metric == "cost_usd":
        s = f"{v:.4f}"
    elif metric in ("prompt_tokens", "completion_tokens", "forbidden_hits", "check_findings", "pending"):
        s = f"{v:g}" if v != int(v) else str(int(v))
    elif metric == "wall_seconds":
        s = f"{v:.1f}"
    else:
        s = f"{v:.3f}"
    if spread:
        s += f" ±{spread:.3g}"
    return s


NARROW = 80  # the table's width off a terminal, and at most on one, unless --wide


def _rows(report: EvalReport, names: list[str]) -> list:
    rows = []
    for m in CASE_METRICS:
        cells = [_cell(m, report.cases[n].mean.get(m), report.cases[n].spread.get(m)) for n in names]
        rows.append((m, _cell(m, report.overall.get(m)) if names else None, cells))
    return rows


def results_tables(report: EvalReport, width: int | None = NARROW) -> list[Table]:
    """The results as tables of at most `width` columns: as many cases side by side as fit (with
    numbered columns named in a caption), the next cases in the next table; `overall` in each."""
    names = list(report.cases)
    if not width or len(names) <= 1:
        return [results_table(report, width)]
    groups: list[list[str]] = [[]]
    for n in names:
        trial = groups[-1] + [n]
        heads = ["metric", "overall", *(f"#{i}" for i in range(len(trial)))]
        if groups[-1] and _needed(_rows(report, trial), heads) > width:
            groups.append([n])
        else:
            groups[-1] = trial
    first = 1
    out = []
    for g in groups:
        out.append(results_table(report, width, g, first))
        first += len(g)
    return out


def results_table(report: EvalReport, width: int | None = NARROW, cases: list[str] | None = None,
                  first: int = 1) -> Table:
    """Metrics down, cases across, `overall` right after the metric names (it never scrolls off).
    Within `width` (None: --wide, as wide as needed) cases keep their names when they fit; else
    they are numbered columns (#1, #2 …) named in the caption."""
    names = list(report.cases) if cases is None else cases
    rows = _rows(report, names)
    heads = [display_name(n) for n in names]
    caption = None
    if width and _needed(rows, ["metric", "overall", *names]) > width:
        heads = [f"#{i}" for i in range(first, first + len(names))]
        caption = "  ".join(f"#{i} {display_name(n)}" for i, n in enumerate(names, first))
    t = Table(title="draftbot eval", title_justify="left", caption=caption, caption_justify="left",
              box=box.SIMPLE_HEAD if width else box.HEAVY_HEAD, pad_edge=False)
    t.add_column("metric", no_wrap=True)
    if names:
        t.add_column("overall", justify="right", style="bold", no_wrap=True)
    for h in heads:
        t.add_column(h, justify="right", no_wrap=True)
    for lab, overall, cells in rows:
        t.add_row(lab, *([overall] if names else []), *cells)
    return t


def _needed(rows, heads: list[str]) -> int:
    """Characters the SIMPLE_HEAD table takes with these headers (padding and a margin per column)."""
    cols = list(zip(*[(lab, ov or "", *cells) for lab, ov, cells in rows]))
    return sum(max(len(h), *(len(c) for c in col)) + 3 for h, col in zip(heads, cols))


def checker_table(report: EvalReport) -> Table | None:
    if not report.checker:
        return None
    t = Table(title="checker (mutation suite)", title_justify="left")
    for k in report.checker.metrics:
        t.add_column(k, justify="right")
    t.add_row(*[_fmt(v) for v in report.checker.metrics.values()])
    return t


NOISE = ("wall_seconds",)  # changes every run; in the JSON diff, not in the printed one


def _shown(r: Row) -> bool:
    return r.regressed or (r.arrow not in ("=", "—") and r.metric not in NOISE)


def diff_table(rows: list[Row], all_rows: bool = False, width: int | None = NARROW) -> Table:
    """Metrics that changed (or every one with `all_rows`): baseline, now, delta with ▲/▼."""
    t = Table(title="vs baseline", title_justify="left", box=box.SIMPLE_HEAD if width else box.HEAVY_HEAD,
              pad_edge=False)
    for col, just in (("scope", "left"), ("metric", "left"), ("baseline", "right"), ("now", "right"),
                      ("Δ", "right"), ("", "left")):
        t.add_column(col, justify=just)
    for r in rows:
        if not all_rows and not _shown(r):
            continue
        d = r.delta
        arrow = r.arrow
        style = "red" if r.regressed else ("green" if arrow == "▲" else ("yellow" if arrow == "▼" else ""))
        status = "REGRESSED" if r.regressed else ("not gated" if r.tolerance is None and r.base is not None else "")
        change = arrow if d is None else f"{arrow} {signed(d)}"
        t.add_row(r.scope, r.metric, _fmt(r.base), _fmt(r.now),
                  f"[{style}]{change}[/{style}]" if d is not None and style else change,
                  f"[red]{status}[/red]" if r.regressed else status)
    return t


def print_report(report: EvalReport, rows: list[Row], failures: list[Failure], console: Console | None = None,
                 baseline_name: str | None = None, wide: bool = False) -> None:
    con = console or Console()
    width = None if wide else min(NARROW, con.width)
    for table in results_tables(report, width):
        con.print(table)
    ct = checker_table(report)
    if ct is not None:
        con.print(ct)
        if report.checker and report.checker.missed:
            con.print("missed: " + "; ".join(report.checker.missed))
    for name, c in report.cases.items():
        if not c.runs:
            continue
        last = c.runs[-1]
        missing = [f for f in last.facts if f["status"] != "recalled"]
        if missing:
            con.print(f"{display_name(name)}: facts not recalled: " + "; ".join(f"{f['text']} ({f['status']})" for f in missing),
                      highlight=False, markup=False)
        if last.forbidden_found:
            con.print(f"{display_name(name)}: forbidden figures in the draft: " + "; ".join(last.forbidden_found),
                      highlight=False, markup=False)
    if baseline_name:
        if any(_shown(r) for r in rows):
            con.print(diff_table(rows, width=width))
        else:
            con.print(f"vs baseline {baseline_name}: no change", highlight=False, soft_wrap=True)
    from rich.text import Text

    for f in failures:  # one line each, never wrapped (scripts grep them); the message is not markup
        con.print(Text.assemble(("FAIL", "red"), " ", f.message), highlight=False, soft_wrap=True)


def html_report(report: EvalReport, rows: list[Row], failures: list[Failure]) -> str:
    """One self-contained page: tables, facts per case, and each case's draft."""
    esc = html.escape
    head = "".join(f"<th>{esc(SHORT[m])}</th>" for m in CASE_METRICS)
    body = []
    for name, c in report.cases.items():
        body.append("<tr><td>" + esc(name) + "</td>" +
                    "".join(f"<td>{esc(_cell(m, c.mean.get(m), c.spread.get(m)))}</td>" for m in CASE_METRICS) + "</tr>")
    if report.cases:
        body.append("<tr class=o><td>overall</td>" +
                    "".join(f"<td>{esc(_cell(m, report.overall.get(m)))}</td>" for m in CASE_METRICS) + "</tr>")
    parts = ["<!doctype html><meta charset=utf-8><title>draftbot eval</title><style>",
             "body{font:14px/1.5 system-ui,sans-serif;margin:2em;max-width:1200px}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}"
             "td:first-child{text-align:left}.o{font-weight:bold}.bad{color:#b00}.good{color:#070}"
             "pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}</style>",
             "<h1>draftbot eval</h1>",
             f"<p>config: <code>{esc(json.dumps(report.config, ensure_ascii=False))}</code></p>",
             f"<table><tr><th>case</th>{head}</tr>{''.join(body)}</table>"]
    if report.checker:
        parts.append("<h2>checker</h2><p>" + esc(report.checker.line) + "</p>")
    if failures:
        parts.append("<h2 class=bad>gate: FAIL</h2><ul>" + "".join(f"<li>{esc(f.message)}</li>" for f in failures) + "</ul>")
    elif rows:
        parts.append("<h2 class=good>gate: pass</h2>")
    changed = [r for r in rows if _shown(r)]
    if changed:
        parts.append("<table><tr><th>scope</th><th>metric</th><th>baseline</th><th>now</th><th>Δ</th></tr>")
        for r in changed:
            cls = "bad" if r.regressed or r.arrow == "▼" else "good"
            d = f"{r.arrow} {signed(r.delta)}" if r.delta is not None else r.arrow
            parts.append(f"<tr><td>{esc(r.scope)}</td><td>{esc(r.metric)}</td><td>{esc(_fmt(r.base))}</td>"
                         f"<td>{esc(_fmt(r.now))}</td><td class={cls}>{esc(d)}</td></tr>")
        parts.append("</table>")
    for name, c in report.cases.items():
        if not c.runs:
            continue
        last = c.runs[-1]
        parts.append(f"<h2>{esc(name)}</h2><p>{esc(c.description)}</p><ul>")
        for f in last.facts:
            cls = "good" if f["status"] == "recalled" else "bad"
            parts.append(f"<li class={cls}>{esc(f['text'])} — {esc(f['status'])} <small>({esc(f['source'])})</small></li>")
        parts.append("</ul>")
        if last.findings:
            parts.append("<p>findings:</p><ul>" + "".join(
                f"<li>{esc(x['kind'])}: {esc(x['detail'])}</li>" for x in last.findings) + "</ul>")
        parts.append(f"<details><summary>draft</summary><pre>{esc(last.markdown)}</pre></details>")
    return "\n".join(parts) + "\n"
