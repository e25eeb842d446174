"""Two image jobs per clip: every queued thumbnail before any preview, and clips settle when both jobs ended.

The collector queues a thumbnail job at the scan's priority and a preview job below every thumbnail, both reading
the one keyframe pack it stored. Markers settle a clip only once every job it was expected to get has ended, in
whatever order; the scan's phase (listing, metadata, thumbnails, previews) follows them in events and REST.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ClipReadEvent, ScanProgressEvent
from libs.common.contracts.messages import JobImages, ThumbnailJob
from libs.common.contracts.records import ScanStatus
from libs.common.documents.focus import save_focus
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.documents.scan_progress import EXPECTED, image_progress, scan_phase
from libs.common.domain.clip_identity import ClipRef
from services.gateway.routes.scans import scan_view
from services.gateway.scan_errors import scan_problems
from services.thumbnailer.image_maker import ClipImages
from services.thumbnailer.image_messages import ImageRequest
from services.thumbnailer.image_processes import ImageProcessPool
from tests.flows.conftest import CAMERA_ID, DAYS, Flow, FlowFactory

GOOD_CLIPS = 5


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, bytes]]]:
    """Every job sent to an image worker process in the order it went: ('thumbnail' or 'preview', the pack)."""
    calls: list[tuple[str, bytes]] = []
    make = ImageProcessPool.make

    async def recording(pool: ImageProcessPool, request: ImageRequest) -> ClipImages:
        calls.append(("thumbnail" if request.still else "preview", request.pack))
        return await make(pool, request)

    monkeypatch.setattr(ImageProcessPool, "make", recording)
    yield calls


def progress_phases(flow: Flow, scan_id: str) -> list[str]:
    """The phases of the scan's scan.progress events, repeats in a row folded into one."""
    phases: list[str] = []
    for event in flow.events:
        if isinstance(event, ScanProgressEvent) and event.scan_id == scan_id and phases[-1:] != [event.phase]:
            phases.append(event.phase)
    return phases


async def expected_clips(flow: Flow, scan_id: str) -> list[str]:
    """The clips the collector marked as getting images in this scan."""
    return [key.rsplit("/", 1)[-1] for key in await flow.ctx.store.list(keys.scan_marker_prefix(scan_id, EXPECTED))]


def job(scan_id: str, clip_id: str, images: JobImages) -> Envelope:
    """The image job the collector queued for a clip, as a delivery of it would carry it."""
    ref = ClipRef.parse(clip_id)
    payload = ThumbnailJob(scan_id=scan_id, camera_id=CAMERA_ID, clip_id=clip_id, fingerprint=ref.fingerprint,
                           codec="h264", keyframes_key=keys.clip_keyframes(ref), keyframe_count=3, images=images)
    return Envelope.wrap(payload, f"{scan_id}:{clip_id}:{images}")


async def test_with_a_day_on_screen_one_replica_decodes_every_queued_thumbnail_before_any_preview(
    make_flow: FlowFactory, days_card: Path, decodes: list[tuple[str, bytes]]
) -> None:
    on_screen = DAYS[1].isoformat()
    async with make_flow(days_card, start_thumbnailer=False) as flow:
        await save_focus(flow.ctx.store, CAMERA_ID, on_screen)
        request = await flow.collect()
        store, packs_read = flow.ctx.store, []
        get = store.get

        async def recording_get(key: str) -> bytes:
            if key.startswith("keyframes/"):
                packs_read.append(key)  # read after the job asked for its decode turn: in the order of the decodes
            return await get(key)

        store.get = recording_get  # type: ignore[method-assign]
        await flow.thumbnailer.start()
        record = await flow.ended(request.scan_id)

    clips = len(set(packs_read))
    assert record.status is ScanStatus.COMPLETED and clips == 2 * len(DAYS)
    order = [(kind, key.split("/")[2]) for (kind, _), key in zip(decodes, packs_read, strict=True)]
    assert [kind for kind, _ in order] == ["thumbnail"] * clips + ["preview"] * clips
    assert [day for _, day in order[:2]] == [on_screen] * 2, "the day on screen's thumbnails come first"
    assert [day for _, day in order[clips:clips + 2]] == [on_screen] * 2, "and its previews lead the previews"


async def test_the_phase_goes_listing_metadata_thumbnails_previews_in_events_and_in_the_rest_answer(
    make_flow: FlowFactory, small_card: Path, decodes: list[tuple[str, bytes]]
) -> None:
    async with make_flow(small_card, start_thumbnailer=False) as flow:
        request = await flow.collect()
        store = flow.ctx.store
        collected = await scan_view(store, await load_scan(store, request.scan_id))
        await flow.thumbnailer.start()
        record = await flow.ended(request.scan_id)
        ended = await scan_view(store, record)

    assert progress_phases(flow, request.scan_id) == ["listing", "metadata", "thumbnails", "previews"]
    assert (collected.status, collected.progress.phase) == ("running", "thumbnails")
    assert (ended.status, ended.progress.phase) == ("completed", None)
    assert (ended.progress.thumbnails_done, ended.progress.previews_done) == (GOOD_CLIPS, GOOD_CLIPS)
    last = [event for event in flow.events if isinstance(event, ScanProgressEvent)][-1]
    assert (last.images_expected, last.thumbnails_done) == (GOOD_CLIPS, GOOD_CLIPS)
    assert len(decodes) == 2 * GOOD_CLIPS


