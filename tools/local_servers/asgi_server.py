"""Serve an ASGI app with uvicorn on a free loopback port inside the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn

from tools.local_servers.polling import eventually
from tools.local_servers.ports import free_port


@asynccontextmanager
async def serve_app(app: Callable[..., Any]) -> AsyncIterator[str]:
    """Run the app until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, 20, "uvicorn to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def served_client(app: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    """Serve the app and yield an HTTP client pointed at it."""
    async with serve_app(app) as base_url, httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        yield client
