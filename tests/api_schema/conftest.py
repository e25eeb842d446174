"""Fixtures of the schema tests: a running system over one real scan of the sample card, and a worker-less gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from libs.camera_simulator.server import start_simulator
from tests.embedded_system import running_system
from tests.sample_card import PASSWORD, USER
from tools.local_servers.polling import eventually

SETTINGS = {"camera_connect_timeout_s": 2, "preview_frames": 4}


@dataclass(frozen=True)
class LiveGateway:
    """The gateway of a running system (workers, camera simulator) and the scan it finished."""

    client: httpx.AsyncClient
    data_dir: Path
    scan_id: str


@pytest.fixture(scope="package")
async def live_gateway(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LiveGateway]:
    """CAM01's sample card scanned to the end (clips, thumbnails, storage); the system keeps running."""
    data_dir = tmp_path_factory.mktemp("schema-data")
    async with await start_simulator(small_card, user=USER, password=PASSWORD) as simulator, \
            running_system(data_dir, [simulator.target("CAM01")], **SETTINGS) as system, \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=system.gateway_app), base_url="http://gateway",
                              timeout=30.0) as gateway:
        scan_id = (await gateway.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"]

        async def finished() -> bool:
            status = (await gateway.get(f"/api/v1/scans/{scan_id}")).json()["status"]
            return bool(status in ("completed", "failed"))

        await eventually(finished, 90, "the sample scan to finish")
        yield LiveGateway(gateway, data_dir, scan_id)


@pytest.fixture(scope="package")
async def gateway_app(live_gateway: LiveGateway) -> AsyncIterator[FastAPI]:
    """A second gateway over the scanned data, its broker up but with no workers (for generated requests)."""
    async with running_system(live_gateway.data_dir, workers=False, **SETTINGS) as system:
        yield system.gateway_app
