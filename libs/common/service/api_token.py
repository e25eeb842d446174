"""The optional API token (SDB_API_TOKEN): an ASGI guard that every /api/v1 request must pass.

Where a token is accepted: `Authorization: Bearer <token>` or the `sdb_token` cookie on every API call; `?token=`
only on the event streams (EventSource cannot send headers) and on a page's first load, which answers with the
HttpOnly, SameSite=Strict cookie and sends the browser on to the same address without the token (so it stays
out of history and logs). /metrics takes the bearer token too, as Prometheus sends it (`authorization` in a
scrape config). Pages, the API docs page and /api/v1/health stay open.
"""

from __future__ import annotations

import json
import re
import secrets
from urllib.parse import parse_qsl, quote, unquote, urlencode

from pydantic import SecretStr
from starlette.types import ASGIApp, Receive, Scope, Send

API_PREFIX = "/api/v1"
OPEN_PATHS = frozenset({f"{API_PREFIX}/health"})
PAGE_PATHS_UNDER_API = frozenset({f"{API_PREFIX}/docs"})  # a page: loads its spec with the cookie
GUARDED_OUTSIDE_API = frozenset({"/metrics"})
AUTH_COOKIE = "sdb_token"
_EVENT_STREAM_RE = re.compile(r"^/api/v1/(?:scans|cameras)/[^/]+/events$")
_HOW = ("send 'Authorization: Bearer <SDB_API_TOKEN>' (or ?token=<SDB_API_TOKEN> on an event stream, or open a "
        "page once as /?token=<SDB_API_TOKEN>)")


def bearer_or_cookie(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of `Authorization: Bearer <token>`, else of the sdb_token cookie."""
    cookie = None
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
        elif lowered == b"cookie" and cookie is None:
            cookie = _cookie_value(value.decode("latin-1"))
    return cookie


def _cookie_value(header: str) -> str | None:
    """The sdb_token value in a Cookie header."""
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == AUTH_COOKIE and value:
            return unquote(value)
    return None


def query_token(query_string: bytes) -> str | None:
    """The ?token= of a query string, if any."""
    return next((value for name, value in parse_qsl(query_string.decode("latin-1")) if name == "token"), None)


def token_matches(expected: str, presented: str | None) -> bool:
    """Constant-time comparison of the presented token with the configured one."""
    return presented is not None and secrets.compare_digest(presented.encode(), expected.encode())


def token_cookie(token: str) -> bytes:
    """The Set-Cookie value that lets a page's own requests (fetch, img, video, EventSource) carry the token."""
    return f"{AUTH_COOKIE}={quote(token, safe='')}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")


class ApiTokenGuard:
    """Answers 401 with a JSON detail to /api/v1 requests without the token; a page opened with ?token= gets the
    token as a cookie and a redirect to its address without it."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        """Guard app with token (an empty token would make no sense: the caller installs none then)."""
        self._app, self._token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on when it carries the token or needs none."""
        path = scope.get("path", "")
        if scope["type"] != "http" or path in OPEN_PATHS:
            await self._app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        in_query = query_token(query)
        if (not path.startswith(API_PREFIX) and path not in GUARDED_OUTSIDE_API) or path in PAGE_PATHS_UNDER_API:
            if in_query is None:
                await self._app(scope, receive, send)
            elif token_matches(self._token, in_query):
                await _redirect_without_token(scope, query, token_cookie(self._token), send)
            else:
                await _refuse(send, "wrong API token in ?token=: open the page with ?token=<SDB_API_TOKEN>")
            return
        presented = bearer_or_cookie(scope["headers"])
        if presented is None and _EVENT_STREAM_RE.fullmatch(path):
            presented = in_query
        if token_matches(self._token, presented):
            await self._app(scope, receive, send)
            return
        only_streams = " (?token= is accepted on event streams only)" if in_query is not None else ""
        await _refuse(send, f"missing or wrong API token{only_streams}: {_HOW}")


async def _redirect_without_token(scope: Scope, query: bytes, cookie: bytes, send: Send) -> None:
    """303 to the same path and query minus token, setting the token cookie."""
    kept = urlencode([(name, value) for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True)
                      if name != "token"])
    path = b"/" + (scope.get("raw_path") or scope.get("path", "/").encode()).lstrip(b"/\\")  # `//host` leaves the site
    location = path + (b"?" + kept.encode() if kept else b"")
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location), (b"set-cookie", cookie), (b"content-length", b"0"),
                            (b"cache-control", b"no-store"), (b"referrer-policy", b"no-referrer")]})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send: Send, detail: str) -> None:
    """401 with a JSON detail."""
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": 401,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"www-authenticate", b'Bearer realm="sdcard-browser"')]})
    await send({"type": "http.response.body", "body": body})


def configured_token(token: SecretStr | None) -> str | None:
    """The token's text from the SecretStr setting, None when unset or blank."""
    value = token.get_secret_value().strip() if token is not None else ""
    return value or None
