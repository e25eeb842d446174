"""Fixtures of the recording-check tests: defect clips, the suite's clean clips, the system over the sample card."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.checks.defect_clips import DefectLibrary
from tests.media.media_clip_library import ClipLibrary
from tests.sample_card import camera_target
from tools.local_servers.asgi_server import served_client


@pytest.fixture(scope="session")
def defects(tmp_path_factory: pytest.TempPathFactory) -> DefectLibrary:
    """Clips with one defect each (and clean ones), encoded on first use."""
    assert shutil.which("ffmpeg"), "the check tests need Debian's ffmpeg"
    return DefectLibrary(tmp_path_factory.mktemp("defect-clips"))


@pytest.fixture(scope="session")
def clean_library(tmp_path_factory: pytest.TempPathFactory) -> ClipLibrary:
    """The prober suite's clips (moov at end, faststart, fragmented, HEVC ...)."""
    return ClipLibrary(tmp_path_factory.mktemp("clean-clips"))


@pytest.fixture
async def checks_web(tmp_path: Path, camera_server: int) -> AsyncIterator[httpx.AsyncClient]:
    """The web service of the embedded system over the sample card as CAM01."""
    settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid")
    async with EmbeddedSystem(settings, [camera_target(camera_server)]) as system, \
            served_client(system.web_app) as client:
        yield client
