"""Fixtures of the thumbnail farm tests: a four-day card on a slow-ish simulated camera, and the product on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.server import RunningSimulator, start_simulator
from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import PASSWORD, USER

FARM_DAYS = [date(2026, 11, day) for day in (20, 21, 22, 23)]
FARM_HOUR = 4
CAMERA_LATENCY_MS = 20
MAX_PARALLEL_READS = 2


@pytest.fixture(scope="session")
def farm_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four days, one hour each, three 8-second 640x360 clips an hour; no broken files."""
    return build_card(tmp_path_factory.mktemp("farm") / "sdcard", days=FARM_DAYS, hours=[FARM_HOUR],
                      clips_per_hour=3, clip_seconds=8.0, width=640, height=360, fps=15, bitrate_kbps=400,
                      broken=False)


@pytest.fixture
async def farm_camera(farm_card: Path) -> AsyncIterator[RunningSimulator]:
    """The farm card behind a camera-like 20 ms per request."""
    slow = start_simulator(farm_card, port=0, user=USER, password=PASSWORD, latency_ms=CAMERA_LATENCY_MS)
    async with await slow as simulator:
        yield simulator


@pytest.fixture
async def farm(make_embedded: EmbeddedFactory, farm_camera: RunningSimulator) -> AsyncIterator[EmbeddedSystem]:
    """The embedded product with two thumbnail decoders and at most two reads at once per camera."""
    async with make_embedded([farm_camera.target("CAM01")], preview_frames=4,
                             camera_max_parallel=MAX_PARALLEL_READS, thumbnail_concurrency=2) as system:
        yield system


@pytest.fixture
async def gateway(farm: EmbeddedSystem) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the gateway app of the farm."""
    transport = httpx.ASGITransport(app=farm.gateway_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway", timeout=30) as client:
        yield client
