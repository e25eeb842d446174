"""Fixtures of the facts tests: the embedded system with the sample card under three camera ids."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client

MISSING_INI = "/etc/camera/missing.ini"


@pytest.fixture
async def facts_web(make_embedded: EmbeddedFactory, camera_server: int) -> AsyncIterator[httpx.AsyncClient]:
    """The web service over the sample card: CAM01 (UTC), CAMTOKYO (Asia/Tokyo), CAMNOINI (config unreadable)."""
    cameras = [
        camera_target(camera_server),
        dataclasses.replace(camera_target(camera_server, "CAMTOKYO"), timezone="Asia/Tokyo"),
        dataclasses.replace(camera_target(camera_server, "CAMNOINI"), config_ini=MISSING_INI),
    ]
    async with make_embedded(cameras, preview_frames=2) as system, served_client(system.web_app) as client:
        yield client
