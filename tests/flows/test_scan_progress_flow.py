"""Image progress stays within what is expected: while thumbnailers outrun the collector, and across a redelivery.

Seen on the demo camera before the fix: `thumbnails_done 270, previews_done 271, images_expected 266` mid-scan.
The stored images_expected lagged behind the thumbnailers' markers (saved every 0.5 s), and a redelivered
scan reset it to 0 while the first run's markers stayed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from libs.common.contracts.events import ClipThumbnailEvent
from libs.common.contracts.records import ScanStatus
from libs.common.documents.scan_lifecycle import load_scan
from tests.flows.conftest import Flow, FlowFactory
from tools.local_servers.polling import eventually

GOOD_CLIPS, ALL_CLIPS = 5, 7


async def check_progress(flow: Flow, scan_id: str) -> None:
    """The counts as the API derives them are in order: nothing done beyond what is expected."""
    images = await flow.images(scan_id)
    record = await load_scan(flow.ctx.store, scan_id)
    assert images.thumbnails_done <= images.expected and images.previews_done <= images.expected, images
    assert images.settled <= images.expected, images
    assert record.clips_done <= record.clips_total or record.clips_total == 0, record


def crash_at_clip(flow: Flow, number: int) -> None:
    """Make the collector die (not a camera error) as it starts reading the number-th clip with bytes: from
    then on every read fails, as nothing runs in a dead process."""
    started: list[str] = []

    async def hook(path: str, offset: int, length: int) -> None:
        if path not in started:
            started.append(path)
        if len(started) >= number:
            raise RuntimeError("the collector process died")

    flow.card.on_read = hook


async def test_image_counts_never_run_ahead_of_expected_while_the_thumbnailer_outruns_the_collector(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card, camera_max_parallel=1) as flow:
        request = flow.request()
        seen: list[str] = []

        async def let_the_thumbnailer_catch_up(path: str, offset: int, length: int) -> None:
            if path not in seen:
                seen.append(path)
                await eventually(lambda: jobs_caught_up(flow, request.scan_id), what="the thumbnailer to catch up")
                await check_progress(flow, request.scan_id)

        flow.card.on_read = let_the_thumbnailer_catch_up
        await flow.run(request)
        record = await flow.ended(request.scan_id)
        images = await flow.images(request.scan_id)

    assert len(seen) == ALL_CLIPS - 1, "every clip with bytes was sampled (the zero-byte one is not read)"
    assert record.status is ScanStatus.COMPLETED
    assert images.expected == images.thumbnails_done == images.previews_done == GOOD_CLIPS


async def jobs_caught_up(flow: Flow, scan_id: str) -> bool:
    """Whether the thumbnailer has ended every job the scan queued so far, thumbnails and previews."""
    images = await flow.images(scan_id)
    return images.thumbnails_pending == images.previews_pending == 0


async def test_a_redelivered_scan_runs_again_counts_each_clip_once_and_never_shows_more_done_than_expected(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card, camera_max_parallel=1) as flow:
        request = flow.request()
        crash_at_clip(flow, 4)
        with pytest.raises(RuntimeError, match="collector process died"):
            await flow.run(request)
        await eventually(lambda: flow.thumbnailer.jobs_done == 2 * 3, what="the first run's three clips' jobs")
        interrupted = await load_scan(flow.ctx.store, request.scan_id)

        async def sample(path: str, offset: int, length: int) -> None:
            await check_progress(flow, request.scan_id)

        flow.card.on_read = sample
        await flow.run(request)  # the broker redelivers the unacknowledged request
        record = await flow.ended(request.scan_id)
        images = await flow.images(request.scan_id)

    assert interrupted.status is ScanStatus.RUNNING and not interrupted.collected
    assert record.status is ScanStatus.COMPLETED
    assert record.clips_done == record.clips_total == ALL_CLIPS, "counts start over on a rerun"
    assert images.expected == images.thumbnails_done == images.previews_done == images.settled == GOOD_CLIPS
    assert flow.thumbnailer.jobs_done == 2 * GOOD_CLIPS, "images the first run made are not made again"
    thumbnails = Counter(event.clip_id for event in flow.events if isinstance(event, ClipThumbnailEvent))
    assert len(thumbnails) == GOOD_CLIPS and set(thumbnails.values()) == {1}


async def test_jobs_queued_again_by_a_rerun_count_once(make_flow: FlowFactory, small_card: Path) -> None:
    async with make_flow(small_card, start_thumbnailer=False, camera_max_parallel=1) as flow:
        request = flow.request()
        crash_at_clip(flow, 4)
        with pytest.raises(RuntimeError):
            await flow.run(request)
        flow.card.on_read = None
        await flow.run(request)
        await flow.thumbnailer.start()

        async def ended_in_order() -> bool:
            await check_progress(flow, request.scan_id)
            return (await load_scan(flow.ctx.store, request.scan_id)).status is not ScanStatus.RUNNING

        await eventually(ended_in_order, timeout_s=30, what="the scan to end")
        # The scan ends when every clip settled once; a repeated job may still be on its way (RabbitMQ).
        await eventually(lambda: flow.thumbnailer.jobs_done >= 2 * (GOOD_CLIPS + 3), timeout_s=30,
                         what="the repeated jobs of the first run to run")
        record = await flow.ended(request.scan_id)
        images = await flow.images(request.scan_id)

    assert record.status is ScanStatus.COMPLETED
    assert flow.thumbnailer.jobs_done == 2 * (GOOD_CLIPS + 3), "the first run's jobs of three clips ran twice"
    assert images.expected == images.thumbnails_done == images.previews_done == images.settled == GOOD_CLIPS
