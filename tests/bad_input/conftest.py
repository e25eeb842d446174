"""Fixtures of the bad-input tests: the embedded system over a simulated camera, watched for any side effect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.server import RunningSimulator, start_simulator
from services.embedded.system import EmbeddedSystem
from tests.bad_input.quiet_system import PublishLog, QuietWatch
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import PASSWORD, USER
from tools.local_servers.asgi_server import served_client


@pytest.fixture
async def simulator(small_card: Path) -> AsyncIterator[RunningSimulator]:
    """The sample card served over SSH; its connection counter proves whether anything was read."""
    async with await start_simulator(small_card, user=USER, password=PASSWORD) as running:
        yield running


@pytest.fixture
async def system(make_embedded: EmbeddedFactory, simulator: RunningSimulator) -> AsyncIterator[EmbeddedSystem]:
    """The whole product in this event loop with CAM01 registered and every publish recorded."""
    async with make_embedded([simulator.target("CAM01")], camera_connect_timeout_s=5, preview_frames=4) as embedded:
        yield embedded


@pytest.fixture
def watch(system: EmbeddedSystem, simulator: RunningSimulator) -> QuietWatch:
    """Snapshots of what an accepted request would change."""
    log = PublishLog()
    log.attach(system.broker)
    return QuietWatch(log, system.store, simulator)


@pytest.fixture(params=["web", "gateway"])
async def api(request: pytest.FixtureRequest, system: EmbeddedSystem) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the web service (which forwards to the gateway) or on the gateway directly, both over uvicorn."""
    app = system.web_app if request.param == "web" else system.gateway_app
    async with served_client(app) as client:
        yield client
