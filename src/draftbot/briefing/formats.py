"""`FORMATS`: every file format a briefing is written in and read back from, by name.

Adding a format = one module with `render(draft) -> bytes` and `read(path, brief) -> Markdown text`,
plus one line here. `draft` picks the format from the output file's extension (`--format` only
when the file has none); `check` and `eval` read a briefing by its extension (anything unknown is
read as Markdown text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from draftbot.errors import UserError

if TYPE_CHECKING:  # listing formats (--help) needs none of the briefing models
    from draftbot.briefing.brief import Brief
    from draftbot.briefing.document import Draft


@dataclass
class DraftText:
    """A briefing file as the Markdown the checker parses, with where its lines came from."""

    markdown: str
    paragraphs: dict[int, int] | None = None  # DOCX: Markdown line -> body paragraph (1-based)
    notes: list[str] = field(default_factory=list)  # one line each, e.g. unaccepted tracked changes


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]  # the first is the default output extension
    render: Callable[[Draft], bytes]
    read: Callable[[Path, Brief | None], str]
    # formats whose lines are not the file's own (DOCX) also map lines back to their places
    read_located: Callable[[Path, Brief | None], DraftText] | None = None


def _render_md(draft: Draft) -> bytes:
    from draftbot.briefing.markdown import render_markdown

    return render_markdown(draft).encode("utf-8")


def _read_text(path: Path, brief: Brief | None = None) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{path}: not UTF-8 or GB18030 text")


def _render_docx(draft: Draft) -> bytes:
    from draftbot.briefing.docx import render_docx

    return render_docx(draft)


def _read_docx(path: Path, brief: Brief | None = None) -> str:
    from draftbot.briefing.docx import read_docx

    return read_docx(path, brief)


def _read_docx_located(path: Path, brief: Brief | None = None) -> DraftText:
    from draftbot.briefing.docx import read_docx_view

    view = read_docx_view(path, brief)
    return DraftText(view.markdown, dict(view.paragraph_of_line), view.notes())


FORMATS: dict[str, Format] = {
    "md": Format("md", (".md", ".markdown", ".txt"), _render_md, _read_text),
    "docx": Format("docx", (".docx",), _render_docx, _read_docx, _read_docx_located),
}


def extensions() -> str:
    """Every extension a briefing may have, for help texts: `.md, .markdown, .txt, .docx`."""
    return ", ".join(e for f in FORMATS.values() for e in f.extensions)


def _by_extension(path: Path) -> Format | None:
    ext = path.suffix.lower()
    return next((f for f in FORMATS.values() if ext in f.extensions), None)


def output_format(out: Path | None, fmt: str | None) -> tuple[Format, Path]:
    """The format and file for `draft -o OUT [--format F]`: the extension decides; `--format` only
    for a file without one (or no file: briefing.<ext>)."""
    if fmt is not None and fmt not in FORMATS:
        raise UserError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if out is None:
        f = FORMATS[fmt or "md"]
        return f, Path("briefing" + f.extensions[0])
    out = Path(out)
    if not out.suffix:
        return FORMATS[fmt or "md"], out
    by_ext = _by_extension(out)
    if by_ext is None:
        raise UserError(f"output {out}: unknown extension {out.suffix!r} (one of {extensions()})")
    if fmt is not None and fmt != by_ext.name:
        raise UserError(f"output {out} is {by_ext.name} by its extension, but --format {fmt} was given")
    return by_ext, out


def _format_of(path: Path) -> Format:
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a draft")
    return _by_extension(path) or FORMATS["md"]


def read_draft(path: Path, brief: Brief | None = None) -> str:
    """A briefing file as Markdown text, by its extension (unknown extensions are read as text)."""
    path = Path(path)
    return _format_of(path).read(path, brief)


def read_draft_text(path: Path, brief: Brief | None = None) -> DraftText:
    """`read_draft` with locations: Markdown lines are the file's own; a DOCX maps them to paragraphs."""
    path = Path(path)
    fmt = _format_of(path)
    if fmt.read_located is not None:
        return fmt.read_located(path, brief)
    return DraftText(fmt.read(path, brief))


def is_docx(path: Path) -> bool:
    return (_by_extension(Path(path)) or FORMATS["md"]).name == "docx"
