"""YAML loaders that refuse anchors and aliases.

PyYAML's safe loaders still expand `&anchor` / `*alias`: a few hundred bytes of aliases ("billion
laughs") build a structure that is tiny in memory (shared references) but explodes as soon as
anything walks or prints it (a 312 MB error line, gigabytes of RSS). Front matter, manifests,
briefs and eval cases have no use for anchors, so the composer refuses the first one it sees, with
the line where it stands.

`NoAliasCSafeLoader` keeps libyaml's C scanner and parser (the slow part) and swaps in PyYAML's
Python composer, because the C composer resolves aliases internally where no subclass can see them.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent

ALIAS_PROBLEM = "YAML anchors and aliases (&name, *name) are not allowed here"


class _RefuseAnchors:
    """Composer mixin: an alias or an anchored node is a ComposerError at its own position."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, ALIAS_PROBLEM, event.start_mark)
        return super().compose_node(parent, index)


class NoAliasSafeLoader(_RefuseAnchors, yaml.SafeLoader):
    """yaml.SafeLoader without anchors and aliases (pure Python; exact error marks)."""


if getattr(yaml, "CSafeLoader", None) is not None:

    class NoAliasCSafeLoader(_RefuseAnchors, Composer, yaml.CSafeLoader):  # type: ignore[misc]
        """libyaml's parser with the Python composer (see the module docstring)."""

        def __init__(self, stream):
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    NoAliasCSafeLoader = NoAliasSafeLoader  # type: ignore[misc,assignment]


def refuses_aliases(loader: type) -> bool:
    return issubclass(loader, _RefuseAnchors)


def no_alias(loader: type) -> type:
    """`loader` itself when it already refuses aliases, else a subclass of it that does."""
    if refuses_aliases(loader):
        return loader
    return type(f"NoAlias{loader.__name__}", (_RefuseAnchors, loader), {})
