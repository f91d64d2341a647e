"""`draftbot.toml`: settings a team keeps with its project, and a user keeps for themself.

Where: the project file is `draftbot.toml` in the current folder or the nearest folder above it;
the user file is `draftbot.toml` in the user config folder (`platformdirs`: ~/.config/draftbot on
Linux, ~/Library/Application Support/draftbot on macOS, %APPDATA%\\draftbot on Windows), or the
file DRAFTBOT_CONFIG names. Precedence: flags > environment > project > user > defaults.

What: any `Settings` field except the API key (model, base_url, store, brief, chroma_url,
embedder, timeout, max_retries, concurrency), top-level `key = value`. Paths (store, brief) are
relative to the file's folder. The API key comes only from the environment or the system keyring
(`keyring set draftbot api_key`): a key in a file travels with the project and leaks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from draftbot.errors import UserError

NAME = "draftbot.toml"
SECRET = "api_key"
PATH_KEYS = ("store", "brief")
KEYRING_SERVICE = "draftbot"


class Layer(NamedTuple):
    """One config file's values, with where they came from."""

    kind: str  # project | user
    path: Path
    values: dict


def user_file() -> Path:
    given = os.environ.get("DRAFTBOT_CONFIG")
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("draftbot", appauthor=False)) / NAME


def project_file(start: Path | None = None) -> Path | None:
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was removed: no project file
        return None
    for folder in (here, *here.parents):
        cand = folder / NAME
        if _is_file(cand):
            return cand
    return None


def _is_file(path: Path) -> bool:
    """A config file we may look at: one behind a folder this user cannot enter is as absent."""
    try:
        return path.is_file()
    except OSError:
        return False


def layers(fields: set[str], start: Path | None = None) -> list[Layer]:
    """The project layer, then the user layer (each only when its file exists)."""
    out = []
    proj = project_file(start)
    if proj is not None:
        out.append(Layer("project", proj, read(proj, fields)))
    user = user_file()
    if _is_file(user) and (proj is None or user.resolve() != proj.resolve()):
        out.append(Layer("user", user, read(user, fields)))
    return out


def read(path: Path, fields: set[str]) -> dict:
    """A config file's values; every problem is one line naming the file (and the key)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc})") from None
    if SECRET in data:
        raise UserError(f"{path}: {SECRET} is never read from a file (it would travel with it); set "
                        "DRAFTBOT_API_KEY or OPENAI_API_KEY, or `keyring set draftbot api_key`")
    unknown = sorted(k for k in data if k not in fields)
    if unknown:
        import difflib

        near = difflib.get_close_matches(unknown[0], sorted(fields), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else f" (known: {', '.join(sorted(fields))})"
        raise UserError(f"{path}: unknown setting {unknown[0]!r}{hint}")
    out = {}
    for k, v in data.items():
        if isinstance(v, dict):
            raise UserError(f"{path}: {k} must be a value, not a table")
        if k in PATH_KEYS and isinstance(v, str):
            p = Path(v).expanduser()
            v = str(p if p.is_absolute() else (path.parent / p))
        out[k] = v
    return out


def keyring_key() -> str | None:
    """The API key from the system keyring, when the `keyring` package is installed and holds one."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, SECRET)
    except Exception:  # no usable backend on this machine: as if none were stored
        return None
