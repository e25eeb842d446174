"""Fixtures of the facts tests: the embedded system with the sample card under three camera ids."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client

MISSING_INI = "/etc/camera/missing.ini"


@pytest.fixture
async def facts_web(tmp_path: Path, camera_server: int) -> AsyncIterator[httpx.AsyncClient]:
    """The web service over the sample card: CAM01 (UTC), CAMTOKYO (Asia/Tokyo), CAMNOINI (config unreadable)."""
    cameras = [
        camera_target(camera_server),
        dataclasses.replace(camera_target(camera_server, "CAMTOKYO"), timezone="Asia/Tokyo"),
        dataclasses.replace(camera_target(camera_server, "CAMNOINI"), config_ini=MISSING_INI),
    ]
    settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid", preview_frames=2)
    async with EmbeddedSystem(settings, cameras) as system, served_client(system.web_app) as client:
        yield client
