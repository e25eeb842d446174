"""Per-hour or per-half-hour figures of a day's clips, as the old tool reported them (plus the schedule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from statistics import fmean
from typing import Literal
from zoneinfo import ZoneInfo

from libs.common.contracts.api.aggregates import AggregateBucket
from libs.common.contracts.records import ClipRecord, DayRecord, is_broken
from libs.common.domain.coverage import clock, scheduled_mode
from libs.common.domain.schedule import WeeklySchedule

BucketSize = Literal["hour", "half_hour"]
HIGH_FRAME_RATE_FPS = 25.0


def frame_mode(fps: float | None) -> str | None:
    """'higher frame rate' above 25 fps, else 'higher image quality' (the camera's two presets)."""
    if fps is None:
        return None
    return "higher frame rate" if fps > HIGH_FRAME_RATE_FPS else "higher image quality"


def _mean(values: list[float]) -> float | None:
    """Average rounded to 3 places, None for no values."""
    return round(fmean(values), 3) if values else None


def bucket_row(clips: list[ClipRecord], start: datetime, minutes: int, day_start: datetime,
               schedule: WeeklySchedule | None, zone: ZoneInfo) -> AggregateBucket:
    """One bucket: counts and averages over its clips with facts, and the scheduled mode(s) of its half hours."""
    videos = [clip.facts.video for clip in clips if clip.facts is not None and clip.facts.video is not None]
    fps = _mean([video.fps for video in videos])
    modes = [scheduled_mode(schedule, (start + timedelta(minutes=offset)).replace(tzinfo=UTC), zone)
             for offset in range(0, minutes, 30)]
    distinct = list(dict.fromkeys(mode for mode in modes if mode is not None))
    return AggregateBucket(
        start=clock(start, day_start, False),
        end=clock(start + timedelta(minutes=minutes), day_start, False),
        clips=len(clips),
        broken_clips=sum(is_broken(clip.status) for clip in clips),
        avg_duration_s=_mean([clip.facts.duration_s for clip in clips if clip.facts is not None]),
        avg_kbps=_mean([video.bitrate_kbps for video in videos]),
        avg_fps=fps,
        resolutions=sorted({f"{video.width}x{video.height}" for video in videos}),
        frame_mode=frame_mode(fps),
        bytes=sum(clip.size_bytes for clip in clips),
        scheduled="/".join(distinct) if distinct else None,
    )


def day_aggregates(day: DayRecord, by: BucketSize, schedule: WeeklySchedule | None,
                   zone: ZoneInfo) -> list[AggregateBucket]:
    """Every bucket of the UTC day in order (empty ones too), clips placed by their start time."""
    minutes = 60 if by == "hour" else 30
    day_start = datetime.fromisoformat(day.date)
    buckets: list[list[ClipRecord]] = [[] for _ in range(24 * 60 // minutes)]
    for clip in day.clips:
        buckets[(clip.start.hour * 60 + clip.start.minute) // minutes].append(clip)
    return [
        bucket_row(clips, day_start + timedelta(minutes=index * minutes), minutes, day_start, schedule, zone)
        for index, clips in enumerate(buckets)
    ]
