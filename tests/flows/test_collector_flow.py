"""The collector at its ports: ScanRunner and DayScanner over a card folder, the thumbnailer settling the jobs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from libs.common.adapters.camera.errors import CameraTimeout, CameraUnreachable
from libs.common.adapters.media.mp4_probe import probe_clip
from libs.common.adapters.media.range_reader import SingleReads
from libs.common.adapters.store.port import get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.events import ClipPreviewEvent, ClipReadEvent, ClipThumbnailEvent, DayScannedEvent
from libs.common.contracts.records import CameraRecord, DayRecord, ScanStatus
from libs.common.documents.focus import save_focus
from libs.common.domain.clip_identity import is_clip_path
from tests.flows.card_folder import ReadHook
from tests.flows.conftest import CAMERA_ID, DAYS, Flow, FlowFactory
from tests.sample_card import CARD_DAY

DAY = CARD_DAY.isoformat()


def clips_on(card: Path) -> list[str]:
    """Card-relative paths of the clip files, in time order."""
    return sorted(path.relative_to(card).as_posix() for path in card.rglob("*")
                  if path.is_file() and is_clip_path(path.relative_to(card).as_posix()))


async def day_list(flow: Flow, day: str = DAY) -> DayRecord:
    """The stored clip list of one day."""
    return DayRecord.model_validate(await get_json(flow.ctx.store, keys.day_doc(CAMERA_ID, day)))


async def test_a_scan_lists_every_clip_and_makes_images_of_the_readable_ones(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card) as flow:
        record = await flow.scan()
        clips = (await day_list(flow)).clips
        images = await flow.images(record.scan_id)

    good = [clip for clip in clips if clip.status == "ok"]
    assert record.status is ScanStatus.COMPLETED and record.collected
    assert [clip.path for clip in clips] == clips_on(small_card)
    assert record.clips_total == record.clips_done == len(clips)
    assert record.clip_errors == len(clips) - len(good) == 2
    assert (images.expected, images.thumbnails_done, images.previews_done, images.settled) == (len(good),) * 4
    assert (flow.thumbnailer.jobs_done, flow.thumbnailer.jobs_failed) == (2 * len(good), 0), "a still and a preview"
    kinds = flow.kinds(record.scan_id)
    assert kinds[:3] == ["scan.running", "scan.progress", "storage"] and kinds[-1] == "scan.completed"
    assert Counter(kinds)["clip"] == len(clips) and Counter(kinds)["day.scanned"] == 1
    assert Counter(kinds)["clip.thumbnail"] == Counter(kinds)["clip.preview"] == len(good)
    read_events = [event for event in flow.events if isinstance(event, ClipReadEvent)]
    assert all(event.clip_id == event.clip.clip_id for event in read_events)


async def test_each_new_clip_has_its_facts_written_once(make_flow: FlowFactory, small_card: Path) -> None:
    async with make_flow(small_card) as flow:
        store = flow.ctx.store
        written: list[str] = []
        put = store.put

        async def counting_put(key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
            written.append(key)
            await put(key, data, content_type)

        store.put = counting_put  # type: ignore[method-assign]
        record = await flow.scan()

    facts = Counter(key for key in written if key.startswith(f"clips/{CAMERA_ID}/"))
    assert len(facts) == record.clips_total and set(facts.values()) == {1}


async def test_broken_clips_are_listed_with_a_reason_and_get_no_image_job(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card) as flow:
        record = await flow.scan()
        broken = [clip for clip in (await day_list(flow)).clips if clip.status != "ok"]
        images = await flow.images(record.scan_id)

    assert {clip.status for clip in broken} == {"incomplete", "unreadable"}
    assert all(clip.error and clip.facts is None for clip in broken)
    thumbnailed = {event.clip_id for event in flow.events if isinstance(event, ClipThumbnailEvent)}
    assert not thumbnailed & {clip.clip_id for clip in broken}
    assert images.expected == record.clips_total - len(broken)


async def test_a_second_scan_reuses_cached_facts_and_images_and_reads_no_clip_bytes(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card) as flow:
        first = await flow.scan()
        read_before = flow.card.clip_bytes_read()
        jobs_before = flow.thumbnailer.jobs_done
        second = await flow.scan()
        images = await flow.images(second.scan_id)

    assert read_before > 0 and first.bytes_read > 0
    assert flow.card.clip_bytes_read() == read_before, "nothing but the listing is read again"
    assert second.bytes_read == second.image_bytes_read == 0
    assert second.clips_cached == second.clips_total == first.clips_total
    assert flow.thumbnailer.jobs_done == jobs_before, "images made earlier are counted, not made again"
    assert images.expected == images.thumbnails_done == images.previews_done == images.settled == jobs_before // 2
    assert "clip.thumbnail" not in flow.kinds(second.scan_id)


async def after_its_probe(card: Path, answer: Callable[[], bytes]) -> tuple[str, ReadHook]:
    """The first readable clip, and a read hook that lets its probe's reads through and answers its keyframe reads."""
    victim = next(path for path in clips_on(card) if (card / path).stat().st_size > 0)
    data = (card / victim).read_bytes()
    probe = await probe_clip(SingleReads(lambda offset, length: _local(data, offset, length)), len(data))
    keyframe_offsets = {keyframe.offset for keyframe in probe.keyframes}

    async def hook(path: str, offset: int, length: int) -> bytes | None:
        return answer() if path == victim and offset in keyframe_offsets else None

    return victim, hook


