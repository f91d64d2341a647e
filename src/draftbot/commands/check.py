"""`draftbot check`: verify drafts revised by hand (Markdown or DOCX) against the ingested sources.

Exit status: 0 clean, 1 when any draft has findings (informational notes — derived figures,
weak lexical support — do not count), 2 for usage errors, an unreadable draft or an empty store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from draftbot.commands.common import ChromaUrlOpt, JsonOpt, QuietOpt, StoreOpt, UserError, user_errors

KIND_LABEL = {
    "unsupported_number": "unsupported",
    "wrong_source": "wrong source",
    "uncited_number": "uncited",
    "unknown_citation": "unknown [n]",
    "pending": "待核实",
    "derived": "derived (note)",
    "weak_support": "weak (note)",
}


def finding_json(f) -> dict:
    return f.model_dump(exclude_none=True)


def html_targets(html: Path, drafts: list[Path]) -> list[Path]:
    """One page per draft: FILE itself for one draft, FILE-<draft>.html beside it for several."""
    if len(drafts) == 1:
        return [html]
    return [html.with_name(f"{html.stem}-{d.stem}.html") for d in drafts]


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_cmd(
        drafts: Annotated[list[Path], typer.Argument(help="Draft files (.md, .txt or .docx).", show_default=False)],
        as_json: JsonOpt = False,
        html: Annotated[
            Path | None,
            typer.Option("--html", help="Write a self-contained HTML review page (one per draft when several).",
                         show_default=False),
        ] = None,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        notes: Annotated[bool, typer.Option("--notes", help="Also list informational notes (derived figures, weak wording support).")] = False,
        quiet: QuietOpt = False,
    ) -> None:
        """Check every number and citation of DRAFT against the sources it cites.

        Each number must stand in a source its citation group names; each [n] must have a
        参考文献 line that matches an ingested source; no 【待核实】 mark may be left.

        Examples:

          draftbot check briefing.md

          draftbot check briefing.docx --html review.html

          draftbot check a.md b.md --json
        """
        from draftbot.config import load_settings
        from draftbot.index.store import Store
        from draftbot.sources.limits import check_draft_file
        from draftbot.verify.library import SourceLibrary
        from draftbot.verify.report import check_markdown, read_draft

        with user_errors():
            texts: list[tuple[Path, str]] = []
            bad = 0
            for d in drafts:
                try:
                    check_draft_file(d)  # a FIFO would hang the read; a DOCX bomb would fill memory
                    texts.append((d, read_draft(d)))
                except UserError as exc:
                    print(f"draftbot: error: {exc}", file=sys.stderr)
                    bad += 1
            if not texts:
                raise typer.Exit(2)
            settings = load_settings(store=store, chroma_url=chroma_url)
            with Store.open(settings) as st:
                lib = SourceLibrary.from_store(st)
                if len(lib) == 0:
                    raise UserError(f"no sources ingested in {st.where}; run draftbot ingest first")
                results = [(d, check_markdown(t, lib)) for d, t in texts]
                pages = []
                if html is not None:
                    from draftbot.verify.review import render_review

                    for (d, t), target in zip(texts, html_targets(html, [d for d, _ in texts])):
                        res = dict(results)[d]
                        target.write_text(render_review(t, res, lib, title=d.name), encoding="utf-8")
                        pages.append(target)

        if as_json:
            out = {"files": [{"path": str(d), "findings": [finding_json(f) for f in r.findings],
                              "notes": [finding_json(f) for f in r.notes], "stats": r.stats.summary()}
                             for d, r in results]}
            print(json.dumps(out, ensure_ascii=False, indent=2))
        elif sys.stdout.isatty():
            _print_rich(results, notes and not quiet)
        else:
            _print_plain(results, notes and not quiet)
        if pages and not quiet and not as_json:
            for p in pages:
                print(f"review page: {p}", file=sys.stderr)
        if bad:
            raise typer.Exit(2)
        raise typer.Exit(1 if any(r.findings for _, r in results) else 0)


def _summary(r) -> str:
    s = r.stats
    return (f"{len(r.findings)} finding(s); numbers supported {s.numbers_supported}/{s.numbers_checked}, "
            f"clauses cited {s.cited_clauses}/{s.clauses}, references resolved {s.references_resolved}/{s.references}"
            + (f"; {len(r.notes)} note(s) (--notes lists them)" if r.notes else ""))


def _print_plain(results, notes: bool) -> None:
    from draftbot.display import display_name

    for d, r in results:
        for f in r.findings + (r.notes if notes else []):
            print(f"{display_name(d)}: {f.kind}: {display_name(f.detail, None)} | {display_name(f.sentence, None)}")
        print(f"{display_name(d)}: {'OK — ' if not r.findings else ''}{_summary(r)}")


def _print_rich(results, notes: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from draftbot.display import display_name

    con = Console()
    for d, r in results:
        rows = r.findings + (r.notes if notes else [])
        if rows:
            t = Table(title=str(d), show_lines=True, title_justify="left")
            t.add_column("kind", no_wrap=True)
            t.add_column("clause", ratio=3)
            t.add_column("detail", ratio=2)
            for f in rows:
                style = "dim" if f not in r.findings else ("red" if f.kind != "pending" else "yellow")
                t.add_row(KIND_LABEL.get(f.kind, f.kind), Text(display_name(f.sentence, None)), Text(display_name(f.detail, None)), style=style)
            con.print(t)
        mark = "[green]OK[/green] " if not r.findings else "[red]✗[/red] "
        con.print(Text.from_markup(mark) + Text(f"{d}: {_summary(r)}"), highlight=False)
