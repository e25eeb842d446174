"""Fault 3: the S3 server stops mid-scan; workers wait it out with backoff and the scan completes, nothing lost."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.server import start_simulator
from tests.e2e.sse_client import read_events
from tests.faults.conftest import StackFactory
from tests.sample_card import CARD_DAY, PASSWORD, USER
from tools.local_servers.polling import eventually
from tools.local_servers.seaweed import SeaweedUnavailable, restartable_seaweed_s3

pytestmark = [pytest.mark.fault, pytest.mark.distributed]

RETRY_LOG_LINE = "object store unavailable, retrying"


@pytest.mark.long(seconds=45)
async def test_a_scan_survives_the_s3_server_going_away_and_coming_back(
    fault_stack: StackFactory, small_card: Path, tmp_path: Path
) -> None:
    slow_camera = await start_simulator(small_card, port=0, user=USER, password=PASSWORD, latency_ms=80)
    (tmp_path / "weed").mkdir()
    try:
        with restartable_seaweed_s3(tmp_path / "weed") as weed, \
                fault_stack(thumbnailers=1, s3=weed.server, camera_port=slow_camera.port) as stack:
            services = stack.services
            async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web, \
                    httpx.AsyncClient(base_url=stack.gateway_url, timeout=5) as gateway:
                scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
                events_url = f"/api/v1/scans/{scan_id}/events"
                first = await read_events(web, events_url, timeout_s=60, stop_after_kind="clip")

                weed.stop()
                try:
                    await eventually(lambda: RETRY_LOG_LINE in services.log_text(), 60,
                                     "a worker to meet the outage and retry")
                    while_down = await gateway.get(f"/api/v1/scans/{scan_id}")
                    assert while_down.status_code == 503
                    assert while_down.json()["detail"].startswith("object store unavailable")
                finally:
                    weed.start()

                rest = await read_events(web, events_url, last_event_id=first[-1].id, timeout_s=240)
                assert rest[-1].kind == "scan.completed", services.log_text()[-4000:]
                scan = (await web.get(f"/api/v1/scans/{scan_id}")).json()
                clips = (await web.get("/api/v1/cameras/CAM01/recordings",
                                       params={"date": CARD_DAY.isoformat()})).json()
                good = [clip for clip in clips if clip["status"] == "ok"]
                assert scan["progress"]["clips_done"] == scan["progress"]["clips_total"] == len(clips)
                assert scan["progress"]["thumbnails_done"] == len(good) > 0
                assert scan["progress"]["errors"] == len(clips) - len(good)
                assert all(clip["thumbnail_url"] for clip in good)
    except SeaweedUnavailable as exc:
        pytest.fail(f"SeaweedFS did not (re)start: {exc}")
    finally:
        await slow_camera.close()
