"""When a day's clips were recording: start + duration of every clip with facts, merged into spans."""

from __future__ import annotations

from datetime import datetime, timedelta

from libs.common.contracts.records import DayRecord
from libs.common.domain.recording_clip import recording_span

Span = tuple[datetime, datetime]


def clip_spans(day: DayRecord) -> list[Span]:
    """Each readable clip as (start, start + duration_s); broken clips (no facts) count as 0 s; the clip being
    written counts from its start to the camera's clock."""
    spans = [
        (clip.start, clip.start + timedelta(seconds=clip.facts.duration_s))
        for clip in day.clips
        if clip.status != "recording" and clip.facts is not None and clip.facts.duration_s > 0
    ]
    live = recording_span(day)
    return sorted([*spans, live] if live is not None else spans)


def merge_spans(spans: list[Span], tolerance_s: float = 0.0) -> list[Span]:
    """Sorted spans joined where they overlap or lie less than tolerance_s apart."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and (start - merged[-1][1]).total_seconds() <= tolerance_s:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def seconds_within(spans: list[Span], window_start: datetime, window_end: datetime) -> float:
    """Seconds of the (merged) spans inside [window_start, window_end)."""
    total = 0.0
    for start, end in spans:
        overlap = (min(end, window_end) - max(start, window_start)).total_seconds()
        total += max(overlap, 0.0)
    return total


def holes_within(spans: list[Span], window_start: datetime, window_end: datetime, min_s: float) -> list[Span]:
    """Stretches of [window_start, window_end) that no (merged) span covers, each at least min_s long."""
    holes, cursor = [], window_start
    for start, end in spans:
        if end <= cursor or start >= window_end:
            continue
        if (start - cursor).total_seconds() >= min_s:
            holes.append((cursor, start))
        cursor = max(cursor, end)
    if (window_end - cursor).total_seconds() >= min_s:
        holes.append((cursor, window_end))
    return holes
