"""Forwarding /api/v1/* to the gateway with httpx, streaming the answer back."""

from __future__ import annotations

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}
MAX_BODY_BYTES = 1_000_000  # the gateway refuses the same (services/gateway/body_limit.py)


async def _limited_body(request: Request) -> bytes | None:
    """The request body, or None as soon as it (or its declared length) passes MAX_BODY_BYTES."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
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
    headers = {key: value for key, value in request.headers.items() if key.lower() not in _HOP_BY_HOP}
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
    relayed = {key: value for key, value in answer.headers.items() if key.lower() not in _HOP_BY_HOP}
    return StreamingResponse(answer.aiter_raw(), status_code=answer.status_code, headers=relayed,
                             background=BackgroundTask(answer.aclose))
