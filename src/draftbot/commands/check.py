"""`draftbot check`: verify drafts revised by hand (Markdown or DOCX) against the ingested sources.

Exit status: 0 clean, 1 when any draft has findings (informational notes — derived figures,
weak lexical support — do not count), 2 for usage errors, an unreadable draft or an empty store.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from draftbot.briefing.formats import extensions
from draftbot.commands.common import ChromaUrlOpt, JsonOpt, QuietOpt, StoreOpt, UserError, user_errors, write_text
from draftbot.display import json_dumps
from draftbot.safefiles import check_output, provenance_names

_CJK = re.compile(r"[\u3400-\u9fff]")


def brief_lang(brief) -> str:
    """The language a brief is written in (its title and headings): zh or en."""
    words = f"{brief.title}{brief.summary.heading}{brief.synthesis.heading}"
    return "zh" if _CJK.search(words) else "en"


def finding_text(f, lang: str) -> tuple[str, str]:
    """(label, wording) of a finding in `lang` (verify/kinds.py): the editor's Chinese wording, or
    the checker's English detail for maintainers."""
    from draftbot.verify.kinds import editor_text, label

    return label(f.kind, lang), (editor_text(f) if lang == "zh" else f.detail)


# A finding quotes its sentence; a sentence of thousands of figures yields thousands of findings,
# so printing each whole would make the output grow with the square of the draft.
SENTENCE_SHOWN = 1000


def finding_json(f, lang: str = "zh") -> dict:
    d = f.model_dump(exclude_none=True)
    # the kind's label in the brief's language (or --lang), and the editor's Chinese wording
    d["label"], d["wording"] = finding_text(f, lang)[0], finding_text(f, "zh")[1]
    if len(d.get("sentence") or "") > SENTENCE_SHOWN:
        d["sentence"] = d["sentence"][:SENTENCE_SHOWN] + "…"
        d["sentence_truncated"] = True
    return d


def where(path: Path, f) -> str:
    """`a.md:12` (Markdown line) or `a.docx:¶3` (DOCX paragraph), with the section after it."""
    at = f"{path}:{f.line}" if f.line else (f"{path}:¶{f.paragraph}" if f.paragraph else str(path))
    return f"{at} [{f.section}]" if f.section else at


def html_targets(html: Path, drafts: list[Path], suffix: str = ".html") -> list[Path]:
    """One file per draft: FILE itself for one draft, FILE-<draft><suffix> beside it for several
    (FILE-<folder>-<draft> when two drafts share a name, FILE-<n>-<draft> if that is not enough)."""
    if len(drafts) == 1:
        return [html]
    keys = [os.path.realpath(d) for d in drafts]  # one file named twice is one draft: one output
    distinct = list(dict.fromkeys(keys))
    first = {k: drafts[keys.index(k)] for k in distinct}
    for label in (lambda i, d: d.stem, lambda i, d: f"{d.parent.name}-{d.stem}", lambda i, d: f"{i}-{d.stem}"):
        names = {k: label(i, first[k]) for i, k in enumerate(distinct, 1)}
        if len(set(names.values())) == len(names):
            return [html.with_name(f"{html.stem}-{names[k]}{suffix}") for k in keys]
    return [html.with_name(f"{html.stem}-{distinct.index(k) + 1}{suffix}") for k in keys]


def refuse_overwrite(option: str, target: Path, drafts: list[Path]) -> None:
    """An output option must never name a draft: `check --html a.md b.md` would make a.md the page
    (and overwrite it) and check b.md alone."""
    from draftbot.briefing.formats import FORMATS

    def same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False

    if any(same(target, d) for d in drafts):
        raise UserError(f"{option} {target}: that is one of the drafts to check; give the output a path of its own")
    if any(same(target, p) for d in drafts for p in provenance_names(d)):
        raise UserError(f"{option} {target}: that is a draft's provenance JSON; give the output a path of its own")
    check_output(target, f"{option} {target}")
    draft_ext = {e for f in FORMATS.values() for e in f.extensions} - {".docx"} if option == "--annotate" else \
        {e for f in FORMATS.values() for e in f.extensions}
    if target.exists() and target.suffix.lower() in draft_ext:
        raise UserError(f"{option} {target}: an existing draft would be overwritten "
                        f"(did you mean `{option} OUT{'.docx' if option == '--annotate' else '.html'} {target} …`?)")


