"""Forwarding /api/v1/* to the gateway with httpx, streaming the answer back."""

from __future__ import annotations

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}
MAX_BODY_BYTES = 1_000_000


async def forward(client: httpx.AsyncClient, request: Request) -> Response:
    """Send the request on to the gateway and relay status, headers and body."""
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return JSONResponse({"detail": "request body too large"}, status_code=413)
    headers = {key: value for key, value in request.headers.items() if key.lower() not in _HOP_BY_HOP}
    outgoing = client.build_request(request.method, request.url.path, params=request.query_params,
                                    headers=headers, content=body)
    try:
        answer = await client.send(outgoing, stream=True)
    except httpx.TimeoutException:
        return JSONResponse({"detail": "gateway timed out"}, status_code=504)
    except httpx.TransportError as exc:
        return JSONResponse({"detail": f"gateway unavailable: {type(exc).__name__}"}, status_code=503)
    relayed = {key: value for key, value in answer.headers.items() if key.lower() not in _HOP_BY_HOP}
    return StreamingResponse(answer.aiter_raw(), status_code=answer.status_code, headers=relayed,
                             background=BackgroundTask(answer.aclose))
