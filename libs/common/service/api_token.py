"""The optional API token (SDB_API_TOKEN): an ASGI guard that every /api/v1 request must pass."""

from __future__ import annotations

import json
import secrets
from urllib.parse import parse_qs

from pydantic import SecretStr
from starlette.types import ASGIApp, Receive, Scope, Send

API_PREFIX = "/api/v1"
OPEN_PATHS = frozenset({f"{API_PREFIX}/health"})


def presented_token(headers: list[tuple[bytes, bytes]], query_string: bytes) -> str | None:
    """The token a request carries: `Authorization: Bearer <token>`, else `?token=` (for EventSource)."""
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    tokens = parse_qs(query_string.decode("latin-1")).get("token")
    return tokens[0] if tokens else None


def token_matches(expected: str, presented: str | None) -> bool:
    """Constant-time comparison of the presented token with the configured one."""
    return presented is not None and secrets.compare_digest(presented.encode(), expected.encode())


class ApiTokenGuard:
    """Answers 401 with a JSON detail to /api/v1 requests without the token; pages and /health stay open."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        """Guard app with token (an empty token would make no sense: the caller installs none then)."""
        self._app, self._token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on when it carries the token or needs none."""
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API_PREFIX) or path in OPEN_PATHS:
            await self._app(scope, receive, send)
            return
        if token_matches(self._token, presented_token(scope["headers"], scope.get("query_string", b""))):
            await self._app(scope, receive, send)
            return
        body = json.dumps({"detail": "missing or wrong API token: send 'Authorization: Bearer <SDB_API_TOKEN>' "
                                     "(or ?token=<SDB_API_TOKEN> for an event stream)"}).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"www-authenticate", b'Bearer realm="sdcard-browser"')]})
        await send({"type": "http.response.body", "body": body})


def configured_token(token: SecretStr | None) -> str | None:
    """The token's text from the SecretStr setting, None when unset or blank."""
    value = token.get_secret_value().strip() if token is not None else ""
    return value or None
