"""Locate the shipped prompts and briefs, installed or in a source checkout."""

from __future__ import annotations

import hashlib
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`prompts` or `briefs`: inside the wheel (`draftbot/_data/<name>`), else the repo top level."""
    packaged = _PKG / "_data" / name
    if packaged.is_dir():
        return packaged
    repo = _PKG.parent.parent / name  # src/draftbot -> repo root (editable installs, tests)
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"draftbot data folder '{name}' is missing from this installation")


def prompt_text(name: str) -> str:
    """The prompt file `prompts/<name>.md`."""
    return (data_dir("prompts") / f"{name}.md").read_text(encoding="utf-8")


def content_hash(text: str) -> str:
    """Short content hash used for prompt versions and cache keys."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def default_brief_path() -> Path:
    return data_dir("briefs") / "xinzhi-daily.yaml"


class Prompt:
    """A prompt file: system text, then a line `=== user ===`, then the user template.

    Templates use `$name` placeholders (string.Template) so JSON braces in prompts need no escaping.
    """

    def __init__(self, name: str, text: str):
        self.name = name
        system, sep, user = text.partition("\n=== user ===\n")
        if not sep:
            raise ValueError(f"prompts/{name}.md: missing the '=== user ===' separator line")
        self.system = system.strip()
        self.user = user.strip()
        self.hash = content_hash(text)

    def messages(self, **values: object) -> list[dict]:
        from string import Template

        vals = {k: str(v) for k, v in values.items()}
        return [
            {"role": "system", "content": Template(self.system).safe_substitute(vals)},
            {"role": "user", "content": Template(self.user).safe_substitute(vals)},
        ]


def load_prompt(name: str) -> Prompt:
    return Prompt(name, prompt_text(name))
