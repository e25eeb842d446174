"""Coverage of a UTC day against a local-time schedule: recorded seconds, gaps, unscheduled time, totals."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from libs.common.contracts.api.coverage import RecordingSpan
from libs.common.contracts.records import ClipRecord
from libs.common.documents.day_index import summarize_day
from libs.common.domain.coverage import day_coverage
from tests.facts.day_records import broken, clip, day, every_day

UTC = ZoneInfo("UTC")
CONTINUOUS = every_day(["continuous"] * 48)


def minutes(first: str, count: int) -> list[ClipRecord]:
    """count one-minute clips from HH:MM on, each 59.97 s long as cameras write them."""
    hour, minute = int(first[:2]), int(first[3:])
    return [clip(f"{(hour * 60 + minute + i) // 60:02d}:{(minute + i) % 60:02d}:00", 59.97) for i in range(count)]


def test_a_missing_stretch_under_continuous_recording_is_a_gap_and_tiny_holes_are_not() -> None:
    clips = minutes("02:00", 20) + minutes("02:30", 30)  # nothing from 02:20 to 02:30
    report = day_coverage(day(*clips), CONTINUOUS, UTC)
    half = report.half_hours[4]
    assert (half.start, half.end, half.scheduled) == ("02:00", "02:30", "continuous")
    assert half.gaps == [("02:20:00", "02:30:00")]
    assert abs(half.recorded_s - 20 * 59.97) < 0.01
    assert report.half_hours[5].gaps == []
    assert report.half_hours[6].gaps == [("03:00:00", "03:30:00")]


def test_recording_while_scheduled_off_is_unscheduled_time_not_a_gap() -> None:
    schedule = every_day(["off"] * 4 + ["boost"] * 44)
    report = day_coverage(day(clip("01:10:00"), clip("02:10:00")), schedule, UTC)
    assert report.half_hours[2].unscheduled_s == 60.0
    assert report.half_hours[2].gaps == []
    assert report.half_hours[4].scheduled == "boost" and report.half_hours[4].unscheduled_s == 0.0
    assert report.totals.unscheduled_s == 60.0
    assert report.totals.gap_s == 0.0


def test_the_schedule_is_read_in_the_cameras_local_time() -> None:
    # Continuous only from 11:00 to 12:00 local; Asia/Tokyo is UTC+9, so that is 02:00-03:00 UTC.
    schedule = every_day(["off"] * 22 + ["continuous"] * 2 + ["off"] * 24)
    report = day_coverage(day(clip("02:00:00")), schedule, ZoneInfo("Asia/Tokyo"))
    scheduled = [row.start for row in report.half_hours if row.scheduled == "continuous"]
    assert scheduled == ["02:00", "02:30"]
    assert report.timezone == "Asia/Tokyo"
    assert report.half_hours[4].gaps == [("02:01:00", "02:30:00")]
    assert report.half_hours[5].gaps == [("02:30:00", "03:00:00")]


def test_a_daylight_saving_change_moves_the_schedule_by_an_hour_in_utc() -> None:
    schedule = every_day(["off"] * 20 + ["continuous"] * 28)  # from 10:00 local
    winter = day_coverage(day(), schedule, ZoneInfo("Europe/Berlin"))
    first = next(row.start for row in winter.half_hours if row.scheduled == "continuous")
    assert first == "09:00"  # CET is UTC+1 in November


def test_broken_clips_count_as_no_recording_and_totals_add_up() -> None:
    report = day_coverage(day(clip("05:00:00"), clip("05:01:00"), broken("05:02:00")), CONTINUOUS, UTC)
    totals = report.totals
    assert totals.clips == 3 and totals.broken_clips == 1
    assert totals.recorded_s == 120.0 and totals.hours_recorded == round(120 / 3600, 3)
    assert totals.span == RecordingSpan(start="05:00:00", end="05:02:00")
    assert totals.bytes == 2 * 6_750_000 + 1000
    assert report.half_hours[10].gaps == [("05:02:00", "05:30:00")]
    assert report.broken_clips_count_as.startswith("0 s")


def test_a_clip_running_past_midnight_counts_only_inside_the_day() -> None:
    report = day_coverage(day(clip("23:59:30")), CONTINUOUS, UTC)
    assert report.half_hours[-1].recorded_s == 30.0
    assert report.totals.span == RecordingSpan(start="23:59:30", end="24:00:00")


def test_without_a_schedule_modes_are_unknown_and_nothing_is_a_gap() -> None:
    report = day_coverage(day(clip("00:00:00")), None, UTC)
    assert report.schedule_known is False
    assert {row.scheduled for row in report.half_hours} == {None}
    assert report.totals.gap_s == 0.0


def test_the_day_index_row_shows_hours_recorded_and_the_recording_span() -> None:
    row = summarize_day(day(clip("05:00:00"), clip("05:01:00"), clip("07:00:00", 30.0), broken("08:00:00")))
    assert row.hours_recorded == round(150 / 3600, 3)
    assert (row.span_start, row.span_end) == ("2026-11-20T05:00:00", "2026-11-20T07:00:30")
