"""The clip a camera is writing: how the collector tells it apart from a power cut, and how far a day is judged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from statistics import median

from libs.common.contracts.records import ClipRecord, DayRecord
from libs.common.domain.camera_clock import naive

DEFAULT_CLIP_S = 60.0
RECORDING_SLACK_S = 30.0  # the camera may touch its file a little after its clock's minute; listing takes time too
SPACING_SAMPLE = 20


def clip_length_s(starts: Sequence[datetime], configured_s: float | None) -> float:
    """The camera's clip length: configured, else the median spacing of its last clips, else one minute."""
    if configured_s is not None:
        return configured_s
    recent = sorted(starts)[-SPACING_SAMPLE:]
    spacings = [(b - a).total_seconds() for a, b in pairwise(recent) if b > a]
    return median(spacings) if spacings else DEFAULT_CLIP_S


def is_being_written(mtime: int, camera_now: datetime, clip_s: float) -> bool:
    """Whether a clip modified at `mtime` (camera epoch seconds) was written within one clip length (plus slack)
    of the camera's clock."""
    return camera_now.timestamp() - mtime <= clip_s + RECORDING_SLACK_S


def recording_clip(day: DayRecord) -> ClipRecord | None:
    """The day's clip that was being written when it was scanned, if any."""
    return next((clip for clip in day.clips if clip.status == "recording"), None)


def judged_until(day: DayRecord) -> datetime | None:
    """Where the day's judgement stops (naive UTC): the start of the clip being written, else the camera's clock
    at the scan; None when the scan did not read the clock."""
    live = recording_clip(day)
    if live is not None:
        return naive(live.start)
    return naive(day.camera_clock) if day.camera_clock is not None else None


def recording_span(day: DayRecord) -> tuple[datetime, datetime] | None:
    """The clip being written as recorded time: from its start to the camera's clock (or what it already holds)."""
    live = recording_clip(day)
    if live is None:
        return None
    start = naive(live.start)
    written = start + timedelta(seconds=live.facts.duration_s if live.facts is not None else 0.0)
    clock = naive(day.camera_clock) if day.camera_clock is not None else written
    return start, max(written, clock)
