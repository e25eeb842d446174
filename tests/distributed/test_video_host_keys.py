"""One trust store for every process: two collectors and the gateway, as separate processes over S3, honour the key
an operator trusted through the API, after restarts too, and all refuse a key that changed."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.distributed.conftest import ServicesFactory
from tests.e2e.sse_client import read_events
from tests.sample_card import CARD_DAY, camera_with_key
from tools.local_servers.polling import eventually
from tools.local_servers.ports import free_port


async def _answers(url: str) -> bool:
    """Whether url answers 200 now."""
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


async def scan_end(web: httpx.AsyncClient) -> dict[str, object]:
    """Scan CAM01 (facts only) and return the terminal event's kind and data."""
    scan_id = (await web.post("/api/v1/cameras/cam01/scans",
                              json={"thumbnails": False, "previews": False})).json()["scan_id"]
    last = (await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=60))[-1]
    return {"kind": last.kind, **last.data}


async def test_two_collectors_and_the_gateway_share_the_trust_store_across_restarts(
    services_on: ServicesFactory, small_card: Path, tmp_path: Path
) -> None:
    port = free_port()
    with services_on(port, thumbnailers=1, pinned=None) as services:
        services.start_another("collector-2", like="collector")
        async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web:
            async with camera_with_key(small_card, port, tmp_path / "original_key"):
                refused = await scan_end(web)
                assert refused["kind"] == "scan.failed" and "nobody trusted yet" in str(refused["error"])
                fingerprint = (await web.get("/api/v1/cameras/cam01/host-key")).json()["presented"]["fingerprint"]
                trusted = await web.post("/api/v1/cameras/cam01/host-key/trust", json={"fingerprint": fingerprint})
                assert trusted.status_code == 200 and trusted.json()["source"] == "operator"

                assert (await scan_end(web))["kind"] == "scan.completed", services.log_text()
                services.stop("collector")  # the next scan can only be collector-2's
                assert (await scan_end(web))["kind"] == "scan.completed", services.log_text()
                services.stop("collector-2")
                services.restart("collector")  # a restarted process forgets nothing
                services.stop("gateway")
                services.restart("gateway")
                await eventually(lambda: _answers(f"{services.gateway_url}/api/v1/health"), 60, "the gateway")
                assert (await scan_end(web))["kind"] == "scan.completed", services.log_text()
                clips = (await web.get("/api/v1/cameras/CAM01/recordings",
                                       params={"date": CARD_DAY.isoformat()})).json()
                video = f"/api/v1/clips/{next(c for c in clips if c['status'] == 'ok')['clip_id']}/video"
                played = await web.get(video, headers={"Range": "bytes=0-99"})
                assert played.status_code == 206 and len(played.content) == 100

            async with camera_with_key(small_card, port, tmp_path / "impostor_key"):
                for base_url in (services.web_url, services.gateway_url):
                    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
                        refused_video = await client.get(video, headers={"Range": "bytes=0-99"})
                    assert refused_video.status_code == 502, (base_url, refused_video.text[:300])
                    detail = refused_video.json()["detail"]
                    assert f"host key of camera CAM01 at 127.0.0.1:{port} changed" in detail
                    assert fingerprint in detail and "sdb camera trust-key CAM01 --fingerprint SHA256:" in detail
                changed = await scan_end(web)
                assert changed["kind"] == "scan.failed" and fingerprint in str(changed["error"])

