"""The model layer: one ChatModel interface (structured output into a pydantic schema) with
backends for OpenAI-compatible endpoints, offline replay, an SQLite response cache and a test double."""

from draftbot.llm.base import (
    PRICES,
    ChatModel,
    ChatResult,
    LLMError,
    Usage,
    estimate_cost,
    prompt_key,
)
from draftbot.llm.cache import CachedChat
from draftbot.llm.openai_chat import OpenAIChat
from draftbot.llm.replay import RecordingChat, ReplayChat
from draftbot.llm.testing import ScriptedChat

__all__ = [
    "PRICES",
    "CachedChat",
    "ChatModel",
    "ChatResult",
    "LLMError",
    "OpenAIChat",
    "RecordingChat",
    "ReplayChat",
    "ScriptedChat",
    "Usage",
    "estimate_cost",
    "prompt_key",
]
