"""The gateway's FastAPI application: /api/v1 routes over shared state."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from libs.common.contracts.settings import Settings
from libs.common.service.api_token import ApiTokenGuard, configured_token
from libs.common.service.runtime import start_adapters
from libs.common.service.security_headers import SecurityHeaders
from libs.common.service.stall_watch import StallWatch
from libs.common.service.unexpected_errors import log_unexpected_errors
from services.gateway.api_docs import serve_api_docs
from services.gateway.body_limit import BodySizeLimit
from services.gateway.error_handlers import install_error_handlers
from services.gateway.error_responses import ERROR_RESPONSES
from services.gateway.event_schemas import publish_event_schemas
from services.gateway.metrics import route as metrics_route
from services.gateway.routes import (
    aggregates,
    camera_overview,
    cameras,
    checks,
    clips,
    coverage,
    export,
    fleet,
    focus,
    health,
    host_keys,
    reachability,
    scans,
    sprites,
    video,
    watch_reports,
    watches,
)
from services.gateway.state import GatewayState

API_PREFIX = "/api/v1"


def create_app(state: GatewayState | None = None, settings: Settings | None = None) -> FastAPI:
    """The app; with no state given it connects its own adapters in the lifespan (standalone service)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state is not None:
            app.state.gateway = state
            yield
            return
        assert settings is not None
        broker, store = await start_adapters(settings, "gateway")
        connections = make_camera_connections(settings, store)
        app.state.gateway = GatewayState(settings, broker, store, CameraRegistry(settings), connections)
        watching = asyncio.create_task(StallWatch(store, broker, settings.scan_stall_deadline_s).run())
        try:
            yield
        finally:
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)
            await connections.close()
            await broker.close()

    app = FastAPI(
        title="SD Card Browser API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served from the installed Swagger UI below
        redoc_url=None,
        lifespan=lifespan,
    )
    if state is not None:
        app.state.gateway = state
    for module in (cameras, camera_overview, scans, clips, health, reachability, video, coverage, aggregates, focus,
                   sprites, export, checks, host_keys, watches, watch_reports, fleet):
        app.include_router(module.router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    app.include_router(metrics_route.router)
    serve_api_docs(app, f"{API_PREFIX}/openapi.json")
    install_error_handlers(app)
    log_unexpected_errors(app)
    publish_event_schemas(app)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(SecurityHeaders)
    active_settings = state.settings if state is not None else settings
    token = configured_token(active_settings.api_token) if active_settings is not None else None
    if token is not None:
        app.add_middleware(ApiTokenGuard, token=token)
    return app
