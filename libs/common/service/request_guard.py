"""The edge guard of every listening service: the Host header must name this server (no DNS rebinding), and a
state-changing request that says where it comes from (Origin, else Referer) must come from this same origin (no
other web page can drive the service)."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from libs.common.contracts.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(host_header: str) -> str:
    """The name in a Host header or netloc, without port, brackets or trailing dot, lower case."""
    text = host_header.strip().lower()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0].rstrip(".") if text.count(":") == 1 else text.rstrip(".")


def default_allowed_hosts(bind_host: str) -> frozenset[str]:
    """The bound address and its names: loopback always; the machine's name and addresses when bound to all."""
    names = set(LOOPBACK_NAMES)
    try:
        wildcard = ipaddress.ip_address(bind_host).is_unspecified
    except ValueError:
        wildcard = False
    if not wildcard:
        return frozenset({*names, host_name(bind_host)})
    names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    with contextlib.suppress(OSError):
        names |= {str(info[4][0]).lower() for info in socket.getaddrinfo(socket.gethostname(), None)}
    return frozenset(names)


def allowed_hosts(setting: str, bind_host: str, *extra_urls: str) -> frozenset[str] | None:
    """SDB_ALLOWED_HOSTS (comma-separated; `*` allows any: None) or the defaults, plus loopback and the hosts of
    extra_urls (the gateway's own address, which the web service calls it by)."""
    listed = {host_name(part) for part in setting.split(",") if part.strip()}
    if "*" in listed:
        return None
    base = frozenset(LOOPBACK_NAMES | listed) if listed else default_allowed_hosts(bind_host)
    return base | {host_name(urlsplit(url).netloc) for url in extra_urls if urlsplit(url).netloc}


class RequestGuard:
    """400 for a Host this server does not go by; 403 for a POST/PUT/PATCH/DELETE from another origin."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None) -> None:
        """Guard app; hosts None accepts any Host (SDB_ALLOWED_HOSTS=*)."""
        self._app, self._hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse or pass the request on."""
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = {name.lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        host = headers.get(b"host", "")
        if self._hosts is not None and host_name(host) not in self._hosts:
            await _refuse(send, 400, "this server is not known by the name in the Host header: open it by one of "
                                     "its names, or add the name to SDB_ALLOWED_HOSTS")
            return
        if scope.get("method", "GET") not in SAFE_METHODS and _foreign(headers, host):
            await _refuse(send, 403, "cross-origin request refused: a state-changing request must come from this "
                                     "server's own pages (Origin or Referer of another site)")
            return
        await self._app(scope, receive, send)


def _foreign(headers: dict[bytes, str], host: str) -> bool:
    """Whether the request's Origin (or, without one, its Referer) names another origin than `host`."""
    source = headers.get(b"origin") or headers.get(b"referer")
    if source is None:
        return False  # no browser page sent it (curl, the sdb command, another service)
    netloc = urlsplit(source).netloc if source != "null" else ""
    return netloc.lower() != host.strip().lower()


async def _refuse(send: Send, status: int, detail: str) -> None:
    """A JSON refusal."""
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def guarded(app: ASGIApp, settings: Settings, *own_urls: str) -> RequestGuard:
    """The app behind the edge guard, as every service serves it (own_urls: addresses it is also called by)."""
    return RequestGuard(app, allowed_hosts(settings.allowed_hosts, settings.bind_host, *own_urls))
