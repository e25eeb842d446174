"""Which stored clips an export covers, judged from the facts of the last scan before anything is read from the camera:
404 without recordings, 409 across a format change, 422 over the size limit."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import ClipRecord, DayRecord
from services.gateway.export.errors import ExportRefused
from services.gateway.export.export_range import ExportRange


def clip_end(clip: ClipRecord) -> datetime:
    """When the clip's recording ends (its start for clips without facts)."""
    return clip.start + timedelta(seconds=clip.facts.duration_s if clip.facts is not None else 0.0)


async def _day(store: ObjectStore, camera_id: str, date: str) -> DayRecord | None:
    try:
        return DayRecord.model_validate(await get_json(store, keys.day_doc(camera_id, date)))
    except ObjectMissing:
        return None


async def clips_in_range(store: ObjectStore, camera_id: str, export_range: ExportRange) -> list[ClipRecord]:
    """Clip files that recorded inside the range (broken ones: that start inside it), by start time; 404 if none."""
    first_day = (export_range.start - timedelta(days=1)).date()
    dates = [first_day + timedelta(days=n) for n in range((export_range.end.date() - first_day).days + 1)]
    days = await asyncio.gather(*(_day(store, camera_id, day.isoformat()) for day in dates))
    found = [
        clip
        for day in days if day is not None
        for clip in day.clips
        if (export_range.overlap_s(clip.start, clip_end(clip)) > 0
            or (clip.facts is None and export_range.start <= clip.start < export_range.end))
    ]
    if not found:
        scanned = "no day in it was scanned" if not any(days) else "the scanned days hold no clip in it"
        raise ExportRefused(404, f"no recordings of camera {camera_id} from {export_range.start:%Y-%m-%dT%H:%M:%S}Z "
                                 f"to {export_range.end:%Y-%m-%dT%H:%M:%S}Z ({scanned}): scan the camera or pick "
                                 f"another range")
    return sorted(found, key=lambda clip: (clip.start, clip.path))


def _formats(clip: ClipRecord) -> dict[str, str]:
    """What must stay the same along one exported file, as readable text."""
    assert clip.facts is not None and clip.facts.video is not None
    video, audio = clip.facts.video, clip.facts.audio
    formats = {"codec": video.codec, "resolution": f"{video.width}x{video.height}"}
    if audio is not None:
        formats["audio format"] = f"{audio.codec} {audio.sample_rate} Hz {audio.channels} ch"
    return formats


def _check_one_format(clips: list[ClipRecord]) -> None:
    """409 naming the first codec, resolution or audio format change between consecutive clips."""
    for before, after in itertools.pairwise(clips):
        old, new = _formats(before), _formats(after)
        for what in ("codec", "resolution", "audio format"):
            if what in old and what in new and old[what] != new[what]:
                raise ExportRefused(
                    409, f"the range crosses a {what} change from {old[what]} to {new[what]} at "
                         f"{after.start:%Y-%m-%dT%H:%M:%S}Z ({after.path}); export the parts before and after it "
                         f"separately, or ask for format=zip")


def _check_size(total: float, limit: int, what: str) -> None:
    if total > limit:
        raise ExportRefused(422, f"{what} about {total / 1e6:.1f} MB, over the export limit of {limit / 1e6:.1f} MB "
                                 f"(SDB_EXPORT_MAX_BYTES): export a shorter range")


def mp4_clips(clips: list[ClipRecord], export_range: ExportRange, max_bytes: int) -> list[ClipRecord]:
    """The clips one MP4 copies: readable, with video, one format; refused when too large or fragmented."""
    readable = [clip for clip in clips if clip.status == "ok" and clip.facts is not None
                and clip.facts.video is not None and clip.facts.duration_s > 0]
    if not readable:
        raise ExportRefused(404, f"the range holds {len(clips)} clip file(s) but none with a readable index "
                                 f"(cut off or corrupt): ask for format=zip to get the files as they are")
    _check_one_format(readable)
    fragmented = next((clip for clip in readable if clip.facts is not None and clip.facts.fragmented), None)
    if fragmented is not None:
        raise ExportRefused(422, f"{fragmented.path} is a fragmented MP4, which a range export cannot cut: ask "
                                 f"for format=zip")
    estimate = sum(clip.size_bytes * export_range.overlap_s(clip.start, clip_end(clip))
                   / (clip_end(clip) - clip.start).total_seconds() for clip in readable)
    _check_size(estimate, max_bytes, "the range holds")
    return readable


def check_planned_size(read_bytes: int, max_bytes: int) -> None:
    """422 when the exact bytes to read, known once the clips' indexes are read, are over the limit."""
    _check_size(read_bytes, max_bytes, "the export would read")


def zip_clips(clips: list[ClipRecord], max_bytes: int) -> list[ClipRecord]:
    """The clip files a zip holds, all of them as they are; refused when together over the limit."""
    _check_size(sum(clip.size_bytes for clip in clips), max_bytes, "the clip files of the range hold")
    return clips