async def test_a_clip_settles_only_when_both_jobs_ended_whatever_order_and_repeats_count_once(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card, start_thumbnailer=False) as flow:
        request = await flow.collect()
        store, scan_id = flow.ctx.store, request.scan_id
        clips = await expected_clips(flow, scan_id)
        for clip_id in clips:
            await flow.thumbnailer.handle(job(scan_id, clip_id, "preview"))
        await flow.thumbnailer.handle(job(scan_id, clips[0], "preview"))  # a redelivery
        previews_first = await image_progress(store, scan_id)
        record = await load_scan(store, scan_id)
        for clip_id in clips:
            await flow.thumbnailer.handle(job(scan_id, clip_id, "thumbnail"))
        await flow.thumbnailer.handle(job(scan_id, clips[-1], "thumbnail"))  # a job a rerun queued again
        done = await flow.ended(scan_id)
        images = await image_progress(store, scan_id)

    assert len(clips) == GOOD_CLIPS
    assert (previews_first.previews_done, previews_first.thumbnails_done, previews_first.settled) == (GOOD_CLIPS, 0, 0)
    assert (previews_first.thumbnails_pending, previews_first.previews_pending) == (GOOD_CLIPS, 0)
    assert record.status is ScanStatus.RUNNING and scan_phase(record, previews_first) == "thumbnails"
    assert done.status is ScanStatus.COMPLETED
    assert (images.expected, images.thumbnails_done, images.previews_done, images.settled, images.failed) == (
        GOOD_CLIPS, GOOD_CLIPS, GOOD_CLIPS, GOOD_CLIPS, 0)
    assert flow.kinds(scan_id).count("scan.completed") == 1


async def test_a_failed_preview_leaves_the_thumbnail_counted_is_an_error_and_the_scan_completes(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card, start_thumbnailer=False) as flow:
        request = await flow.collect()
        store, scan_id = flow.ctx.store, request.scan_id
        clips = await expected_clips(flow, scan_id)
        for clip_id in clips:
            await flow.thumbnailer.handle(job(scan_id, clip_id, "thumbnail"))
        await flow.thumbnailer.on_dead(job(scan_id, clips[0], "preview"), "TimeoutError: decoder stuck")
        for clip_id in clips[1:]:
            await flow.thumbnailer.handle(job(scan_id, clip_id, "preview"))
        record = await flow.ended(scan_id)
        view = await scan_view(store, record)
        problems = await scan_problems(store, record)
        thumbnail: Any = await store.exists(keys.clip_image("thumbs", ClipRef.parse(clips[0])))

    assert record.status is ScanStatus.COMPLETED
    progress = view.progress
    assert (progress.thumbnails_done, progress.previews_done, progress.images_expected) == (
        GOOD_CLIPS, GOOD_CLIPS - 1, GOOD_CLIPS)
    assert progress.errors == record.clip_errors + 1
    assert thumbnail, "the clip keeps its thumbnail"
    image_problems = [problem for problem in problems if problem.stage == "images"]
    assert [(problem.clip_id, problem.error) for problem in image_problems] == [
        (clips[0], "animated preview: TimeoutError: decoder stuck")]


async def test_a_scan_after_one_without_previews_queues_only_the_preview_jobs(
    make_flow: FlowFactory, small_card: Path, decodes: list[tuple[str, bytes]]
) -> None:
    async with make_flow(small_card) as flow:
        first = await flow.scan(previews=False)
        made_first = [kind for kind, _ in decodes]
        second = await flow.scan()
        images = await image_progress(flow.ctx.store, second.scan_id)

    assert first.status is second.status is ScanStatus.COMPLETED
    assert made_first == ["thumbnail"] * GOOD_CLIPS
    assert [kind for kind, _ in decodes[GOOD_CLIPS:]] == ["preview"] * GOOD_CLIPS, "thumbnails are not made again"
    assert (images.expected, images.thumbnails_done, images.previews_done, images.settled) == (GOOD_CLIPS,) * 4
    assert "clip.thumbnail" not in flow.kinds(second.scan_id)
    shown = [event.clip for event in flow.events if isinstance(event, ClipReadEvent)
             and event.scan_id == second.scan_id and event.clip.status == "ok"]
    assert len(shown) == GOOD_CLIPS
    assert all(clip.thumbnail_url and clip.preview_url is None for clip in shown), "the still made earlier shows"
