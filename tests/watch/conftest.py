"""Fixtures of the watch tests: the embedded product with a low test-only tick floor, over the sample card."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client

FAST_WATCH = {"watch_min_every_s": 0.5, "watch_scan_wait_s": 20, "camera_connect_timeout_s": 2,
              "preview_frames": 2}


@pytest.fixture
async def watched(make_embedded: EmbeddedFactory, camera_server: int) -> AsyncIterator[EmbeddedSystem]:
    """The whole product with CAM01 (the sample card on the simulator) and ticks allowed every half second."""
    async with make_embedded([camera_target(camera_server)], **FAST_WATCH) as system:
        yield system


@pytest.fixture
async def api(watched: EmbeddedSystem) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on its web service, served by uvicorn."""
    async with served_client(watched.web_app) as client:
        yield client
