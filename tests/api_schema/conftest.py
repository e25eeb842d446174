"""Fixtures of the schema tests: a gateway app over a store holding one real scan of the sample card."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from libs.camera_simulator.server import start_simulator
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.sample_card import PASSWORD, USER
from tools.local_servers.polling import eventually


def _settings(data_dir: Path) -> Settings:
    """Embedded settings over `data_dir`; unknown cameras are unresolvable names."""
    return Settings(data_dir=data_dir, camera_host_template="{id}.invalid", camera_connect_timeout_s=2,
                    preview_frames=4)


@pytest.fixture(scope="module")
async def scanned_data(small_card: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Path]:
    """A data folder where CAM01's sample card has been scanned to the end (clips, thumbnails, storage)."""
    data_dir = tmp_path_factory.mktemp("schema-data")
    simulator = await start_simulator(small_card, user=USER, password=PASSWORD)
    system = EmbeddedSystem(_settings(data_dir), [simulator.target("CAM01")])
    await system.start()
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=system.gateway_app),
                                     base_url="http://gateway") as gateway:
            scan_id = (await gateway.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"]

            async def finished() -> bool:
                status = (await gateway.get(f"/api/v1/scans/{scan_id}")).json()["status"]
                return bool(status in ("completed", "failed"))

            await eventually(finished, 90, "the sample scan to finish")
        yield data_dir
    finally:
        await system.stop()
        await simulator.close()


@pytest.fixture(scope="module")
async def gateway_app(scanned_data: Path) -> AsyncIterator[FastAPI]:
    """The gateway of an embedded system over the scanned data, its broker up but with no workers."""
    system = EmbeddedSystem(_settings(scanned_data), [])
    await system.broker.start()
    try:
        yield system.gateway_app
    finally:
        await system.stop()
