"""Fixtures of the CLI tests: the embedded product with the sample camera, served on a free port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import serve_app


@contextlib.asynccontextmanager
async def served_system(data_dir: Path, camera_port: int, gateway: bool = False, pinned: bool = True,
                        **overrides: Any) -> AsyncIterator[str]:
    """The whole product with CAM01 on the sample camera (other ids never resolve); yields the web's base URL
    (or, with gateway=True, the gateway's, which serves the API but no event streams); pinned=False: CAM01's
    host key is not pinned (nobody trusted it yet)."""
    settings = Settings(data_dir=data_dir, camera_host_template="{id}.invalid", camera_connect_timeout_s=5,
                        preview_frames=4, **overrides)
    target = camera_target(camera_port)
    system = EmbeddedSystem(settings, [target if pinned else replace(target, host_key_fingerprint=None)])
    async with system, serve_app(system.gateway_app if gateway else system.web_app) as url:
        yield url


@pytest.fixture
async def sdb_url(tmp_path: Path, camera_server: int) -> AsyncIterator[str]:
    """The base URL of a fresh embedded product with the sample camera as CAM01."""
    async with served_system(tmp_path / "data", camera_server) as url:
        yield url
