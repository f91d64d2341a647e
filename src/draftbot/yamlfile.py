"""Read a YAML mapping file (briefs, eval cases) with one-line errors naming the file.

Anchors and aliases are refused (see `draftbot.safeyaml`), and only a regular file is read, so a
FIFO named as a brief fails at once instead of hanging.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from draftbot.display import display_name
from draftbot.errors import UserError
from draftbot.safefiles import open_regular
from draftbot.safeyaml import NoAliasSafeLoader, no_alias


def read_yaml_mapping(path: Path, label: str, loader: type = NoAliasSafeLoader, missing_hint: str = "") -> dict:
    """The top-level mapping of `path`; every problem is a UserError starting with `label`."""
    label = display_name(label)
    try:
        with open_regular(path, "r", label=label, encoding="utf-8") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise UserError(f"{label}: not found{missing_hint}") from None
    except UnicodeDecodeError:
        raise UserError(f"{label}: not UTF-8 text") from None
    except OSError as exc:
        raise UserError(f"{label}: cannot read ({exc.strerror or exc})") from None
    try:
        data = yaml.load(raw, Loader=no_alias(loader))  # noqa: S506 - callers pass SafeLoader subclasses
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = display_name(getattr(exc, "problem", None) or exc, limit=200)
        raise UserError(f"{label}: invalid YAML{where}: {problem}") from None
    except RecursionError:
        raise UserError(f"{label}: invalid YAML: nested too deeply") from None
    if not isinstance(data, dict):
        raise UserError(f"{label}: expected a mapping at the top level")
    return data


def validation_error(label: str, exc, default_field: str):
    """A pydantic ValidationError as one UserError line: the first bad field, and how many more."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err.get("loc", ())) or default_field
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return UserError(display_name(f"{label}: field '{field}': {err.get('msg', 'invalid')}{more}", limit=400))
