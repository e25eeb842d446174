"""Fixtures of the fleet tests: a card recording today, and a system with it and a camera that is down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.server import start_simulator
from libs.common.adapters.camera.target import CameraTarget
from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import PASSWORD, USER, camera_target
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client
from tools.local_servers.ports import free_port

TODAY = datetime.now(UTC).date()


@pytest.fixture(scope="session")
def today_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A card with clips of today (UTC) in its first two hours, with the builder's gap and broken clips."""
    return build_card(tmp_path_factory.mktemp("today") / "sdcard", days=[TODAY], hours=[0, 1], clips_per_hour=6,
                      clip_seconds=4.0, width=320, height=180, fps=10, bitrate_kbps=200, variants=1)


@pytest.fixture
async def today_camera(today_card: Path) -> AsyncIterator[CameraTarget]:
    """The card of today served over SSH; yields CAM01 on it, its host key pinned."""
    async with await start_simulator(today_card, port=0, user=USER, password=PASSWORD) as simulator:
        yield simulator.target("CAM01")


@pytest.fixture
async def fleet_system(make_embedded: EmbeddedFactory,
                       today_camera: CameraTarget) -> AsyncIterator[EmbeddedSystem]:
    """CAM01 records today; DOWN02 is configured on a port nothing listens on."""
    cameras = [today_camera, camera_target(free_port(), "DOWN02")]
    async with make_embedded(cameras, camera_connect_timeout_s=3, preview_frames=2) as system:
        yield system


@pytest.fixture
async def fleet_web(fleet_system: EmbeddedSystem) -> AsyncIterator[httpx.AsyncClient]:
    """The web service served on a free port, both cameras scanned to their end."""
    async with served_client(fleet_system.web_app) as client:
        await scan_and_wait(client, "CAM01")
        await scan_and_wait(client, "DOWN02")
        yield client
