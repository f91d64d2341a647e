"""Limits on what a source file expands to, checked before the expensive work starts.

The file-size limit bounds the bytes read from disk; these bound what they become:

- DOCX: the ZIP's central directory is read first. Too many members, a total declared
  uncompressed size over DRAFTBOT_MAX_UNZIPPED_MB, or a large member compressed beyond
  DRAFTBOT_MAX_ZIP_RATIO refuses the file before python-docx inflates anything. Declared sizes
  can be trusted as an upper bound because Python's zipfile never inflates past them.
- PDF: at most DRAFTBOT_MAX_PDF_PAGES pages. Content streams are decoded (cheap) and summed
  before any text extraction (far slower per byte); over DRAFTBOT_MAX_PDF_CONTENT_MB the file is
  refused. A stream shared by several pages is extracted once and its text kept once (a repeat
  adds nothing a briefing can cite), so a PDF whose pages all point at one big stream costs one
  extraction, not one per page, and does not multiply its text.
  Form XObjects count too: a stream's work is its own decoded size plus, for every `Do` it
  paints, the work of that XObject (so a 3 KB PDF whose pages paint a form that paints a form
  1000 times is refused by its arithmetic, not after minutes of extraction).
- HTML: at most DRAFTBOT_MAX_HTML_ELEMENTS elements (default 40,000), counted after parsing and
  before main-text extraction, which walks them several times (a 19 MB page ran past 5 minutes).
- Any source: at most DRAFTBOT_MAX_SOURCE_CHARS characters of extracted text, and at most
  DRAFTBOT_SOURCE_SECONDS seconds of extraction (checked between pages and every 2048 operators),
  default 30. pypdf parses a page's whole content stream before its first operator, so one page may
  hold at most DRAFTBOT_MAX_PDF_PAGE_MB (default 2) of content and forms.

Every refusal is a one-line SourceError naming the measured size and the setting that allows more.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from draftbot.display import display_name
from draftbot.errors import UserError

from .errors import SourceError

if TYPE_CHECKING:  # pydantic loads with the first limit read (a no-op ingest reads none)
    from draftbot.config import InputLimits

_MB = 1024 * 1024
_RATIO_FLOOR = _MB  # small members may compress extremely well (empty styles); only big ones count


def _limits(limits: InputLimits | None) -> InputLimits:
    if limits is not None:
        return limits
    from draftbot.config import load_limits

    try:
        return load_limits()
    except UserError as exc:
        raise SourceError(str(exc)) from None


def _mb(n: float) -> str:
    return f"{n / _MB:.1f} MB"


# ---------------------------------------------------------------- ZIP (DOCX)


def check_zip(data: bytes, limits: InputLimits | None = None) -> None:
    """Refuse a ZIP package whose members would expand past the limits (reads only the directory)."""
    import zipfile  # here: a no-op ingest, which reads no DOCX, does not pay for it

    lim = _limits(limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise SourceError(f"not a readable DOCX: {type(e).__name__}: {display_name(e, limit=100)}") from None
    check_zip_members(members, lim)


def check_zip_members(members: list, lim: InputLimits) -> None:
    if len(members) > lim.max_zip_members:
        raise SourceError(f"ZIP package has {len(members)} members (limit {lim.max_zip_members}, "
                          "set by DRAFTBOT_MAX_ZIP_MEMBERS)")
    total = sum(max(m.file_size, 0) for m in members)
    if total > lim.max_unzipped_mb * _MB:
        raise SourceError(f"ZIP package expands to {_mb(total)} (limit {lim.max_unzipped_mb:g} MB, "
                          "set by DRAFTBOT_MAX_UNZIPPED_MB)")
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > lim.max_zip_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise SourceError(f"ZIP member '{display_name(m.filename, limit=80)}' expands {ratio:,.0f}x "
                              f"to {_mb(m.file_size)} (limit {lim.max_zip_ratio:g}x, set by DRAFTBOT_MAX_ZIP_RATIO)")


def check_docx_path(path: Path, limits: InputLimits | None = None) -> None:
    """For `check` on a .docx draft: the same ZIP limits, as a UserError naming the file."""
    if Path(path).suffix.lower() != ".docx":
        return
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return  # not a ZIP at all: the DOCX reader gives its own one-line error
    try:
        check_zip_members(members, _limits(limits))
    except SourceError as e:
        raise UserError(f"{display_name(path)}: {e}") from None


def check_draft_file(path: Path) -> None:
    """Everything `check` refuses before reading a draft: special files, then DOCX bombs."""
    from draftbot.safefiles import check_regular

    check_regular(path)
    check_docx_path(path)


# ---------------------------------------------------------------- text


def check_text(text: str, limits: InputLimits | None = None) -> str:
    """`text` itself when within DRAFTBOT_MAX_SOURCE_CHARS, else a SourceError."""
    lim = _limits(limits)
    if len(text) > lim.max_source_chars:
        raise SourceError(_too_much_text(len(text), lim))
    return text


def _too_much_text(n: int, lim: InputLimits) -> str:
    return (f"extracted text too long ({n:,} characters; limit {lim.max_source_chars:,}, "
            "set by DRAFTBOT_MAX_SOURCE_CHARS)")


# ---------------------------------------------------------------- HTML


def check_html_tree(tree: Any, limits: InputLimits | None = None) -> None:
    """Refuse a parsed page with more elements than main-text extraction can walk in its budget."""
    lim = _limits(limits)
    n = 0
    for _ in tree.iter():
        n += 1
        if n > lim.max_html_elements:
            raise SourceError(f"HTML page has over {lim.max_html_elements:,} elements (limit set by "
                              "DRAFTBOT_MAX_HTML_ELEMENTS)")


# ---------------------------------------------------------------- PDF


def _contents_key(page: Any) -> tuple | None:
    """Identity of a page's content stream(s): the object numbers its /Contents refers to."""
    try:
        raw = page.raw_get("/Contents") if "/Contents" in page else None
    except Exception:  # noqa: BLE001 - damaged page dictionaries: no sharing detected
        return None
    refs = raw if isinstance(raw, list) else [raw]
    key = tuple((getattr(r, "idnum", None), getattr(r, "generation", None)) for r in refs)
    if not key or any(idnum is None for idnum, _ in key):
        return None  # a direct stream: cannot be shared with another page
    return key


