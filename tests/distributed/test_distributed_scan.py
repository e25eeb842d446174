"""The same scan path with the four services as processes, RabbitMQ between them and S3 behind them."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.sse_client import read_events
from tests.sample_card import CARD_DAY, PASSWORD
from tools.local_servers.service_processes import ServiceProcesses


async def test_a_scan_completes_across_separate_processes(services: ServiceProcesses) -> None:
    async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web:
        answer = await web.post("/api/v1/cameras/cam01/scans", json={})
        assert answer.status_code == 202, answer.text
        scan_id = answer.json()["scan_id"]
        events = await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=120)
        assert events[-1].kind == "scan.completed", services.log_text()

        scan = (await web.get(f"/api/v1/scans/{scan_id}")).json()
        clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": CARD_DAY.isoformat()})).json()
        good = [clip for clip in clips if clip["status"] == "ok"]
        assert scan["status"] == "completed"
        assert scan["progress"]["clips_total"] == len(clips)
        assert scan["progress"]["thumbnails_done"] == len(good) > 0
        thumbnail = await web.get(good[0]["thumbnail_url"])
        assert thumbnail.status_code == 200 and thumbnail.content[:4] == b"RIFF"
        health = (await web.get("/api/v1/health")).json()
        assert health["status"] == "ok"
        coverage = (await web.get("/api/v1/cameras/CAM01/coverage", params={"date": CARD_DAY.isoformat()})).json()
        assert coverage["schedule_known"] is True, "the collector stored the schedule it read over SSH in S3"
        assert coverage["totals"]["clips"] == len(clips) and len(coverage["half_hours"]) == 48
    assert PASSWORD not in services.log_text()


@pytest.mark.long(seconds=15)
async def test_an_unreachable_camera_fails_its_scan_across_processes(services: ServiceProcesses) -> None:
    async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web:
        scan_id = (await web.post("/api/v1/cameras/OFFLINE7/scans", json={})).json()["scan_id"]
        events = await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=30)
        assert events[-1].kind == "scan.failed"
        assert "offline7.invalid" in events[-1].data["error"].lower()
