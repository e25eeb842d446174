"""Forwarding /api/v1/* to the gateway with httpx, streaming the answer back."""

from __future__ import annotations

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from libs.common.domain.ascii_numbers import ascii_int_at_most

_HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"te", b"trailer", b"upgrade", b"host",
               b"content-length",
               b"origin", b"referer"}  # judged at this edge (request_guard); the gateway knows the web by another name
MAX_BODY_BYTES = 1_000_000  # the gateway refuses the same (services/gateway/body_limit.py)


async def _limited_body(request: Request) -> bytes | None:
    """The request body, or None as soon as it (or its declared length) passes MAX_BODY_BYTES."""
    declared = request.headers.get("content-length", "")
    if (ascii_int_at_most(declared, MAX_BODY_BYTES + 1) or 0) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def _raw_target(request: Request) -> str:
    """Path and query exactly as the client sent them (still percent-encoded), so the gateway judges them."""
    path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    return (path + (b"?" + query if query else b"")).decode("latin-1")


async def forward(client: httpx.AsyncClient, request: Request) -> Response:
    """Send the request on to the gateway and relay status, headers and body."""
    body = await _limited_body(request)
    if body is None:
        return JSONResponse({"detail": f"request body too large (limit {MAX_BODY_BYTES} bytes)"}, status_code=413)
    headers = _end_to_end(request.headers.raw)  # bytes as sent: a header may hold any latin-1 byte
    try:
        outgoing = client.build_request(request.method, _raw_target(request), headers=headers, content=body)
    except httpx.InvalidURL as exc:
        return JSONResponse({"detail": f"malformed request URL: {exc}"}, status_code=400)
    try:
        answer = await client.send(outgoing, stream=True)
    except httpx.TimeoutException:
        return JSONResponse({"detail": "gateway timed out"}, status_code=504)
    except httpx.TransportError as exc:
        return JSONResponse({"detail": f"gateway unavailable: {type(exc).__name__}"}, status_code=503)
    relayed = StreamingResponse(answer.aiter_raw(), status_code=answer.status_code,
                                background=BackgroundTask(answer.aclose))
    relayed.raw_headers = _end_to_end(answer.headers.raw)  # repeated headers (Set-Cookie) stay apart
    if request.method == "HEAD":  # no body follows, so the length GET would have is the answer
        relayed.raw_headers += [(name, value) for name, value in answer.headers.raw
                                if name.lower() == b"content-length"]
    return relayed


def _end_to_end(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers without the hop-by-hop ones, kept as raw bytes."""
    return [(name, value) for name, value in headers if name.lower() not in _HOP_BY_HOP]
