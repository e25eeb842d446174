"""The web service's FastAPI application: dashboard pages, SSE streams, and the API forwarder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from libs.client.async_client import SdbClient
from libs.client.errors import ApiError, ClientError
from libs.common.adapters.broker.port import Broker
from libs.common.contracts.api.scans import ScanView
from libs.common.contracts.settings import Settings
from libs.common.service.api_token import ApiTokenGuard, configured_token
from libs.common.service.runtime import start_adapters
from libs.common.service.security_headers import SecurityHeaders
from libs.common.service.unexpected_errors import log_unexpected_errors
from services.web import camera_events, event_kinds_js, fleet_events, pages
from services.web.api_proxy import forward
from services.web.event_hub import EventHub, ended_event
from services.web.sse_stream import SSE_HEADERS, BadLastEventId, parse_last_event_id, scan_stream

HERE = Path(__file__).parent


async def gateway_scan(api: SdbClient, scan_id: str) -> ScanView:
    """The scan as the gateway has it; its refusal (404 unknown scan, 401, 503) or absence as an HTTP error."""
    try:
        return await api.scan(scan_id)
    except ApiError as exc:
        raise HTTPException(exc.status, exc.detail) from exc
    except ClientError as exc:
        raise HTTPException(503, f"gateway unavailable: {exc}") from exc


def create_web_app(
    settings: Settings, broker: Broker | None = None, gateway: httpx.AsyncClient | None = None
) -> FastAPI:
    """The app; without a broker/gateway client given it opens its own in the lifespan (standalone)."""
    hub = EventHub()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_broker = broker is None
        active = broker
        if active is None:
            active, _ = await start_adapters(settings, "web")
        client = gateway or httpx.AsyncClient(base_url=settings.gateway_url, timeout=30.0)
        app.state.gateway = client
        app.state.api = SdbClient(http=client, token=token)
        await active.subscribe_events(hub.receive)
        try:
            yield
        finally:
            if gateway is None:
                await client.aclose()
            if own_broker:
                await active.close()

    app = FastAPI(title="SD Card Browser web", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.hub = hub
    app.add_middleware(SecurityHeaders)
    log_unexpected_errors(app)
    token = configured_token(settings.api_token)
    if token is not None:
        app.add_middleware(ApiTokenGuard, token=token)
    app.include_router(event_kinds_js.router)  # before the static mount, which would answer its path first
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/api/v1/scans/{scan_id}/events", response_model=None)
    async def scan_events(scan_id: str, request: Request, last_event_id: str | None = None) -> Response:
        """The scan's events as text/event-stream; resumes after Last-Event-ID."""
        try:
            last_id = parse_last_event_id(request.headers.get("last-event-id"), last_event_id) or 0
        except BadLastEventId as exc:
            raise HTTPException(400, str(exc)) from exc
        scan = await gateway_scan(request.app.state.api, scan_id)
        if scan.status in ("completed", "failed") and not hub.ended(scan_id):
            await hub.add(ended_event(scan))
        return StreamingResponse(scan_stream(hub, scan_id, last_id), media_type="text/event-stream",
                                 headers=SSE_HEADERS)

    app.include_router(camera_events.router)
    app.include_router(fleet_events.router)

    @app.api_route("/api/v1/{path:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"],
                   include_in_schema=False)
    async def api(path: str, request: Request) -> Response:
        """Everything else under /api/v1 is the gateway's."""
        return await forward(request.app.state.gateway, request)

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        """The gateway's Prometheus metrics, so one address serves the pages, the API and the scrape."""
        return await forward(request.app.state.gateway, request)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Liveness for compose."""
        return {"status": "ok"}

    app.include_router(pages.router)
    return app
