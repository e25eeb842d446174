"""A watch's recording SLO: seconds recorded over seconds scheduled for continuous recording, in its window."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from libs.common.contracts.records import ClipRecord
from libs.common.domain.checks.timeline_checks import continuous_pieces
from libs.common.domain.clip_spans import Span, merge_spans, seconds_within
from libs.common.domain.schedule import WeeklySchedule


def recorded_spans(clips: list[ClipRecord]) -> list[Span]:
    """When the readable clips were recording (naive UTC), merged."""
    return merge_spans([(clip.start, clip.start + timedelta(seconds=clip.facts.duration_s))
                        for clip in clips if clip.facts is not None and clip.facts.duration_s > 0])


def scheduled_and_recorded(spans: list[Span], start: datetime, end: datetime, schedule: WeeklySchedule | None,
                           zone: ZoneInfo) -> tuple[float, float]:
    """(scheduled_s, recorded_s) in [start, end) (naive UTC): with no schedule known, all of it is scheduled."""
    if end <= start:
        return 0.0, 0.0
    pieces = [(start, end)] if schedule is None else continuous_pieces((start, end), schedule, zone)
    scheduled = sum((piece_end - piece_start).total_seconds() for piece_start, piece_end in pieces)
    recorded = sum(seconds_within(spans, piece_start, piece_end) for piece_start, piece_end in pieces)
    return scheduled, recorded


def slo(scheduled_s: float, recorded_s: float) -> float | None:
    """recorded ÷ scheduled, 5 decimals; None when nothing was scheduled yet."""
    return round(min(1.0, recorded_s / scheduled_s), 5) if scheduled_s > 0 else None
