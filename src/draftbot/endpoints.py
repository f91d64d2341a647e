"""One rule for every HTTP endpoint draftbot talks to (chat, embeddings, fetching pages).

What counts as loopback, when non-loopback hosts are refused (DRAFTBOT_LOOPBACK_ONLY, the switch tests
set), how an endpoint is shown to users (no credentials, no query) and how secrets are scrubbed from
text meant for users or logs. A leaf: imports only `errors`.
"""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit, urlunsplit

from draftbot.errors import UserError

_TRUE = {"1", "true", "yes", "on"}


def loopback_only() -> bool:
    """True when the environment forbids every non-loopback host (tests set DRAFTBOT_LOOPBACK_ONLY=1)."""
    return os.environ.get("DRAFTBOT_LOOPBACK_ONLY", "").strip().lower() in _TRUE


def is_loopback(url: str | None) -> bool:
    if not url:
        return False
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guard(url: str | None, what: str) -> None:
    """Refuse `url` (None means the provider's default remote host) when only loopback is allowed."""
    if loopback_only() and not is_loopback(url):
        shown = display_url(url) if url else "the default remote endpoint"
        raise UserError(f"{what} {shown} refused: DRAFTBOT_LOOPBACK_ONLY is set, only loopback hosts are allowed")


def display_url(url: str) -> str:
    """The endpoint as shown to users: without user:password and without the query string."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "<invalid URL>"


def scrub(text: str, *secrets: str | None) -> str:
    """Remove secrets (and anything shaped like a bearer key) from text meant for users or logs."""
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
    text = re.sub(r"(?i)(bearer\s+)[^\s'\",}]+", r"\1***", text)
    return re.sub(r"\bsk-[A-Za-z0-9_\-]{8,}", "sk-***", text)