def _decoded_size(page: Any, memo: dict | None = None, budget: float = float("inf")) -> float:
    """What extracting `page` parses: its content streams, and each form XObject it paints as many
    times as it paints it (recursively; each XObject's own work computed once)."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return len(data) + _painted(data, _xobjects(page.get("/Resources")), memo if memo is not None else {}, 0, budget)


_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")
_MAX_DEPTH = 12  # pypdf follows nested forms; deeper nesting is refused as a bomb


def _xobjects(resources: Any) -> dict:
    try:
        res = resources.get_object() if resources is not None else None
        xo = res.get("/XObject") if res is not None else None
        return dict(xo.get_object()) if xo is not None else {}
    except Exception:  # noqa: BLE001 - damaged resources: nothing painted we can measure
        return {}


def _painted(data: bytes, xobjects: dict, memo: dict, depth: int, budget: float) -> float:
    counts: dict[str, int] = {}
    for m in _DO.finditer(data):
        name = "/" + m.group(1).decode("latin-1")
        counts[name] = counts.get(name, 0) + 1
    work = 0.0
    for name, times in counts.items():
        ref = xobjects.get(name)
        if ref is None:
            continue
        work += times * _form_work(ref, memo, depth + 1, budget)
        if work > budget:
            break
    return work


def _form_work(ref: Any, memo: dict, depth: int, budget: float) -> float:
    key = (getattr(ref, "idnum", None), getattr(ref, "generation", None))
    if key[0] is not None and key in memo:
        return memo[key]
    if depth > _MAX_DEPTH:
        return budget + 1
    if key[0] is not None:
        memo[key] = budget + 1  # a form that paints itself: endless
    try:
        xo = ref.get_object()
        if xo.get("/Subtype") != "/Form":
            work = 0.0  # an image: no text to extract
        else:
            data = xo.get_data()
            work = len(data) + _painted(data, _xobjects(xo.get("/Resources")), memo, depth, budget)
    except Exception:  # noqa: BLE001 - a damaged XObject is skipped by extraction too
        work = 0.0
    if key[0] is not None:
        memo[key] = work
    return work


def _clock_visitor(deadline: float, where: str, lim: InputLimits):
    """A pypdf operator visitor that stops one page's extraction at the file's deadline (one page
    can hold the whole content budget: checking between pages is not enough)."""
    seen = [0]

    def visit(*_args) -> None:
        seen[0] += 1
        if seen[0] % 2048 == 0:
            check_clock(deadline, where, lim)

    return visit


def start_clock(limits: InputLimits | None = None) -> float:
    """The deadline of one file's extraction (DRAFTBOT_SOURCE_SECONDS from now)."""
    return time.monotonic() + _limits(limits).source_seconds