async def _local(data: bytes, offset: int, length: int) -> bytes:
    """A range of bytes in memory."""
    return data[offset : offset + length]


def time_out() -> bytes:
    """What a camera that stops answering does to a read."""
    raise CameraTimeout(f"camera {CAMERA_ID} did not answer in time")


async def test_a_failed_keyframe_read_makes_the_clip_unreadable_keeps_its_facts_and_the_scan_completes(
    make_flow: FlowFactory, small_card: Path
) -> None:
    victim, keyframe_reads_time_out = await after_its_probe(small_card, time_out)
    async with make_flow(small_card) as flow:
        flow.card.on_read = keyframe_reads_time_out
        first = await flow.scan()
        row = next(clip for clip in (await day_list(flow)).clips if clip.path == victim)
        flow.card.on_read = None
        second = await flow.scan()
        first_images, second_images = await flow.images(first.scan_id), await flow.images(second.scan_id)

    assert first.status is ScanStatus.COMPLETED
    assert row.status == "unreadable" and row.error and row.error.startswith("camera read failed:")
    assert first_images.expected == first_images.thumbnails_done == 4
    assert second.clips_cached == second.clips_total, "the probe of the failed clip was kept"
    assert second_images.expected == second_images.thumbnails_done == 5, "its images are made on the next scan"


async def test_a_keyframe_cut_off_leaves_the_clip_without_images_and_the_scan_completes(
    make_flow: FlowFactory, small_card: Path
) -> None:
    victim, keyframes_read_empty = await after_its_probe(small_card, lambda: b"")
    async with make_flow(small_card) as flow:
        flow.card.on_read = keyframes_read_empty
        record = await flow.scan()
        row = next(clip for clip in (await day_list(flow)).clips if clip.path == victim)
        images = await flow.images(record.scan_id)

    assert record.status is ScanStatus.COMPLETED
    assert row.status == "ok" and row.thumbnail_bytes_read == 0
    assert images.expected == images.thumbnails_done == 4


async def test_previews_off_makes_stills_only(make_flow: FlowFactory, small_card: Path) -> None:
    async with make_flow(small_card) as flow:
        record = await flow.scan(previews=False)
        clips = (await day_list(flow)).clips
        images = await flow.images(record.scan_id)

    assert images.expected == images.thumbnails_done == 5 and images.previews_done == 0
    assert not [event for event in flow.events if isinstance(event, ClipPreviewEvent)]
    assert all(clip.preview_bytes_read == 0 for clip in clips)
    assert sum(clip.thumbnail_bytes_read for clip in clips) == record.image_bytes_read > 0


async def test_a_day_focused_during_a_full_scan_is_scanned_next(make_flow: FlowFactory, days_card: Path) -> None:
    newest, middle, oldest = (day.isoformat() for day in reversed(DAYS))

    async with make_flow(days_card) as flow:

        async def focus_oldest_once_newest_is_read(path: str, offset: int, length: int) -> None:
            if path.startswith(newest):
                await save_focus(flow.ctx.store, CAMERA_ID, oldest)

        flow.card.on_read = focus_oldest_once_newest_is_read
        record = await flow.scan()

    order = [event.date for event in flow.events if isinstance(event, DayScannedEvent)]
    assert record.status is ScanStatus.COMPLETED
    assert order == [newest, oldest, middle]


async def test_a_camera_that_cannot_be_reached_fails_the_scan_with_the_reason(
    make_flow: FlowFactory, small_card: Path
) -> None:
    async with make_flow(small_card) as flow:
        flow.card.refuse = CameraUnreachable(f"camera {CAMERA_ID}: name not resolved")
        record = await flow.scan()
        camera = CameraRecord.model_validate(await get_json(flow.ctx.store, keys.camera_doc(CAMERA_ID, "camera")))

    assert record.status is ScanStatus.FAILED and record.error == f"camera {CAMERA_ID}: name not resolved"
    assert flow.kinds(record.scan_id) == ["scan.running", "scan.progress", "scan.failed"]
    assert (camera.last_scan_id, camera.last_scan_status) == (record.scan_id, ScanStatus.FAILED)
