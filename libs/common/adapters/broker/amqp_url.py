"""AMQP URLs made safe to show: the password is replaced before a URL reaches a log or an error."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def masked_url(url: str) -> str:
    """The URL with any password replaced by '***'."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def without_password(text: str, url: str) -> str:
    """text with the URL's password (if any) replaced by '***', for error messages that quote the URL."""
    password = urlsplit(url).password
    return text.replace(password, "***") if password else text
