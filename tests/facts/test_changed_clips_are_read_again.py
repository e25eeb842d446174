"""A rescan reads again exactly the clips whose file changed (new mtime) and none of the others."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.server import start_simulator
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import CARD_DAY, PASSWORD, USER
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client

DAY = CARD_DAY.isoformat()
NO_IMAGES = {"thumbnails": False, "previews": False}
TOUCHED = f"{DAY}/03/20261120-033000.mp4"


@pytest.fixture
def own_card(small_card: Path, tmp_path: Path) -> Path:
    """A private copy of the sample card (and its config) that a test may change."""
    copy = tmp_path / "sdcard"
    shutil.copytree(small_card, copy)
    shutil.copytree(small_card.parent / "config", tmp_path / "config")
    return copy


@pytest.fixture
async def own_web(own_card: Path, make_embedded: EmbeddedFactory) -> AsyncIterator[httpx.AsyncClient]:
    """The embedded system over the private card as CAM01."""
    async with await start_simulator(own_card, port=0, user=USER, password=PASSWORD) as simulator, \
            make_embedded([simulator.target("CAM01")]) as system, served_client(system.web_app) as web:
        yield web


async def test_only_the_clip_with_a_new_mtime_is_read_again(own_web: httpx.AsyncClient, own_card: Path) -> None:
    first = await scan_and_wait(own_web, "cam01", **NO_IMAGES)
    before = {clip["path"]: clip for clip in
              (await own_web.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).json()}
    assert first["progress"]["bytes_read"] > 0

    touched = own_card / TOUCHED
    stat = touched.stat()
    os.utime(touched, (stat.st_atime, stat.st_mtime + 120))
    second = await scan_and_wait(own_web, "cam01", **NO_IMAGES)
    after = {clip["path"]: clip for clip in
             (await own_web.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).json()}

    assert second["progress"]["clips_cached"] == len(before) - 1
    assert after[TOUCHED]["clip_id"] != before[TOUCHED]["clip_id"], "a new file version gets a new fingerprint"
    assert second["progress"]["bytes_read"] == after[TOUCHED]["bytes_read"] > 0
    unchanged = [path for path in before if path != TOUCHED]
    assert all(after[path]["clip_id"] == before[path]["clip_id"] for path in unchanged)
