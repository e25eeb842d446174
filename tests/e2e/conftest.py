"""Fixtures of the end-to-end tests: a small simulated card served over SSH, and the embedded system."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from libs.client.async_client import SdbClient
from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client


@pytest.fixture
async def embedded(make_embedded: EmbeddedFactory, camera_server: int) -> AsyncIterator[EmbeddedSystem]:
    """The whole product in this event loop with a fresh data folder and CAM01 registered."""
    async with make_embedded([camera_target(camera_server)], camera_connect_timeout_s=5, preview_frames=4) as system:
        yield system


@pytest.fixture
async def web(embedded: EmbeddedSystem) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the web service served by uvicorn on a free port."""
    async with served_client(embedded.web_app) as client:
        yield client


@pytest.fixture
def api(web: httpx.AsyncClient) -> SdbClient:
    """The typed API client over the same served web service."""
    return SdbClient(http=web)
