"""The whole path in one process: scan request, SSH camera, metadata, thumbnails, events, queries."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from PIL import Image

from libs.client.async_client import SdbClient
from libs.client.sse import ScanEventFrame
from libs.common.contracts.messages import SCAN_QUEUE
from libs.common.contracts.records import SCAN_PHASES
from libs.common.domain.clip_identity import is_clip_path
from services.embedded.system import EmbeddedSystem
from tests.e2e.sse_client import read_events
from tests.sample_card import CARD_DAY, PASSWORD

DAY = CARD_DAY.isoformat()


def card_clips(card: Path) -> list[Path]:
    """Clip files on the card, as the collector should find them."""
    return [path for path in card.rglob("*") if path.is_file() and is_clip_path(path.relative_to(card).as_posix())]


async def scan_to_end(web: httpx.AsyncClient, camera_id: str = "cam01") -> tuple[str, list[ScanEventFrame]]:
    """Start a scan and follow its events until it ends."""
    client = SdbClient(http=web)
    scan_id = (await client.start_scan(camera_id)).scan_id
    events = await asyncio.wait_for(_all(client.scan_events(scan_id, retries=0)), 90)
    return scan_id, events


async def _all(frames: AsyncIterator[ScanEventFrame]) -> list[ScanEventFrame]:
    """Every frame of a stream that ends."""
    return [frame async for frame in frames]


async def test_a_scan_finds_every_clip_with_facts_and_thumbnails(web: httpx.AsyncClient, api: SdbClient,
                                                                 small_card: Path) -> None:
    scan_id, events = await scan_to_end(web)
    kinds = [event.kind for event in events]
    assert kinds[-1] == "scan.completed"
    ids = [event.id for event in events]
    assert ids == sorted(set(ids)), "event ids increase and never repeat"

    scan = await api.scan(scan_id)
    clips_on_card = card_clips(small_card)
    assert scan.status == "completed"
    assert scan.camera_id == "CAM01"
    assert scan.progress.clips_total == len(clips_on_card)
    assert scan.progress.clips_done == len(clips_on_card)

    clips = await api.recordings("CAM01", DAY)
    assert len(clips) == len(clips_on_card)
    good = [clip for clip in clips if clip.status == "ok"]
    broken = [clip for clip in clips if clip.status != "ok"]
    assert broken, "the card's power-cut leftovers are listed with a status"
    assert all(clip.error for clip in broken)
    assert scan.progress.thumbnails_done == len(good)
    assert kinds.count("clip.thumbnail") == len(good)
    for clip in good:
        assert clip.video is not None and clip.video.codec == "h264"
        assert (clip.video.width, clip.video.height) == (640, 360)
        assert clip.duration_s is not None and abs(clip.duration_s - 6.0) < 0.5
        assert clip.thumbnail_url and clip.preview_url
    assert all(not clip.path.endswith((".tmp", ".db")) for clip in clips)

    image = await web.get(good[0].thumbnail_url)
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(image.content)).size == (320, 180)
    assert Image.open(io.BytesIO(await api.thumbnail(good[0].clip_id))).size == (320, 180)
    assert Image.open(io.BytesIO(await api.preview(good[0].clip_id))).n_frames > 1


async def test_storage_dates_hours_and_csv_answer_after_a_scan(web: httpx.AsyncClient, api: SdbClient,
                                                               small_card: Path) -> None:
    await scan_to_end(web)
    storage = await api.storage("cam01")
    assert storage.total_bytes >= storage.used_bytes > 0
    assert storage.recordings_bytes == sum(path.stat().st_size for path in card_clips(small_card))
    assert storage.oldest and storage.oldest.startswith(f"{DAY}T02:")
    assert storage.newest and storage.newest.startswith(f"{DAY}T03:")

    dates = await api.dates("CAM01")
    assert [row.date for row in dates] == [DAY]
    assert dates[0].clips == len(card_clips(small_card))

    hour = await api.recordings("CAM01", DAY, hour=3)
    assert hour and all(clip.start.startswith(f"{DAY}T03:") for clip in hour)

    exported = await web.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY, "format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(card_clips(small_card)) and "video.fps" in rows[0]
    assert await api.recordings_csv("CAM01", DAY) == exported.text


async def test_a_rescan_of_an_unchanged_card_reads_no_clip_bytes(web: httpx.AsyncClient, api: SdbClient) -> None:
    await scan_to_end(web)
    scan_id, events = await scan_to_end(web)
    progress = (await api.scan(scan_id)).progress
    assert progress.bytes_read == 0
    assert progress.clips_cached == progress.clips_total
    assert events[-1].kind == "scan.completed"


async def test_the_scan_phase_moves_forward_in_the_event_stream_and_the_rest_answer(
    web: httpx.AsyncClient, api: SdbClient
) -> None:
    polled: list[str] = []

    async def poll(scan_id: str) -> None:
        while (scan := await api.scan(scan_id)).status in ("queued", "running"):
            if scan.progress.phase is not None and polled[-1:] != [scan.progress.phase]:
                polled.append(scan.progress.phase)
            await asyncio.sleep(0.01)

    client = SdbClient(http=web)
    scan_id = (await client.start_scan("cam01")).scan_id
    poller = asyncio.create_task(poll(scan_id))
    events = await asyncio.wait_for(_all(client.scan_events(scan_id, retries=0)), 90)
    await asyncio.wait_for(poller, 30)
    ended = await api.scan(scan_id)

    phases = [event.data["phase"] for event in events if event.kind == "scan.progress"]
    folded = [phase for index, phase in enumerate(phases) if phases[index - 1 : index] != [phase]]
    assert folded[:2] == ["listing", "metadata"] and folded[-1] in ("thumbnails", "previews"), folded
    assert [SCAN_PHASES.index(phase) for phase in folded] == sorted(SCAN_PHASES.index(phase) for phase in folded)
    assert [SCAN_PHASES.index(phase) for phase in polled] == sorted(SCAN_PHASES.index(phase) for phase in polled)
    last = [event.data for event in events if event.kind == "scan.progress"][-1]
    assert last["images_expected"] == ended.progress.images_expected > 0, "counted once the card was read"
    assert (ended.status, ended.progress.phase) == ("completed", None)


async def test_a_second_request_while_scanning_joins_the_running_scan(api: SdbClient) -> None:
    first = await api.start_scan("CAM01")
    second = await api.start_scan("cam01")
    assert second.scan_id == first.scan_id
    assert (await api.wait_for_scan(first.scan_id, timeout_s=90)).status == "completed"


async def test_a_reconnecting_event_stream_resumes_after_its_last_id(web: httpx.AsyncClient, api: SdbClient) -> None:
    scan_id, events = await scan_to_end(web)
    cut = len(events) // 2
    rest = await read_events(web, f"/api/v1/scans/{scan_id}/events", last_event_id=events[cut - 1].id)
    assert [event.id for event in rest] == [event.id for event in events[cut:]]
    resumed = await _all(api.scan_events(scan_id, last_event_id=events[cut - 1].id))
    assert [event.id for event in resumed] == [event.id for event in events[cut:]]


async def test_bad_input_is_refused_and_publishes_nothing(web: httpx.AsyncClient, embedded: EmbeddedSystem) -> None:
    for bad in ["bad;id", "$(reboot)", "..", "-leading-dash", "x" * 65]:
        answer = await web.post(f"/api/v1/cameras/{bad}/scans", json={})
        assert answer.status_code in (400, 404, 422), bad
        assert isinstance(answer.json()["detail"], str)
    for body in [{"dates": ["2026-13-01"]}, {"dates": ["yesterday"]}, {"unknown": 1}, {"dates": "2026-11-20"}]:
        answer = await web.post("/api/v1/cameras/CAM01/scans", json=body)
        assert answer.status_code == 422, body
        assert isinstance(answer.json()["detail"], str)
    assert (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": "2026-02-30"})).status_code == 422
    assert (await web.get("/api/v1/scans/not-a-scan")).status_code == 404
    assert (await web.get("/api/v1/clips/nope/thumbnail")).status_code == 404
    assert (await embedded.broker.health()).connected
    assert embedded.broker.dead_letters(SCAN_QUEUE) == []


async def test_a_camera_that_cannot_be_reached_fails_its_scan_with_a_reason(api: SdbClient) -> None:
    scan_id = (await api.start_scan("NOSUCHCAM")).scan_id
    events = await asyncio.wait_for(_all(api.scan_events(scan_id)), 30)
    assert events[-1].kind == "scan.failed"
    scan = await api.scan(scan_id)
    assert scan.status == "failed" and scan.error and "nosuchcam.invalid" in scan.error.lower()


async def test_the_camera_password_never_appears_in_answers(web: httpx.AsyncClient) -> None:
    scan_id, events = await scan_to_end(web)
    bodies = [
        (await web.get("/api/v1/cameras")).text,
        (await web.get(f"/api/v1/scans/{scan_id}")).text,
        (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": DAY})).text,
        *(str(event.data) for event in events),
    ]
    assert all(PASSWORD not in body for body in bodies)


async def test_home_page_and_openapi_are_served(web: httpx.AsyncClient) -> None:
    page = await web.get("/")
    assert page.status_code == 200 and "Camera id" in page.text
    spec = (await web.get("/api/v1/openapi.json")).json()
    assert "/api/v1/cameras/{id}/scans" in spec["paths"]


async def test_the_camera_list_shows_the_last_scan_once_it_completes(web: httpx.AsyncClient, api: SdbClient) -> None:
    scan_id, _ = await scan_to_end(web)
    camera = next(row for row in await api.cameras() if row.id == "CAM01")
    assert (camera.last_scan_id, camera.last_scan_status) == (scan_id, "completed")
