"""The thumbnailer at its ports: jobs the collector queued, settled into images or per-clip errors, and completion."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from libs.common.contracts.events import ClipFailedEvent
from libs.common.contracts.keyframe_pack import PackedKeyframe, pack_keyframes
from libs.common.contracts.records import ScanStatus
from libs.common.documents.scan_lifecycle import load_scan
from tests.flows.conftest import CAMERA_ID, FlowFactory

GOOD_CLIPS = 5


async def test_a_scan_waits_for_its_image_jobs_and_the_last_one_to_settle_completes_it(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card, start_thumbnailer=False) as flow:
        request = await flow.collect()
        collected = await load_scan(flow.ctx.store, request.scan_id)
        waiting = await flow.images(request.scan_id)
        await flow.thumbnailer.start()
        record = await flow.ended(request.scan_id)

    assert collected.status is ScanStatus.RUNNING and collected.collected
    assert (waiting.expected, waiting.settled) == (GOOD_CLIPS, 0)
    assert (waiting.thumbnails_pending, waiting.previews_pending) == (GOOD_CLIPS, GOOD_CLIPS)
    assert record.status is ScanStatus.COMPLETED and record.finished is not None
    assert (flow.thumbnailer.jobs_done, flow.thumbnailer.jobs_failed) == (2 * GOOD_CLIPS, 0)
    assert flow.kinds(request.scan_id).count("scan.completed") == 1


async def test_jobs_whose_keyframes_do_not_decode_become_clip_errors_and_the_scan_still_completes(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card, start_thumbnailer=False) as flow:
        request = await flow.collect()
        store = flow.ctx.store
        garbage = pack_keyframes([PackedKeyframe(0.0, b"\x00\x00\x00\x01\x65" + bytes(200))])
        for key in await store.list(f"keyframes/{CAMERA_ID}/"):
            await store.put(key, garbage)
        await flow.thumbnailer.start()
        record = await flow.ended(request.scan_id)
        images = await flow.images(request.scan_id)

    assert record.status is ScanStatus.COMPLETED
    assert (flow.thumbnailer.jobs_done, flow.thumbnailer.jobs_failed) == (0, 2 * GOOD_CLIPS)
    assert (images.expected, images.settled, images.thumbnails_done) == (GOOD_CLIPS, GOOD_CLIPS, 0)
    assert images.failed == 2 * GOOD_CLIPS, "the thumbnail job and the preview job of each clip"
    failures = [event for event in flow.events if isinstance(event, ClipFailedEvent)]
    assert Counter((event.clip_id, event.images) for event in failures).keys() == {
        (clip_id, images) for clip_id in {event.clip_id for event in failures} for images in ("thumbnail", "preview")}
    assert len({event.clip_id for event in failures}) == GOOD_CLIPS
    assert all("cannot make the" in event.error for event in failures)
