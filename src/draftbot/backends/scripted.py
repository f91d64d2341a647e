"""`ScriptedDrafter`: a test double that returns scripted `SectionOut`s, for pipeline tests.

Each call pops the next scripted reply for its kind ("section:<id>", "repair:<id>", "synthesis",
"summary"); a reply may be a `SectionOut`, or a callable `(task, *args) -> SectionOut` (so a script can
cite the task's real evidence numbers). Unscripted calls fall back to the extractive backend, so a
test only scripts what it is about. Every call is recorded in `calls` as (key, task, last argument).
"""

from __future__ import annotations

import threading
from typing import Callable, Union

from draftbot.backends.base import SectionOut, SectionTask, SummaryTask, SynthesisTask, UsageMeter
from draftbot.backends.extractive import ExtractiveDrafter

Reply = Union[SectionOut, Callable[..., SectionOut]]


class ScriptedDrafter:
    name = "scripted"
    model: str | None = "scripted-test"
    label = "scripted (test double)"

    def __init__(self, script: dict[str, list[Reply]] | None = None, can_repair: bool = True) -> None:
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.can_repair = can_repair
        self.usage = UsageMeter()
        self.calls: list[tuple[str, object]] = []
        self._fallback = ExtractiveDrafter()
        self._lock = threading.Lock()

    def _next(self, key: str, task, *args) -> SectionOut | None:
        with self._lock:
            self.calls.append((key, task, args[-1] if args else None))
            queue = self.script.get(key)
            reply = queue.pop(0) if queue else None
        self.usage.add(prompt_tokens=10, completion_tokens=5, prompt=key.split(":")[0], prompt_hash="scripted")
        if reply is None:
            return None
        return reply(task, *args) if callable(reply) else reply

    def draft_section(self, task: SectionTask) -> SectionOut:
        out = self._next(f"section:{task.section.id}", task)
        return out if out is not None else self._fallback.draft_section(task)

    def repair_section(self, task, previous: SectionOut, problems: list[str]) -> SectionOut:
        key = f"repair:{task.section.id}" if isinstance(task, SectionTask) else f"repair:{type(task).__name__}"
        out = self._next(key, task, previous, problems)
        return out if out is not None else previous

    def synthesize(self, task: SynthesisTask) -> SectionOut:
        out = self._next("synthesis", task)
        return out if out is not None else self._fallback.synthesize(task)

    def summarize(self, task: SummaryTask) -> SectionOut:
        out = self._next("summary", task)
        return out if out is not None else self._fallback.summarize(task)
