"""Fixtures of the schema tests: a gateway app over a store holding one real scan of the sample card."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from libs.camera_simulator.server import start_simulator
from tests.embedded_system import running_system
from tests.sample_card import PASSWORD, USER
from tools.local_servers.polling import eventually

SETTINGS = {"camera_connect_timeout_s": 2, "preview_frames": 4}


@pytest.fixture(scope="module")
async def scanned_data(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Path]:
    """A data folder where CAM01's sample card has been scanned to the end (clips, thumbnails, storage)."""
    data_dir = tmp_path_factory.mktemp("schema-data")
    async with await start_simulator(small_card, user=USER, password=PASSWORD) as simulator, \
            running_system(data_dir, [simulator.target("CAM01")], **SETTINGS) as system:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=system.gateway_app),
                                     base_url="http://gateway") as gateway:
            scan_id = (await gateway.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"]

            async def finished() -> bool:
                status = (await gateway.get(f"/api/v1/scans/{scan_id}")).json()["status"]
                return bool(status in ("completed", "failed"))

            await eventually(finished, 90, "the sample scan to finish")
        yield data_dir


@pytest.fixture(scope="module")
async def gateway_app(scanned_data: Path) -> AsyncIterator[FastAPI]:
    """The gateway of an embedded system over the scanned data, its broker up but with no workers."""
    async with running_system(scanned_data, workers=False, **SETTINGS) as system:
        yield system.gateway_app
