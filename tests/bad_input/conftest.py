"""Fixtures of the bad-input tests: the embedded system over a simulated camera, watched for any side effect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from libs.camera_simulator.server import RunningSimulator, start_simulator
from services.embedded.system import EmbeddedSystem
from tests.bad_input.quiet_system import PublishLog, QuietWatch
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import CARD_DAY, PASSWORD, USER
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client


@pytest.fixture
async def simulator(small_card: Path) -> AsyncIterator[RunningSimulator]:
    """The sample card served over SSH; its connection counter proves whether anything was read."""
    async with await start_simulator(small_card, user=USER, password=PASSWORD) as running:
        yield running


@pytest.fixture
def api_token() -> str | None:
    """No API token; a module runs its tests with and without one by parametrizing `api_token` (see TOKENS)."""
    return None


@pytest.fixture
async def system(make_embedded: EmbeddedFactory, simulator: RunningSimulator,
                 api_token: str | None) -> AsyncIterator[EmbeddedSystem]:
    """The whole product in this event loop with CAM01 registered and every publish recorded."""
    async with make_embedded([simulator.target("CAM01")], camera_connect_timeout_s=5, preview_frames=4,
                             api_token=SecretStr(api_token) if api_token else None) as embedded:
        yield embedded


@pytest.fixture
def watch(system: EmbeddedSystem, simulator: RunningSimulator) -> QuietWatch:
    """Snapshots of what an accepted request would change."""
    log = PublishLog()
    log.attach(system.broker)
    return QuietWatch(log, system.store, simulator)


@pytest.fixture(params=["web", "gateway"])
async def api(request: pytest.FixtureRequest, system: EmbeddedSystem,
              api_token: str | None) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the web service (which forwards to the gateway) or on the gateway directly, both over uvicorn;
    it sends the API token when one is set."""
    app = system.web_app if request.param == "web" else system.gateway_app
    async with served_client(app) as client:
        if api_token:
            client.headers["Authorization"] = f"Bearer {api_token}"
        yield client


@pytest.fixture
async def web(system: EmbeddedSystem, api_token: str | None) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the web service alone (event streams are the web's); it sends the API token when one is set."""
    async with served_client(system.web_app) as client:
        if api_token:
            client.headers["Authorization"] = f"Bearer {api_token}"
        yield client


@dataclass(frozen=True)
class Scanned:
    """A completed scan of CAM01 and one of its readable clips."""

    scan_id: str
    clip_id: str
    clip_size: int


@pytest.fixture
async def scanned(web: httpx.AsyncClient) -> Scanned:
    """CAM01 scanned (no images), so that clip and scan routes get past their 404s."""
    scan = await scan_and_wait(web, thumbnails=False, previews=False)
    assert scan["status"] == "completed", scan
    clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": CARD_DAY.isoformat()})).json()
    clip = next(clip for clip in clips if clip["status"] == "ok")
    return Scanned(scan["scan_id"], clip["clip_id"], clip["size_bytes"])
