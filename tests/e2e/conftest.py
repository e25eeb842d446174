"""Fixtures of the end-to-end tests: a small simulated card served over SSH, and the embedded system."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from libs.common.camera.target import CameraTarget
from libs.common.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.servers.asgi_server import serve_app
from tools.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from tools.camera_simulator.card_builder import build_card
from tools.camera_simulator.server import start_simulator

CARD_DAY = date(2026, 11, 20)
USER, PASSWORD = "qa", "s3cret-camera-pw"


@pytest.fixture(scope="session")
def small_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One day, two hours, four short 640x360 clips an hour, plus power-cut leftovers."""
    card = tmp_path_factory.mktemp("card") / "sdcard"
    return build_card(card, days=[CARD_DAY], hours=[2, 3], clips_per_hour=4, clip_seconds=6.0, width=640,
                      height=360, fps=15, bitrate_kbps=400)


@pytest.fixture
async def camera_server(small_card: Path) -> AsyncIterator[int]:
    """The card served over SSH/SFTP with password auth; yields the port."""
    simulator = await start_simulator(small_card, port=0, user=USER, password=PASSWORD)
    try:
        yield simulator.port
    finally:
        await simulator.close()


def camera_target(port: int, camera_id: str = "CAM01") -> CameraTarget:
    """The registry entry of the simulated camera."""
    return CameraTarget(camera_id=camera_id, host="127.0.0.1", port=port, user=USER,
                        password=SecretStr(PASSWORD), model="DomePlus", config_ini=DEFAULT_CONFIG_INI)


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    """Embedded mode with a fresh data folder; unknown cameras resolve to a closed loopback port."""
    return Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid", camera_connect_timeout_s=5,
                    preview_frames=4)


@pytest.fixture
async def embedded(embedded_settings: Settings, camera_server: int) -> AsyncIterator[EmbeddedSystem]:
    """The whole product in this event loop, with CAM01 registered."""
    system = EmbeddedSystem(embedded_settings, [camera_target(camera_server)])
    await system.start()
    try:
        yield system
    finally:
        await system.stop()


@pytest.fixture
async def web(embedded: EmbeddedSystem) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the web service served by uvicorn on a free port."""
    async with serve_app(embedded.web_app) as base_url, httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        yield client
