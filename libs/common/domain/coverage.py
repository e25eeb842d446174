"""Coverage of one UTC day against the weekly schedule: per half hour, what was scheduled and what is on the card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from libs.common.contracts.api.coverage import Coverage, CoverageTotals, HalfHourCoverage, RecordingSpan
from libs.common.contracts.records import DayRecord, is_broken
from libs.common.domain.clip_spans import clip_spans, holes_within, merge_spans, seconds_within
from libs.common.domain.recording_clip import judged_until
from libs.common.domain.schedule import HALF_HOURS_PER_DAY, RecordingMode, WeeklySchedule

HALF_HOUR = timedelta(minutes=30)
MIN_GAP_S = 2.0  # clips of "60 s" last 59.9x s: shorter holes between them are not gaps
BROKEN_CLIPS_COUNT_AS = "0 s (a clip without a readable index has no known duration)"


def clock(moment: datetime, day_start: datetime, with_seconds: bool) -> str:
    """Time of day as HH:MM[:SS], rounded to the second; the day's end is 24:00."""
    seconds = round((moment - day_start).total_seconds())
    hours, rest = divmod(seconds, 3600)
    text = f"{hours:02d}:{rest // 60:02d}"
    return f"{text}:{rest % 60:02d}" if with_seconds else text


def scheduled_mode(schedule: WeeklySchedule | None, utc_start: datetime, zone: ZoneInfo) -> RecordingMode | None:
    """The mode of the local half hour holding utc_start (None without a schedule).

    Zones with a 15- or 45-minute offset use the mode in force at the UTC half hour's start.
    """
    return None if schedule is None else schedule.mode_at(utc_start.astimezone(zone))


def half_hour_row(spans: list[tuple[datetime, datetime]], start: datetime, day_start: datetime,
                  mode: RecordingMode | None, until: datetime | None = None) -> HalfHourCoverage:
    """One half hour: scheduled mode, seconds recorded, gaps if continuous was scheduled (none after `until`, where
    the day's scan stopped judging it), unscheduled seconds."""
    end = start + HALF_HOUR
    recorded = seconds_within(spans, start, end)
    judged_end = min(end, until) if until is not None else end
    gaps = holes_within(spans, start, judged_end, MIN_GAP_S) if mode == "continuous" and judged_end > start else []
    return HalfHourCoverage(
        start=clock(start, day_start, False),
        end=clock(end, day_start, False),
        scheduled=mode,
        recorded_s=round(recorded, 3),
        gaps=[(clock(a, day_start, True), clock(b, day_start, True)) for a, b in gaps],
        unscheduled_s=round(recorded, 3) if mode == "off" else 0.0,
        gap_s=round(sum((b - a).total_seconds() for a, b in gaps), 3),
    )


def day_coverage(day: DayRecord, schedule: WeeklySchedule | None, zone: ZoneInfo) -> Coverage:
    """48 half-hour rows of the UTC day plus the day's totals; recorded time is start + duration_s per clip (the clip
    being written: up to the camera's clock); no gap after the day's judged_until."""
    day_start = datetime.fromisoformat(day.date)
    day_end = day_start + timedelta(days=1)
    naive_spans = merge_spans(clip_spans(day))
    spans = [(max(a, day_start), min(b, day_end)) for a, b in naive_spans if b > day_start and a < day_end]
    until = judged_until(day)
    rows = []
    for index in range(HALF_HOURS_PER_DAY):
        start = day_start + index * HALF_HOUR
        mode = scheduled_mode(schedule, start.replace(tzinfo=UTC), zone)
        rows.append(half_hour_row(spans, start, day_start, mode, until))
    recorded_s = sum(row.recorded_s for row in rows)
    return Coverage(
        camera_id=day.camera_id,
        date=day.date,
        timezone=zone.key,
        schedule_known=schedule is not None,
        broken_clips_count_as=BROKEN_CLIPS_COUNT_AS,
        totals=CoverageTotals(
            clips=len(day.clips),
            broken_clips=sum(is_broken(clip.status) for clip in day.clips),
            bytes=sum(clip.size_bytes for clip in day.clips),
            recorded_s=round(recorded_s, 3),
            hours_recorded=round(recorded_s / 3600, 3),
            span=RecordingSpan(start=clock(spans[0][0], day_start, True), end=clock(spans[-1][1], day_start, True))
            if spans else None,
            unscheduled_s=round(sum(row.unscheduled_s for row in rows), 3),
            gap_s=round(sum(row.gap_s for row in rows), 3),
        ),
        half_hours=rows,
    )
