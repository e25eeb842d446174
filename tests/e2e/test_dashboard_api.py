"""What the dashboard relies on: clip video with HTTP ranges, camera reachability, the per-camera event stream."""

from __future__ import annotations

from pathlib import Path

import httpx

from services.embedded.system import EmbeddedSystem
from tests.e2e.sse_client import read_events
from tests.e2e.test_embedded_scan import DAY, scan_to_end


async def first_good_clip(web: httpx.AsyncClient) -> dict:
    """Scan the sample card and return its first readable clip."""
    await scan_to_end(web)
    clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).json()
    return next(clip for clip in clips if clip["status"] == "ok")


async def test_a_clip_streams_whole_or_by_range_straight_from_the_camera(web: httpx.AsyncClient,
                                                                         small_card: Path) -> None:
    clip = await first_good_clip(web)
    on_card = (small_card / clip["path"]).read_bytes()
    url = f"/api/v1/clips/{clip['clip_id']}/video"

    whole = await web.get(url)
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "video/mp4"
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.content == on_card

    head = await web.get(url, headers={"Range": "bytes=0-99"})
    assert head.status_code == 206
    assert head.headers["content-range"] == f"bytes 0-99/{len(on_card)}"
    assert head.content == on_card[:100]

    tail = await web.get(url, headers={"Range": "bytes=-5000"})
    assert tail.status_code == 206
    assert tail.content == on_card[-5000:]

    middle = await web.get(url, headers={"Range": f"bytes={len(on_card) - 10}-"})
    assert middle.content == on_card[-10:]


async def test_head_on_a_clip_answers_what_get_would_without_a_body(
    web: httpx.AsyncClient, embedded: EmbeddedSystem, small_card: Path
) -> None:
    clip = await first_good_clip(web)
    size, url = (small_card / clip["path"]).stat().st_size, f"/api/v1/clips/{clip['clip_id']}/video"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=embedded.gateway_app),
                                 base_url="http://gateway") as gateway:
        for client in (web, gateway):
            whole = await client.head(url)
            assert (whole.status_code, whole.content) == (200, b"")
            assert whole.headers["content-length"] == str(size) and whole.headers["accept-ranges"] == "bytes"
            assert whole.headers["content-type"] == "video/mp4"
            part = await client.head(url, headers={"Range": "bytes=10-109"})
            assert (part.status_code, part.content) == (206, b"")
            assert part.headers["content-range"] == f"bytes 10-109/{size}" and part.headers["content-length"] == "100"
            refused = await client.head(url, headers={"Range": f"bytes={size}-"})
            assert refused.status_code == 416 and refused.headers["content-range"] == f"bytes */{size}"
            assert (await client.head("/api/v1/clips/not-a-clip/video")).status_code == 404


async def test_bad_ranges_and_unknown_clips_are_refused_with_a_reason(web: httpx.AsyncClient) -> None:
    clip = await first_good_clip(web)
    url = f"/api/v1/clips/{clip['clip_id']}/video"
    for bad in (f"bytes={clip['size_bytes']}-", "bytes=5-2", "bytes=0-1,5-6", "items=0-1", "bytes=-0"):
        answer = await web.get(url, headers={"Range": bad})
        assert answer.status_code == 416, bad
        assert answer.headers["content-range"] == f"bytes */{clip['size_bytes']}"
        assert answer.json()["detail"]
    assert (await web.get("/api/v1/clips/not-a-clip/video")).status_code == 404
    unknown = clip["clip_id"][:-6] + "000000"
    answer = await web.get(f"/api/v1/clips/{unknown}/video")
    assert answer.status_code == 404
    assert "rescan" in answer.json()["detail"]


async def test_reachability_tells_a_listening_camera_from_an_unknown_one(web: httpx.AsyncClient) -> None:
    here = (await web.get("/api/v1/cameras/cam01/reachability")).json()
    assert here["reachable"] is True
    assert here["latency_ms"] >= 0
    gone = (await web.get("/api/v1/cameras/NOWHERE9/reachability")).json()
    assert gone["reachable"] is False
    assert gone["reason"]
    assert (await web.get("/api/v1/cameras/bad%20id/reachability")).status_code == 400


async def test_a_camera_stream_resumes_after_the_last_id_and_carries_only_its_camera(
    web: httpx.AsyncClient, embedded: EmbeddedSystem
) -> None:
    before = embedded.web_app.state.hub.latest_id
    other = await web.post("/api/v1/cameras/NOWHERE9/scans", json={})
    scan_id, scan_events = await scan_to_end(web)
    await read_events(web, f"/api/v1/scans/{other.json()['scan_id']}/events", timeout_s=60)
    camera_url = f"/api/v1/cameras/cam01/events?last_event_id={before}"

    first = await read_events(web, camera_url, stop_after=5, timeout_s=30)
    rest = await read_events(web, "/api/v1/cameras/CAM01/events", last_event_id=first[-1].id,
                             stop_after=len(scan_events) - 5, timeout_s=30)

    assert [event.id for event in first + rest] == [event.id for event in scan_events]
    assert {event.data["camera_id"] for event in first + rest} == {"CAM01"}
    assert {event.data["scan_id"] for event in first + rest} == {scan_id}
    nowhere = await read_events(web, f"/api/v1/cameras/nowhere9/events?last_event_id={before}", stop_after=2)
    assert {event.data["camera_id"] for event in nowhere} == {"NOWHERE9"}

