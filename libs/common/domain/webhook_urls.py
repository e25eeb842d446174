"""What a webhook URL must be: absolute http or https with a host, no credentials, of a sane length."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_CHARS = 2000


def webhook_url_problem(url: str) -> str | None:
    """Why url cannot be a webhook, or None when it can."""
    if len(url) > MAX_URL_CHARS:
        return f"a webhook URL must be at most {MAX_URL_CHARS} characters"
    if not url.isascii() or any(char.isspace() or ord(char) < 32 for char in url):
        return f"a webhook URL must be plain ASCII without spaces, got {url[:80]!r}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return f"not a URL: {url[:80]!r}"
    if parts.scheme not in ("http", "https"):
        return f"a webhook URL must be http or https, got {url[:80]!r}"
    if not parts.hostname:
        return f"a webhook URL needs a host, got {url[:80]!r}"
    if parts.username or parts.password:
        return "a webhook URL must not carry credentials (sign with SDB_WEBHOOK_SECRET instead)"
    return None