def check_clock(deadline: float, where: str, limits: InputLimits | None = None) -> None:
    """Refuse the file once its extraction has run past its time budget."""
    if time.monotonic() > deadline:
        lim = _limits(limits)
        raise SourceError(f"text extraction took over {lim.source_seconds:g} s ({where}; limit set by "
                          "DRAFTBOT_SOURCE_SECONDS)")


def extract_pdf_pages(reader: Any, limits: InputLimits | None = None) -> list[str]:
    """The text of each distinct page of a pypdf reader, within the page, content and text limits."""
    lim = _limits(limits)
    n = len(reader.pages)
    if n > lim.max_pdf_pages:
        raise SourceError(f"PDF has {n} pages (limit {lim.max_pdf_pages}, set by DRAFTBOT_MAX_PDF_PAGES)")
    budget = lim.max_pdf_content_mb * _MB
    deadline = start_clock(lim)
    plan: list[tuple[Any, tuple | None]] = []
    seen: set[tuple] = set()
    memo: dict = {}
    work = 0.0
    for page in reader.pages:  # first pass: decode (fast) and add up what extraction would parse
        key = _contents_key(page)
        if key is None or key not in seen:
            page_work = _decoded_size(page, memo, budget)
            if page_work > lim.max_pdf_page_mb * _MB and work + page_work <= budget:
                raise SourceError(f"PDF page {len(plan) + 1} of {n} has {_mb(page_work)} of content and forms to parse "
                                  f"(limit {lim.max_pdf_page_mb:g} MB a page, set by DRAFTBOT_MAX_PDF_PAGE_MB)")
            work += page_work
            if key is not None:
                seen.add(key)
            if work > budget:
                raise SourceError(f"PDF content streams (with the forms they paint) too large to extract (over {_mb(work)} by page "
                                  f"{len(plan) + 1} of {n}; limit {lim.max_pdf_content_mb:g} MB, "
                                  "set by DRAFTBOT_MAX_PDF_CONTENT_MB)")
        plan.append((page, key))
    texts: list[str] = []
    done: set[tuple] = set()
    total = 0
    for page, key in plan:
        if key is not None:
            if key in done:
                continue  # the same content stream as an earlier page: the same text, already kept
            done.add(key)
        where = f"page {len(texts) + 1} of {n}"
        check_clock(deadline, where, lim)
        text = page.extract_text(visitor_operand_before=_clock_visitor(deadline, where, lim)) or ""
        total += len(text)
        if total > lim.max_source_chars:
            raise SourceError(_too_much_text(total, lim) + f" by page {len(texts) + 1} of {n}")
        texts.append(text)
    return texts


DEFAULT_MAX_MB = 20.0  # per file, on disk (DRAFTBOT_MAX_SOURCE_MB)


def max_source_mb() -> float:
    """DRAFTBOT_MAX_SOURCE_MB, or 20 when unset or not a positive number."""
    raw = os.environ.get("DRAFTBOT_MAX_SOURCE_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return mb if mb > 0 else DEFAULT_MAX_MB


def max_source_bytes() -> int:
    return int(max_source_mb() * 1024 * 1024)
