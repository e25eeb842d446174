"""The gap and overlap checks: holes between clips in time scheduled for recording, clips starting too early."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from libs.common.contracts.api.checks import CheckIssue
from libs.common.domain.checks.clip_view import ClipView
from libs.common.domain.checks.issues import clock_text, issue, length_text
from libs.common.domain.clip_spans import Span, holes_within, merge_spans
from libs.common.domain.coverage import scheduled_mode
from libs.common.domain.schedule import RecordingMode, WeeklySchedule

QUARTER_HOUR = timedelta(minutes=15)  # every zone's half hours start on a UTC quarter hour


@dataclass(frozen=True)
class DayWindow:
    """The stretch of a UTC day the card can show: from its oldest recording (or 00:00) to the scan (or 24:00)."""

    date: str
    start: datetime
    end: datetime
    carried_until: datetime | None = None  # recording of the previous day that runs past midnight


def mode_at(schedule: WeeklySchedule | None, zone: ZoneInfo, moment: datetime) -> RecordingMode | None:
    """The scheduled mode at a naive UTC moment (None without a schedule)."""
    return scheduled_mode(schedule, moment.replace(tzinfo=UTC), zone)


def continuous_pieces(hole: Span, schedule: WeeklySchedule, zone: ZoneInfo) -> list[Span]:
    """The parts of a hole scheduled for continuous recording, joined where they touch."""
    start, end = hole
    pieces: list[Span] = []
    cursor = start
    while cursor < end:
        boundary = min(end, datetime.min + (cursor - datetime.min) // QUARTER_HOUR * QUARTER_HOUR + QUARTER_HOUR)
        if mode_at(schedule, zone, cursor) == "continuous":
            if pieces and pieces[-1][1] == cursor:
                pieces[-1] = (pieces[-1][0], boundary)
            else:
                pieces.append((cursor, boundary))
        cursor = boundary
    return pieces


def _neighbours(clips: list[ClipView], starts: list[datetime], hole: Span) -> list[ClipView]:
    """The clip before the hole, any (broken) clips inside it, and the clip after it."""
    first = max(bisect.bisect_left(starts, hole[0]) - 1, 0)
    last = bisect.bisect_left(starts, hole[1])
    return clips[first : last + 1]


def gap_issues(clips: list[ClipView], window: DayWindow, schedule: WeeklySchedule | None, zone: ZoneInfo,
               tolerance_s: float) -> list[CheckIssue]:
    """Holes over the tolerance: fail where continuous recording was scheduled, warn when no schedule is known."""
    spans = [(clip.start, clip.end) for clip in clips if clip.ok]
    if window.carried_until is not None and window.carried_until > window.start:
        spans.append((window.start, window.carried_until))
    starts = [clip.start for clip in clips]
    issues = []
    for hole in holes_within(merge_spans(spans), window.start, window.end, tolerance_s):
        pieces = [hole] if schedule is None else continuous_pieces(hole, schedule, zone)
        for start, end in pieces:
            seconds = (end - start).total_seconds()
            if seconds <= tolerance_s:
                continue
            known = schedule is not None
            reason = "while continuous recording was scheduled" if known else "(no recording schedule is known)"
            issues.append(issue("gap", "fail" if known else "warn", window.date, start, end,
                                _neighbours(clips, starts, (start, end)),
                                f"{length_text(seconds)} without recording {reason} "
                                f"({clock_text(start)} to {clock_text(end)})",
                                {"seconds": round(seconds, 3), "scheduled": "continuous" if known else "unknown"}))
    return issues


def overlap_issues(clips: list[ClipView], tolerance_s: float,
                   carried_until: datetime | None = None) -> list[CheckIssue]:
    """Clips that start more than the tolerance before the clip before them ended; the first clip against the
    end of the previous day's recording (carried_until) when that day is not judged with it."""
    issues = []
    before: ClipView | None = None
    for clip in (clip for clip in clips if clip.ok):
        if before is None and carried_until is not None:
            seconds = (carried_until - clip.start).total_seconds()
            if seconds > tolerance_s:
                issues.append(issue(
                    "overlap", "warn", clip.date, clip.start, min(carried_until, clip.end), [clip],
                    f"starts {length_text(seconds)} before the previous day's last clip ends ({clock_text(clip.start)}"
                    f" < {clock_text(carried_until)})", {"seconds": round(seconds, 3)}))
        if before is not None:
            seconds = (before.end - clip.start).total_seconds()
            if seconds > tolerance_s:
                issues.append(issue(
                    "overlap", "warn", clip.date, clip.start, min(before.end, clip.end), [before, clip],
                    f"starts {length_text(seconds)} before the previous clip ends ({clock_text(clip.start)} < "
                    f"{clock_text(before.end)})", {"seconds": round(seconds, 3)}))
        if before is None or clip.end > before.end:
            before = clip
    return issues
