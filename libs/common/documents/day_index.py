"""The per-camera index of recording days: one summary row per day, kept beside the day lists."""

from __future__ import annotations

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.cameras import RecordingDay
from libs.common.contracts.records import DayRecord, is_broken
from libs.common.domain.clip_spans import clip_spans, merge_spans


def summarize_day(day: DayRecord) -> RecordingDay:
    """Clips, bytes, recorded seconds, hours recorded (clip spans merged), recording span and errors of one day."""
    starts = [clip.start for clip in day.clips]
    spans = merge_spans(clip_spans(day))
    return RecordingDay(
        date=day.date,
        clips=len(day.clips),
        bytes=sum(clip.size_bytes for clip in day.clips),
        duration_s=round(sum(clip.facts.duration_s for clip in day.clips if clip.facts), 3),
        errors=sum(is_broken(clip.status) for clip in day.clips),
        first=min(starts).isoformat() if starts else None,
        last=max(starts).isoformat() if starts else None,
        hours_recorded=round(sum((end - start).total_seconds() for start, end in spans) / 3600, 3),
        span_start=spans[0][0].isoformat() if spans else None,
        span_end=spans[-1][1].isoformat() if spans else None,
    )


async def read_day_index(store: ObjectStore, camera_id: str) -> dict[str, RecordingDay]:
    """Summaries by date; empty if the camera was never scanned."""
    try:
        index = await get_json(store, keys.camera_doc(camera_id, "days"))
    except ObjectMissing:
        return {}
    return {date: RecordingDay.model_validate(row) for date, row in index.items()}


async def update_day_index(
    store: ObjectStore, camera_id: str, scanned: list[DayRecord], present: set[str] | None
) -> None:
    """Replace the rows of scanned days; with present given, drop days no longer on the card."""
    index = await read_day_index(store, camera_id)
    if present is not None:
        index = {date: row for date, row in index.items() if date in present}
    index.update({day.date: summarize_day(day) for day in scanned})
    await put_json(store, keys.camera_doc(camera_id, "days"),
                   {date: row.model_dump(mode="json") for date, row in sorted(index.items())})
