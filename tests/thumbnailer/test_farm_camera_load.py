"""Camera load of a scan with images: bytes per clip reported for thumbnail and preview, bounded parallel reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from libs.camera_simulator.sftp_handler import CardSftpServer
from libs.common.adapters.camera.sftp_transport import SftpTransport
from services.embedded.system import EmbeddedSystem
from tests.scan_polling import scan_and_wait
from tests.thumbnailer.conftest import FARM_DAYS, MAX_PARALLEL_READS


async def test_each_clip_reports_the_camera_bytes_of_its_thumbnail_and_preview(
    farm: EmbeddedSystem, gateway: httpx.AsyncClient
) -> None:
    scan = await scan_and_wait(gateway)
    assert scan["status"] == "completed"
    clips = []
    for day in FARM_DAYS:
        clips += (await gateway.get("/api/v1/cameras/CAM01/recordings", params={"date": day.isoformat()})).json()
    assert clips and all(clip["preview_url"] for clip in clips)
    for clip in clips:
        assert 0 < clip["thumbnail_bytes_read"] < clip["size_bytes"] * 0.05
        assert clip["preview_bytes_read"] > 0
        assert clip["thumbnail_bytes_read"] + clip["preview_bytes_read"] <= max(64 * 1024, clip["size_bytes"] // 50)
    image_bytes = sum(clip["thumbnail_bytes_read"] + clip["preview_bytes_read"] for clip in clips)
    assert scan["progress"]["image_bytes_read"] == image_bytes
    assert scan["progress"]["bytes_read"] > image_bytes, "the clip index is read too"


async def test_a_rescan_reads_no_image_bytes(farm: EmbeddedSystem, gateway: httpx.AsyncClient) -> None:
    await scan_and_wait(gateway)
    again = await scan_and_wait(gateway)
    assert again["progress"]["image_bytes_read"] == 0
    assert again["progress"]["thumbnails_done"] == again["progress"]["images_expected"] > 0


class InFlight:
    """Counts calls running at once and the most seen."""

    def __init__(self) -> None:
        self.now = self.peak = 0

    def wrap(self, read: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def counted(*args: Any) -> Any:
            self.now += 1
            self.peak = max(self.peak, self.now)
            try:
                return await read(*args)
            finally:
                self.now -= 1

        return counted


async def test_reads_on_the_camera_never_exceed_the_per_camera_limit(
    farm: EmbeddedSystem, gateway: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent, served = InFlight(), InFlight()
    monkeypatch.setattr(SftpTransport, "read_range", sent.wrap(SftpTransport.read_range))
    monkeypatch.setattr(CardSftpServer, "read", served.wrap(CardSftpServer.read))
    scan = await scan_and_wait(gateway)
    assert scan["status"] == "completed"
    assert sent.peak == MAX_PARALLEL_READS, "the collector keeps the camera's read slots busy, never more"
    assert 1 <= served.peak <= MAX_PARALLEL_READS