def _prepare(option: str, given: str | None, drafts: list[Path], suffix: str, shown=lambda d: d) -> list[Path]:
    """The output file of each draft: FILE (FILE-<draft> when several), or in a folder (a trailing
    `/`, or an existing folder) one <draft><suffix> each."""
    if given is None:
        return []
    folder = Path(given)
    if given.endswith(("/", os.sep)) or folder.is_dir():
        targets = [folder / f"{shown(d).stem if str(shown(d)) != '-' else 'stdin'}{suffix}" for d in drafts]
        if len(set(targets)) < len(targets):
            raise UserError(f"{option} {given}: two drafts share a name; give a file name instead of a folder")
        check = targets
    else:
        target = Path(given)
        targets = html_targets(target, drafts, suffix)
        check = [target, *targets]
    for t in check:
        refuse_overwrite(option, t, drafts)
    return targets


def _distinct(*groups: list[Path]) -> None:
    """--html and --annotate must not name the same file (the second would replace the first)."""
    seen: set[str] = set()
    for group in groups:
        keys = {os.path.abspath(t): t for t in group}  # within one option, a draft named twice shares
        for key, t in keys.items():
            if key in seen:
                raise UserError(f"{t}: named by both --html and --annotate; give each output its own path")
        seen.update(keys)


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_cmd(
        drafts: Annotated[list[Path], typer.Argument(help=f"Draft files ({extensions()}).", show_default=False)],
        as_json: JsonOpt = False,
        html: Annotated[
            str | None,
            typer.Option("--html", help="Write a self-contained HTML review page to FILE (FILE-<draft>.html "
                                        "per draft when several; DIR/ for DIR/<draft>.html each); never one of the drafts.",
                         show_default=False, metavar="FILE"),
        ] = None,
        annotate: Annotated[
            str | None,
            typer.Option("--annotate", help="Write a copy of the draft as DOCX with each finding as a Word "
                                            "comment on its sentence (OUT-<draft>.docx per draft when several; "
                                            "DIR/ for DIR/<draft>.docx each; notes too with --notes).",
                         show_default=False, metavar="OUT.docx"),
        ] = None,
        brief: Annotated[
            Path | None,
            typer.Option("--brief", help="Brief the drafts were written with, when no provenance JSON is beside "
                                         "them (default: the shipped brief).", show_default=False),
        ] = None,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        sources: Annotated[
            list[Path] | None,
            typer.Option("--source", help="A source file to judge the drafts against as well (not ingested; "
                                          "repeatable), e.g. one an editor cited that the store lacks.",
                         show_default=False, metavar="FILE"),
        ] = None,
        notes: Annotated[bool, typer.Option("--notes", help="Also list informational notes (derived figures, weak wording support, figures two cited sources give differently).")] = False,
        lang: Annotated[
            str | None,
            typer.Option("--lang", help="Language of the printed findings: zh or en (default: the brief's; "
                                        "en gives the checker's own English wording, for maintainers).",
                         show_default=False, metavar="zh|en"),
        ] = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Check every number and citation of DRAFT against the sources it cites.

        Each number must stand in a source its citation group names; each \\[n] must have a
        参考文献 line that matches an ingested source; no 【待核实】 mark may be left; a draft
        needs sections and a reference list. Each finding names its place: line (Markdown) or
        paragraph (DOCX, ¶) and section.

        The briefing is read with the brief it was written in: the one recorded in its provenance
        JSON when that is beside it (or inside the DOCX), else --brief, else the default brief.

        A drafted briefing carries its evidence (inside the DOCX; in the provenance JSON beside a
        Markdown): sources the store lacks, or all of them on a machine without the store, are
        judged from it, and stderr says so. --source FILE adds a source an editor cited.
        DRAFT `-` reads the draft from stdin.

        Examples:

          draftbot check briefing.md

          draftbot check briefing.docx --html review.html --annotate commented.docx

          draftbot check a.md b.md --json

          draftbot check copy.md --brief my-brief.yaml

          draftbot check mailed.docx --source new-release.html

          cat briefing.md | draftbot check -
        """
        from draftbot.briefing.brief import load_brief
        from draftbot.commands.check_sources import added_sources
        from draftbot.commands.gcmode import no_final_collection
        from draftbot.commands.stdio import stdin_draft
        from draftbot.config import load_settings

        no_final_collection()

        if lang not in (None, "zh", "en"):
            print(f"error: --lang {lang!r}: use zh or en", file=sys.stderr)
            raise typer.Exit(2)
        with user_errors(), stdin_draft(drafts) as (drafts, shown):
            pages_to = _prepare("--html", html, drafts, ".html", shown)
            annotated_to = _prepare("--annotate", annotate, drafts, ".docx", shown)
            _distinct(pages_to, annotated_to)
            settings = load_settings(store=store, chroma_url=chroma_url, brief=brief)
            fallback = load_brief(settings.brief)
            extra = added_sources(sources or [])
            texts, briefs, carried, bad = _read_drafts(drafts, brief, fallback, quiet, shown)
            if not texts:
                raise typer.Exit(2)
            with _store_library(settings) as store_lib:
                results, libs, origins = _check_all(texts, briefs, carried, store_lib, extra, quiet, shown)
                pages = []
                if pages_to:
                    from draftbot.verify.review import render_review

                    targets = dict(zip(drafts, pages_to))
                    for (d, t), (_, res) in zip(texts, results):
                        page = render_review(t.markdown, res, libs[d], title=shown(d).name, brief=briefs[d])
                        pages.append(write_text(targets[d], page))
                annotated = []
                if annotated_to:
                    from draftbot.annotate import annotate_draft

                    targets = dict(zip(drafts, annotated_to))
                    annotated = [(d, annotate_draft(d, t.markdown, res.findings + (res.notes if notes else []),
                                               briefs[d], targets[d]))
                                 for (d, t), (_, res) in zip(texts, results)]
            results = [(shown(d), r) for d, r in results]
            briefs = {shown(d): b for d, b in briefs.items()}
            langs = {d: lang or brief_lang(b) for d, b in briefs.items()}
            origins = {shown(d): o for d, o in origins.items()}

        if as_json:
            out = {"files": [{"path": str(d), "brief": briefs[d].id, "sources": origins[d], "findings": [finding_json(f, langs[d]) for f in r.findings],
                              "notes": [finding_json(f, langs[d]) for f in r.notes], "stats": r.stats.summary()}
                             for d, r in results]}
            print(json_dumps(out))
        elif sys.stdout.isatty():
            _print_rich(results, notes and not quiet, langs)
        else:
            _print_plain(results, notes and not quiet, langs)
        if not quiet:
            for p in pages:
                print(f"review page: {p}", file=sys.stderr)
            for d, a in annotated:
                print(f"annotated copy: {a.path} ({a.comments} comment(s)"
                      + (f", {len(a.unplaced)} not found in the text, put on their paragraph" if a.unplaced else "")
                      + ")", file=sys.stderr)
        if bad:
            raise typer.Exit(2)
        raise typer.Exit(1 if any(r.findings for _, r in results) else 0)


def _read_drafts(drafts: list[Path], brief: Path | None, fallback, quiet: bool, shown):
    """Each draft's text, brief and carried evidence (`briefing.draft_read`); an unreadable draft
    (or a file that is not a briefing) is one error line and is counted."""
    from draftbot.briefing.draft_read import read_for_check

    texts, briefs, carried, bad = [], {}, {}, 0
    for d in drafts:
        try:
            got = read_for_check(d, fallback, given=brief is not None, shown=str(shown(d)))
        except UserError as exc:
            print(f"draftbot: error: {exc}", file=sys.stderr)
            bad += 1
            continue
        if got.note and not quiet:
            print(f"note: {shown(d)}: {got.note}", file=sys.stderr)
        briefs[d], carried[d] = got.brief, got.carried
        texts.append((d, got.text))
    return texts, briefs, carried, bad


@contextmanager
def _store_library(settings):
    """The store's sources, or an empty library when there is no store: never creates one."""
    from draftbot.commands.common import is_store, store_folder
    from draftbot.index.store import open_store
    from draftbot.verify.library import SourceLibrary

    folder = store_folder(settings)
    if folder is not None and not is_store(folder):
        yield SourceLibrary([], where=str(folder))
        return
    with open_store(settings) as st:
        yield SourceLibrary.from_store(st)


def _check_all(texts, briefs, carried, store_lib, extra, quiet: bool, shown):
    from draftbot.commands.check_sources import judged
    from draftbot.verify.report import check_text

    results, libs, origins = [], {}, {}
    for d, t in texts:
        j = judged(shown(d), store_lib, carried[d], extra)
        if len(j.lib) == 0:
            raise UserError(f"no sources ingested in {store_lib.where}; run draftbot ingest first "
                            f"({shown(d)} carries no evidence; --source FILE adds a source)")
        if not quiet:
            for line in j.notes:
                print(f"note: {line}", file=sys.stderr)
        libs[d], origins[d] = j.lib, j.origin
        results.append((d, check_text(t, j.lib, briefs[d])))
    return results, libs, origins


def _summary(r) -> str:
    s = r.stats
    shown = max(s.figures_shown, s.numbers_checked)
    return (f"{len(r.findings)} finding(s); numbers supported {s.numbers_supported}/{s.numbers_checked}"
            f", figures judged {s.numbers_checked} of {shown} shown"
            + (f" ({s.blocks_unjudged} block(s) not checked, --notes names them)" if shown > s.numbers_checked else "")
            + f", clauses cited {s.cited_clauses}/{s.clauses}, references resolved {s.references_resolved}/{s.references}"
            + (f"; {len(r.notes)} note(s) (--notes lists them)" if r.notes else ""))


def _print_plain(results, notes: bool, langs: dict) -> None:
    from draftbot.display import display_name

    for d, r in results:
        for f in r.findings + (r.notes if notes else []):
            # the kind's id first (a stable token for scripts), then its label and wording in the brief's language
            name, text = finding_text(f, langs.get(d, "zh"))
            print(f"{display_name(where(d, f))}: {f.kind}: {display_name(name, None)}：{display_name(text, None)} | "
                  f"{display_name(f.sentence, SENTENCE_SHOWN)}")
        print(f"{display_name(d)}: {'OK — ' if not r.findings else ''}{_summary(r)}")


def _print_rich(results, notes: bool, langs: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from draftbot.display import display_name

    con = Console()
    for d, r in results:
        rows = r.findings + (r.notes if notes else [])
        if rows:
            t = Table(title=str(d), show_lines=True, title_justify="left")
            t.add_column("where", max_width=14, overflow="fold")
            t.add_column("kind", no_wrap=True)
            t.add_column("clause", ratio=3, overflow="fold")
            t.add_column("detail", ratio=2, overflow="fold")
            for f in rows:
                style = "dim" if f not in r.findings else ("red" if f.kind != "pending" else "yellow")
                at = f"{f.line}" if f.line else (f"¶{f.paragraph}" if f.paragraph else "")
                sec = f.section if len(f.section or "") <= 12 else f.section[:11] + "…"
                place = Text(at + (f"\n{display_name(sec, None)}" if sec else ""))
                name, text = finding_text(f, langs.get(d, "zh"))
                t.add_row(place, display_name(name, None), Text(display_name(f.sentence, SENTENCE_SHOWN)),
                          Text(display_name(text, None)), style=style)
            con.print(t)
        mark = "[green]OK[/green] " if not r.findings else "[red]✗[/red] "
        con.print(Text.from_markup(mark) + Text(f"{d}: {_summary(r)}"), highlight=False)
