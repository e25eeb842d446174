"""Per-bucket figures of a day (averages, frame mode, schedule) and the card's retention estimate."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from libs.common.contracts.api.cameras import RecordingDay
from libs.common.domain.aggregates import day_aggregates, frame_mode
from libs.common.domain.retention import retention_estimate, scheduled_hours_per_week
from tests.facts.day_records import broken, clip, day, every_day

UTC = ZoneInfo("UTC")


def day_row(date: str, size: int, duration_s: float) -> RecordingDay:
    """A day index row with the figures the retention estimate reads."""
    return RecordingDay(date=date, clips=1, bytes=size, duration_s=duration_s, errors=0, first=None, last=None,
                        hours_recorded=duration_s / 3600, span_start=None, span_end=None)


def test_half_hour_buckets_average_the_clips_with_facts() -> None:
    record = day(clip("02:00:00", 60.0, fps=30.0, kbps=900.0), clip("02:10:00", 58.0, fps=20.0, kbps=1100.0),
                 broken("02:20:00"), clip("02:40:00", width=1280))
    rows = day_aggregates(record, "half_hour", every_day(["boost"] * 48), UTC)
    assert len(rows) == 48
    first = rows[4]
    assert (first.start, first.end) == ("02:00", "02:30")
    assert first.clips == 3 and first.broken_clips == 1
    assert first.avg_duration_s == 59.0
    assert first.avg_kbps == 1000.0
    assert first.avg_fps == 25.0 and first.frame_mode == "higher image quality"
    assert first.resolutions == ["1920x1080"]
    assert first.bytes == 2 * 6_750_000 + 1000
    assert first.scheduled == "boost"
    assert rows[5].resolutions == ["1280x720"] and rows[5].frame_mode == "higher frame rate"
    assert rows[0].clips == 0 and rows[0].avg_fps is None and rows[0].frame_mode is None


def test_hour_buckets_name_both_half_hours_when_the_schedule_changes_inside() -> None:
    schedule = every_day(["off"] * 5 + ["continuous"] * 43)
    rows = day_aggregates(day(clip("02:00:00"), clip("02:45:00")), "hour", schedule, UTC)
    assert len(rows) == 24
    assert rows[2].clips == 2 and rows[2].scheduled == "off/continuous"
    assert rows[3].scheduled == "continuous"
    assert day_aggregates(day(), "hour", None, UTC)[0].scheduled is None


def test_frame_mode_switches_above_25_fps() -> None:
    assert frame_mode(25.0) == "higher image quality"
    assert frame_mode(25.1) == "higher frame rate"


def test_retention_uses_the_complete_days_between_the_oldest_and_newest() -> None:
    rows = [day_row("2026-11-01", 1, 10.0), day_row("2026-11-02", 10_000_000_000, 86_400.0),
            day_row("2026-11-03", 12_000_000_000, 86_400.0), day_row("2026-11-04", 5, 10.0)]
    estimate = retention_estimate(64_000_000_000, rows)
    assert estimate.daily_bytes == 11_000_000_000
    assert estimate.retention_days == round(64 / 11, 2)
    assert "2 complete days" in estimate.retention_basis


def test_retention_of_a_young_card_extrapolates_the_recorded_hours_to_a_day() -> None:
    rows = [day_row("2026-11-20", 3_600_000, 360.0)]
    estimate = retention_estimate(864_000_000, rows)
    assert estimate.daily_bytes == 864_000_000
    assert estimate.retention_days == 1.0
    assert retention_estimate(1000, []).retention_days is None


def test_with_a_schedule_retention_is_bytes_per_recorded_hour_times_the_scheduled_hours() -> None:
    # The card: three days of 5 h, 10 min and 30 min, recorded as the schedule asked (workdays 08-13 h).
    rows = [day_row("2026-11-20", 5 * 400_000_000, 5 * 3600.0),
            day_row("2026-11-21", 66_666_667, 600.0),
            day_row("2026-11-22", 200_000_000, 1800.0)]
    schedule = every_day(["off"] * 16 + ["continuous"] * 10 + ["off"] * 22)
    assert scheduled_hours_per_week(schedule) == (35.0, 0.0)
    estimate = retention_estimate(32_000_000_000, rows, schedule)
    assert estimate.bytes_per_recorded_hour == 400_000_000
    assert estimate.daily_bytes == 400_000_000 * 35 / 7
    assert estimate.retention_days == 16.0
    assert "400.0 MB per recorded hour" in estimate.retention_basis
    assert "35 h a week the schedule records" in estimate.retention_basis


def test_a_schedule_that_records_nothing_gives_no_estimate_and_says_why() -> None:
    rows = [day_row("2026-11-20", 1000, 60.0)]
    estimate = retention_estimate(10_000, rows, every_day(["off"] * 48))
    assert estimate.retention_days is None and "records nothing" in estimate.retention_basis
    assert retention_estimate(10_000, [], every_day(["boost"] * 48)).retention_basis.endswith("nothing recorded yet")
