"""Fixtures of the export tests: the export card scanned once per module, its gateway served over HTTP, and gateways
with other settings or another camera behind the same stored facts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from services.embedded.streaming_asgi import StreamingASGITransport
from services.embedded.system import EmbeddedSystem
from services.gateway.app import create_app
from services.gateway.state import GatewayState
from services.web.app import create_web_app
from tests.embedded_system import running_system
from tests.export.export_card import build_export_card
from tests.sample_card import PASSWORD, USER
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client

CAMERA = "EXP01"


@dataclass
class ExportWorld:
    """A scanned export card: its simulator, the embedded system, and an HTTP client on its gateway."""

    card: Path
    simulator: RunningSimulator
    system: EmbeddedSystem
    gateway: httpx.AsyncClient

    @asynccontextmanager
    async def other_gateway(self, simulator: RunningSimulator | None = None, through_web: bool = False,
                            **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
        """A gateway over the same stored facts with changed settings and/or another simulator as the camera;
        through_web: reached through the web app as the embedded system wires them (in-process transport)."""
        changed = self.system.settings.model_copy(update=settings)
        registry = CameraRegistry(changed, [(simulator or self.simulator).target(CAMERA)])
        connections = make_camera_connections(changed, self.system.store)
        app = create_app(GatewayState(changed, self.system.broker, self.system.store, registry, connections))
        async with httpx.AsyncClient(transport=StreamingASGITransport(app), base_url="http://gateway") as inner:
            served = create_web_app(changed, self.system.broker, inner) if through_web else app
            try:
                async with served_client(served) as client:
                    yield client
            finally:
                await connections.close()


@pytest.fixture(scope="session")
def export_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export card, built once per session."""
    return build_export_card(tmp_path_factory.mktemp("export-card") / "sdcard")


@pytest.fixture(scope="module")
async def world(export_card: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ExportWorld]:
    """The card served by a simulator, scanned (facts only) by an embedded system whose gateway is served."""
    async with (
        await start_simulator(export_card, user=USER, password=PASSWORD) as simulator,
        running_system(tmp_path_factory.mktemp("export-data"), [simulator.target(CAMERA)],
                       camera_connect_timeout_s=5) as system,
        served_client(system.gateway_app) as gateway,
    ):
        scan = await scan_and_wait(gateway, CAMERA, thumbnails=False, previews=False)
        assert scan["status"] == "completed", scan
        yield ExportWorld(export_card, simulator, system, gateway)
