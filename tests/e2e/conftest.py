"""Fixtures of the end-to-end tests: a small simulated card served over SSH, and the embedded system."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.client.async_client import SdbClient
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    """Embedded mode with a fresh data folder; unknown cameras resolve to a closed loopback port."""
    return Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid", camera_connect_timeout_s=5,
                    preview_frames=4)


@pytest.fixture
async def embedded(embedded_settings: Settings, camera_server: int) -> AsyncIterator[EmbeddedSystem]:
    """The whole product in this event loop, with CAM01 registered."""
    async with EmbeddedSystem(embedded_settings, [camera_target(camera_server)]) as system:
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
