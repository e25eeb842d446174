"""The gateway as its own process checks camera host keys too: a clip of a camera whose key changed is not played."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.distributed.conftest import ServicesFactory
from tests.e2e.sse_client import read_events
from tests.sample_card import CARD_DAY, camera_with_key
from tools.local_servers.ports import free_port


async def test_the_clip_video_route_refuses_a_camera_whose_host_key_changed(
    services_on: ServicesFactory, small_card: Path, tmp_path: Path
) -> None:
    port, known_hosts = free_port(), tmp_path / "data" / "known_hosts"
    with services_on(port) as services:
        async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web:
            async with camera_with_key(small_card, port, tmp_path / "original_key"):
                scan_id = (await web.post("/api/v1/cameras/cam01/scans",
                                          json={"thumbnails": False, "previews": False})).json()["scan_id"]
                events = await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=60)
                assert events[-1].kind == "scan.completed", services.log_text()
                clips = (await web.get("/api/v1/cameras/CAM01/recordings",
                                       params={"date": CARD_DAY.isoformat()})).json()
                video = f"/api/v1/clips/{next(c for c in clips if c['status'] == 'ok')['clip_id']}/video"
                played = await web.get(video, headers={"Range": "bytes=0-99"})
                assert played.status_code == 206 and len(played.content) == 100
            remembered = known_hosts.read_text()
            assert remembered.startswith(f"[127.0.0.1]:{port} ssh-ed25519 ")

            async with camera_with_key(small_card, port, tmp_path / "impostor_key"):
                for base_url in (services.web_url, services.gateway_url):
                    for headers in ({}, {"Range": "bytes=0-99"}):
                        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
                            refused = await client.get(video, headers=headers)
                        assert refused.status_code == 502, (base_url, refused.text[:300])
                        assert refused.headers["content-type"].startswith("application/json")
                        detail = refused.json()["detail"]
                        assert f"host key of camera CAM01 at 127.0.0.1:{port} changed" in detail
                        assert "ssh-ed25519 key SHA256:" in detail and "SDB_CAMERA_ACCEPT_NEW_HOST_KEYS" in detail
            assert known_hosts.read_text() == remembered
