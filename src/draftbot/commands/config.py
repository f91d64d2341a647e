"""`draftbot config`: every setting, its value and where it came from (flag, environment,
project or user draftbot.toml, keyring, default). The API key is never printed."""

from __future__ import annotations

import sys

import typer

from draftbot.commands.common import JsonOpt, user_errors
from draftbot.display import display_name, json_dumps


def register(app: typer.Typer) -> None:
    @app.command("config")
    def config_cmd(as_json: JsonOpt = False) -> None:
        """Show each setting, its value and where it came from.

        Precedence: flags > environment (DRAFTBOT_*) > draftbot.toml in the project (this folder or
        the nearest above) > draftbot.toml in the user config folder > defaults. Paths in a file are
        relative to it. The API key is read only from the environment or the keyring and is shown
        as set / not set: `api_key` (DRAFTBOT_API_KEY, any backend, read first) and each backend's
        own key (`key (openai)`: api_key, else OPENAI_API_KEY).

        Example draftbot.toml:

          model = "gpt-4o-mini"

          base_url = "http://127.0.0.1:8000/v1"

          store = "store"             # relative to this file

          brief = "briefs/ours.yaml"
        """
        from draftbot import configfile
        from draftbot.config import Settings, env_names, load_settings, resolve

        with user_errors():
            settings = load_settings()
            _, origins = resolve({})
            rows = []
            for field in Settings.model_fields:
                value = getattr(settings, field)
                if field == configfile.SECRET:
                    shown = "set" if value is not None else "not set"
                else:
                    shown = None if value is None else str(value)
                rows.append({"key": field, "value": shown, "origin": origins.get(field, "default"),
                             "env": env_names(field)})
            rows += _backend_keys(settings, origins.get(configfile.SECRET, "default"))
            files = {"project": str(configfile.project_file() or ""), "user": str(configfile.user_file())}
        if as_json:
            print(json_dumps({"settings": rows, "files": files}))
            return
        width = max(len(r["key"]) for r in rows)
        vwidth = min(40, max(len(str(r["value"])) for r in rows))
        for r in rows:
            print(f"{r['key']:<{width}}  {display_name(str(r['value']), None):<{vwidth}}  ({r['origin']})")
        print(f"project file: {files['project'] or 'none (draftbot.toml here or above)'}", file=sys.stderr)
        print(f"user file: {files['user']}" + ("" if _exists(files["user"]) else " (none)"), file=sys.stderr)


def _backend_keys(settings, api_key_origin: str) -> list[dict]:
    """One row per backend that needs a key: set / not set, and where it comes from (api_key,
    read first, or the backend's own variable)."""
    from draftbot.backends.registry import BACKENDS

    rows = []
    for name, spec in BACKENDS.items():
        if not spec.needs_key:
            continue
        origin = settings.key_origin(spec.key_env)
        rows.append({"key": f"key ({name})", "value": "not set" if origin is None else "set",
                     "origin": api_key_origin if origin == "api_key" else (origin or "default"),
                     "env": ["DRAFTBOT_API_KEY"] + ([spec.key_env] if spec.key_env else [])})
    return rows


def _exists(path: str) -> bool:
    from pathlib import Path

    from draftbot.configfile import _is_file

    return _is_file(Path(path))
