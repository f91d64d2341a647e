"""Files writers keep beside their sources that are not sources: README.md, SOURCES.md, a notes.txt,
a .txt list of links. They are skipped with one line instead of failing the run (unless --strict,
which sets DRAFTBOT_STRICT_SOURCES: then only README and the manifest are skipped, as before).

By name: README / SOURCES / NOTES / TODO / CHANGELOG (and 说明, 笔记, 备注, 清单, 来源) with a text
extension and no front matter. By content, for `.txt` only: no front matter and clearly not a document — mostly links,
or a few short lines.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

STRICT_ENV = "DRAFTBOT_STRICT_SOURCES"
TEXT_EXTS = {".md", ".markdown", ".txt"}
_TEXT_ENDINGS = tuple(TEXT_EXTS)
_NAMES = re.compile(
    r"^(?:readme|sources|notes?|todo|changelog|license|index|说明|笔记|备注|清单|来源清单|资料清单|来源)(?:[-_ .].*)?$", re.I
)
_INITIALS = set("rsntcli说笔备清来资")  # the first letters of the names `_NAMES` matches
_URL_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?:https?://|www\.)\S+\s*$")


_SENTENCE_END = re.compile(r"[。！？.!?]\s*$")


def _story(lines: list[str]) -> bool:
    return len(lines) >= 2 and any(_SENTENCE_END.search(ln) for ln in lines[1:])


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def may_be_note(name: str) -> bool:
    """Whether a file of this name could be a notes file (else `notes_reason` need not read it)."""
    low = name.lower()
    if low.endswith(".txt"):
        return True
    # the first letter rules out most names before the pattern runs (16k names in a no-op ingest)
    return low[:1] in _INITIALS and low.endswith(_TEXT_ENDINGS) and bool(_NAMES.match(name.rsplit(".", 1)[0]))


def notes_reason(path: Path) -> str | None:
    """Why `path` is a notes file, or None when it may be a source."""
    if path.suffix.lower() not in TEXT_EXTS:
        return None
    named = bool(_NAMES.match(path.stem))
    if not named and path.suffix.lower() != ".txt":
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None  # the loader names the problem
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if text.lstrip().startswith("---") or b"\x00" in head:
        return None  # a source with front matter (whatever its name), or binary: the loader decides
    if named:
        return f"notes file ({path.name}), not a source"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and sum(1 for ln in lines if _URL_LINE.match(ln)) * 2 >= len(lines):
        return "notes file (a list of links), not a source"
    # a few short lines are a note, unless they read as a story (a headline over a sentence)
    if lines and len(head) < 4096 and len("".join(lines)) < 60 and not _story(lines):
        return "notes file (a few short lines, no front matter), not a source"
    return None
