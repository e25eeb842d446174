"""Every failure reaches the caller as the client's own exception, carrying the status and the server's detail."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse

from libs.client.async_client import SdbClient
from libs.client.errors import ApiError, ServerUnreachable, UnexpectedAnswer
from tools.local_servers.asgi_server import serve_app
from tools.local_servers.ports import free_port


def odd_server() -> FastAPI:
    """Answers that are errors with a detail, errors without one, and success in the wrong shape."""
    app = FastAPI()

    @app.get("/api/v1/cameras/{camera_id}/dates")
    async def dates(camera_id: str) -> JSONResponse:
        return JSONResponse({"detail": f"no recordings known for camera {camera_id}: scan it first"}, 404)

    @app.get("/api/v1/scans/{scan_id}")
    async def scan(scan_id: str) -> PlainTextResponse:
        return PlainTextResponse("Bad Gateway from a proxy", 502)

    @app.get("/api/v1/cameras")
    async def cameras() -> JSONResponse:
        return JSONResponse({"cameras": []})

    return app


async def test_an_error_answer_carries_its_status_and_detail() -> None:
    async with serve_app(odd_server()) as url, SdbClient(url) as client:
        with pytest.raises(ApiError) as refused:
            await client.dates("cam 01")
        with pytest.raises(ApiError) as proxied:
            await client.scan("b" * 32)
        with pytest.raises(UnexpectedAnswer, match="unexpected shape"):
            await client.cameras()
    assert (refused.value.status, refused.value.detail) == (404, "no recordings known for camera cam 01: scan it first")
    assert "/api/v1/cameras/cam%2001/dates" in str(refused.value)
    assert (proxied.value.status, proxied.value.detail) == (502, "Bad Gateway from a proxy")
    assert not refused.value.token_refused


async def test_nothing_listening_is_server_unreachable_naming_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with SdbClient(url) as client:
        with pytest.raises(ServerUnreachable, match=f"cannot connect to {url}"):
            await client.cameras()
