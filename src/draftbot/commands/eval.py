"""`draftbot eval`: score drafts of fixed cases offline and gate changes against a saved baseline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from draftbot.backends.registry import OFFLINE_DEFAULT, can, choices_help, spec
from draftbot.commands.common import JsonOpt, QuietOpt, StoreOpt, UserError, user_errors, write_text
from draftbot.display import json_dumps

BackendOpt = Annotated[
    str,
    typer.Option("--backend", help=f"{choices_help()}. replay reads each case's replay.json; "
                                   "openai replies are cached.", show_default=True),
]


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_cmd(
        case_dirs: Annotated[Optional[list[Path]], typer.Argument(
            help="Case folders (each with case.yaml) or a folder of them. Default: evals/.",
            show_default=False)] = None,
        backend: BackendOpt = OFFLINE_DEFAULT,
        model: Annotated[Optional[str], typer.Option(
            "--model", help="Model name for openai/replay (env DRAFTBOT_MODEL).", show_default=False)] = None,
        baseline: Annotated[Optional[Path], typer.Option(
            "--baseline", help="Baseline to compare with (default: baseline.json beside the cases, if present).",
            show_default=False)] = None,
        update_baseline: Annotated[bool, typer.Option(
            "--update-baseline", help="Write this run's figures as the new baseline (atomically).")] = False,
        as_json: JsonOpt = False,
        json_out: Annotated[Optional[Path], typer.Option(
            "--json-out", help="Write the results as JSON to FILE.", show_default=False, metavar="FILE")] = None,
        record: Annotated[bool, typer.Option(
            "--record", help="With --backend openai (a key, or any OpenAI-compatible endpoint via --base-url): "
                             "write each case's replay.json from the model's replies, for --backend replay.")] = False,
        base_url: Annotated[Optional[str], typer.Option(
            "--base-url", help="OpenAI-compatible endpoint (env DRAFTBOT_BASE_URL / OPENAI_BASE_URL).",
            show_default=False)] = None,
        html_out: Annotated[Optional[Path], typer.Option(
            "--html", help="Write a self-contained HTML report (tables, facts, drafts) to FILE.",
            show_default=False)] = None,
        no_cache: Annotated[bool, typer.Option(
            "--no-cache", help="Do not use the LLM response cache (openai backend).")] = False,
        cache: Annotated[Optional[Path], typer.Option(
            "--cache", help="LLM response cache file (default: <store>/llm-cache.sqlite).",
            show_default=False)] = None,
        repeat: Annotated[int, typer.Option(
            "--repeat", min=1, help="Run each case N times; report mean ± stdev (nondeterministic backends).")] = 1,
        checker: Annotated[bool, typer.Option(
            "--checker", help="Also run the verifier's mutation suite and gate its detection rate.")] = False,
        checker_corpus: Annotated[Optional[Path], typer.Option(
            "--checker-corpus", help="Corpus the mutation suite's draft cites (default: the repo's corpus/).",
            show_default=False)] = None,
        drafts: Annotated[Optional[Path], typer.Option(
            "--drafts", help="Keep each case's draft and provenance in DIR (<case>.md, <case>.json).",
            show_default=False)] = None,
        wide: Annotated[bool, typer.Option(
            "--wide", help="Full metric names and as wide as the terminal (default: fits 80 columns).")] = False,
        store: StoreOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Draft every eval case offline, verify each draft with the same checker as `draftbot check`,
        and compare the scores with a saved baseline.

        Per case: a temporary store is filled with the case's corpus, the briefing for its date is
        drafted, and the draft is scored: citation_coverage (factual clauses that carry a citation),
        citation_precision (citations whose source supports their clause), numeric_fidelity (figures
        found in the sources they cite), fact_recall (the case's required facts, cited to the right
        source), forbidden_hits, structure, check_findings, tokens, cost and time. See docs/EVALS.md.

        Exit status: 0 when nothing regressed; 1 when a metric fell by more than its tolerance from
        the baseline or below its case.yaml threshold (each named on a FAIL line); 2 for usage errors.

        Examples:

          draftbot eval                                # all cases under evals/, vs evals/baseline.json

          draftbot eval evals/sample-day --json-out out.json

          draftbot eval --json > results.json          # JSON on stdout, the table on stderr

          draftbot eval --backend replay --repeat 3    # recorded LLM replies vs evals/baseline-replay.json

          draftbot eval --record --backend openai --base-url http://127.0.0.1:8000/v1   # (re)write replay.json

          draftbot eval --checker                      # also the verifier's mutation suite

          draftbot eval --update-baseline              # accept the current figures (commit the file)
        """
        from rich.console import Console

        from draftbot.config import load_settings
        from draftbot.evals.baseline import load_baseline, save_baseline
        from draftbot.evals.cases import discover
        from draftbot.evals.gate import below_threshold, default_baseline, gate, gate_json, merged
        from draftbot.evals.harness import EvalOptions, run_eval
        from draftbot.evals.render import html_report, print_report

        with user_errors():
            spec(backend)  # an unknown backend: one line, before any case is read
            dirs = list(case_dirs or [])
            if not dirs:
                if not Path("evals").is_dir():
                    raise UserError("no case folder given and ./evals does not exist (run from the repo, or give CASE_DIR)")
                dirs = [Path("evals")]
            cases = discover(dirs)
            base_path = baseline if baseline is not None else default_baseline(dirs, backend)
            if baseline is not None and not update_baseline and not baseline.is_file():
                raise UserError(f"baseline {baseline}: not found (create it with --update-baseline)")
            base = load_baseline(base_path) if base_path is not None and base_path.is_file() else None

            if record and not can(backend, "records"):
                raise UserError("--record needs --backend openai (a model, or any OpenAI-compatible endpoint "
                                "with --base-url, whose replies are recorded)")
            settings = load_settings(store=store, model=model, base_url=base_url)
            opts = EvalOptions(backend=backend, repeat=repeat, cache=not no_cache, cache_path=cache,
                               checker=checker, checker_corpus=checker_corpus, drafts_dir=drafts, record=record,
                               model=model)
            err = Console(stderr=True, quiet=quiet)

            def say(line: str) -> None:  # status: stderr, one line (no wrapping), none with -q
                if not quiet:
                    print(line, file=sys.stderr, flush=True)

            if not can(backend, "plans"):
                say(f"note: backend {backend} has no model and reads no prompt file: prompt changes "
                    "are not exercised (use --backend replay, or --backend openai)")
            report = _run(lambda say: run_eval(cases, settings, opts, progress=say), quiet, err)

            rows, fails = gate(report, base)

            # off a terminal (CI logs, pipes) a fixed width keeps the table whole; with --json the
            # JSON is the data on stdout and the table goes to stderr
            to_err = as_json
            tty = (sys.stderr if to_err else sys.stdout).isatty()
            out_console = Console(stderr=to_err, width=None if tty else (160 if wide else 80), quiet=quiet and to_err)
            if base is not None and base.config.get("backend") and base.config.get("backend") != report.config["backend"]:
                err.print(f"note: baseline {base_path} was made with backend {base.config['backend']}; "
                          f"this run uses {report.config['backend']}", highlight=False)
            print_report(report, rows, fails, out_console, baseline_name=str(base_path) if base is not None else None,
                         wide=wide)
            if report.config.get("cache"):
                err.print(f"LLM cache {report.config['cache_path']}: {report.config['cache_hits']} hits, "
                          f"{report.config['llm_requests']} requests", highlight=False)
            for name, n in (report.config.get("recorded") or {}).items():
                say(f"recorded {n} repl{'y' if n == 1 else 'ies'} into "
                    f"{next(c.replay_path() for c in cases if c.name == name)}")

            if as_json or json_out is not None:
                data = report.to_json()
                data["gate"] = gate_json(base_path if base is not None else None, rows, fails)
                text = json_dumps(data) + "\n"
                if as_json:
                    sys.stdout.write(text)
                if json_out is not None:
                    write_text(json_out, text)
            if html_out is not None:
                write_text(html_out, html_report(report, rows, fails))

            if update_baseline:
                target = base_path
                if below_threshold(fails):
                    # why the exit status is 1: printed even with -q
                    print(f"baseline {target} not updated: a case is below its case.yaml threshold",
                          file=sys.stderr)
                    raise typer.Exit(1)
                new = merged(report, base)
                save_baseline(new, target)
                err.print(f"baseline written: {target} ({len(new.cases)} cases"
                          + (", checker" if new.checker else "") + ")", highlight=False)
                return
            if fails:
                raise typer.Exit(1)


def _run(fn, quiet: bool, err):
    if quiet:
        return fn(None)
    if sys.stderr.isatty():
        with err.status("eval…") as status:
            return fn(lambda s: status.update(f"eval: {s}"))
    return fn(lambda s: print(f"draftbot eval: {s}", file=sys.stderr, flush=True))
