"""No scan left behind: a product killed mid-images finishes the scan when it starts again; a full disk fails a scan
with the reason, health says why, and once space is freed the next scan completes."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from libs.client.async_client import SdbClient
from libs.common.contracts.api.scans import ScanBody
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import open_event
from tests.e2e.sse_client import read_events
from tests.embedded_system import EmbeddedFactory
from tests.resilience.disk_filler import fill
from tests.resilience.embedded_process import embedded_process
from tests.sample_card import CARD_DAY, camera_target
from tests.scan_polling import scan_and_wait
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.fault]

CLIPS = 24


async def test_a_scan_killed_mid_images_completes_with_every_image_after_a_restart(
    images_camera: int, tmp_path: Path,
) -> None:
    with embedded_process(tmp_path / "data", images_camera, SDB_THUMBNAIL_CONCURRENCY="1",
                          SDB_PREVIEW_FRAMES="30") as product:
        product.start()
        async with httpx.AsyncClient(base_url=product.url, timeout=30) as web:
            client = SdbClient(http=web)
            scan_id = (await client.start_scan("CAM01")).scan_id
            await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=120, stop_after_kind="clip.preview")
            before = await client.scan(scan_id)
            product.kill()
            assert before.status == "running" and before.progress.previews_done < CLIPS, before

            product.start()
            resumed = await client.wait_for_scan(scan_id, timeout_s=240, poll_s=0.2)
            assert resumed.status == "completed", (resumed, product.log_text()[-3000:])
            progress = resumed.progress
            assert (progress.images_expected, progress.thumbnails_done, progress.previews_done) == (CLIPS,) * 3
            clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": CARD_DAY.isoformat()})).json()
            assert len(clips) == CLIPS
            assert all(clip["thumbnail_url"] and clip["preview_url"] for clip in clips)

            again = await scan_and_wait(web, timeout_s=120)
            assert again["scan_id"] != scan_id and again["status"] == "completed", again


async def test_a_store_disk_that_fills_mid_scan_fails_the_scan_and_health_says_why_until_space_is_freed(
    make_embedded: EmbeddedFactory, images_camera: int, small_disk: Path,
) -> None:
    async with make_embedded([camera_target(images_camera)], data_dir=small_disk / "data",
                             store_reserve_bytes=256 * 1024) as system:
        transport = httpx.ASGITransport(app=system.gateway_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway", timeout=30) as api:
            client = SdbClient(http=api)
            fillers: list[Path] = []

            async def fill_at_the_first_clip(message: Envelope) -> None:
                if not fillers and open_event(message).kind == "clip":
                    fillers.append(fill(small_disk))  # blocks the loop: the scan is one clip in when the disk is full

            await system.broker.subscribe_events(fill_at_the_first_clip)
            scan_id = (await client.start_scan("CAM01", ScanBody(previews=False))).scan_id
            await eventually(lambda: bool(fillers), 60, "the scan's first clip")

            failed = await client.wait_for_scan(scan_id, timeout_s=60, poll_s=0.1)
            assert failed.status == "failed" and failed.error is not None and "storage full" in failed.error, failed
            assert failed.progress.clips_done < CLIPS, "the disk filled mid-scan"
            health = (await api.get("/api/v1/health")).json()
            assert health["status"] == "degraded" and health["store"]["full"], health
            assert any("disk is full" in problem and "bytes free" in problem for problem in health["problems"])
            assert health["store"]["free_bytes"] < 2 * 1024**2

            fillers[0].unlink()
            health = (await api.get("/api/v1/health")).json()
            assert health["status"] == "ok" and not health["store"]["full"], health
            again = await scan_and_wait(api, timeout_s=120, thumbnails=True, previews=False)
            assert again["scan_id"] != scan_id and again["status"] == "completed", again
