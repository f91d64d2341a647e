"""YAML front matter: a `---` line, YAML, then a `---` (or `...`) line, then the body.

Parsed with a SafeLoader that leaves timestamps as strings, so an impossible date (2026-02-30) is
reported by our date check with the field name instead of as a YAML constructor crash.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from draftbot.safeyaml import NoAliasCSafeLoader, NoAliasSafeLoader

from .errors import SourceError


class _Loader(NoAliasSafeLoader):
    pass


def _no_timestamps(base) -> dict:
    return {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in base.yaml_implicit_resolvers.items()
    }


# Drop the implicit timestamp resolver; everything date-like stays a string.
_Loader.yaml_implicit_resolvers = _no_timestamps(yaml.SafeLoader)

# libyaml parses ~20x faster than the pure-Python loader (it was 12% of ingest). It is used for
# the happy path only: on any error the pure-Python loader re-parses, so error messages (and
# their line numbers) are exactly those of SafeLoader.
_CLoader = None
if getattr(yaml, "CSafeLoader", None) is not None:

    class _CLoader(NoAliasCSafeLoader):  # type: ignore[no-redef]
        pass

    _CLoader.yaml_implicit_resolvers = _no_timestamps(yaml.CSafeLoader)

_OPEN = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def has_front_matter(text: str) -> bool:
    return _OPEN.match(text) is not None


def split_front_matter(text: str, origin: str = "front matter") -> tuple[dict[str, Any] | None, str]:
    """(metadata mapping or None when there is no front matter, body). `text` has LF newlines."""
    opened = _OPEN.match(text)
    if not opened:
        return None, text
    closed = _CLOSE.search(text, opened.end())
    if not closed:
        raise SourceError(f"{origin}: no closing '---' line")
    block = text[opened.end():closed.start()]
    first_line = text.count("\n", 0, opened.end()) + 1  # 1-based file line where the YAML starts
    data = load_yaml(block, origin, first_line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(f"{origin}: expected 'key: value' lines, got a {type(data).__name__}")
    return data, text[closed.end():]


def load_yaml(text: str, origin: str, first_line: int = 1) -> Any:
    """safe_load without timestamp resolution; errors name the 1-based line in the file."""
    if _CLoader is not None:
        try:
            return yaml.load(text, Loader=_CLoader)  # noqa: S506 - _CLoader is a CSafeLoader
        except Exception:  # noqa: BLE001 - re-parsed below for the canonical error
            pass
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # An unclosed bracket or quote is only noticed at the end of the text; the line where the
        # construct opened (context_mark) is where the writer has to look.
        last_line = len(text.rstrip("\n").split("\n")) - 1
        if e.context_mark is not None and (mark is None or mark.line > last_line):
            mark = e.context_mark
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        problem = f": {e.problem}" if e.problem else ""
        raise SourceError(f"{origin}: YAML error{where}{problem}") from None
    except yaml.YAMLError as e:
        raise SourceError(f"{origin}: YAML error: {e}") from None


def strip_blank_lines(body: str) -> str:
    """Drop leading and trailing blank lines; keep everything else (including indentation)."""
    lines = body.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines:
        lines[-1] = lines[-1].rstrip()
    return "\n".join(lines)
