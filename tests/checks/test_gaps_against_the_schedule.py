"""Gaps count only where continuous recording was scheduled, in the camera's time zone; boost clips may be short."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from tests.checks.check_days import DAY_START, Slot, back_to_back, every_day, judge
from tests.checks.defect_clips import DefectLibrary


async def two_runs(defects: DefectLibrary, hole_s: float) -> list[Slot]:
    """Two runs of five clean clips at 02:00 with a hole of hole_s between them."""
    clean = await defects.facts("clean")
    first = back_to_back([clean] * 5, DAY_START + timedelta(hours=2))
    second = back_to_back([clean] * 5, first[-1].start + timedelta(seconds=clean.duration_s + hole_s))
    return first + second


async def test_a_hole_in_continuous_time_is_a_gap_failure_naming_both_neighbours(defects: DefectLibrary) -> None:
    answer = judge(await two_runs(defects, 600))
    assert [(issue.check, issue.severity) for issue in answer.issues] == [("gap", "fail")]
    gap = answer.issues[0]
    assert gap.measured == {"seconds": 600.0, "scheduled": "continuous", "cause": "stopped"}
    assert gap.start.isoformat() == "2026-11-20T02:00:30+00:00" and gap.end.isoformat() == "2026-11-20T02:10:30+00:00"
    assert gap.paths == ["2026-11-20/02/20261120-020024.mp4", "2026-11-20/02/20261120-021030.mp4"]
    assert gap.detail.startswith("10 min 0 s without recording while continuous recording was scheduled")


async def test_a_hole_in_time_scheduled_off_or_boost_is_no_gap(defects: DefectLibrary) -> None:
    for mode in ("off", "boost"):
        assert judge(await two_runs(defects, 600), schedule=every_day([mode] * 48)).issues == []


async def test_only_the_scheduled_part_of_a_hole_counts(defects: DefectLibrary) -> None:
    modes = ["off"] * 48
    modes[4] = "continuous"  # 02:00-02:30
    answer = judge(await two_runs(defects, 3600), schedule=every_day(modes))
    assert [issue.measured["seconds"] for issue in answer.issues] == [1770.0]
    assert answer.issues[0].end.isoformat() == "2026-11-20T02:30:00+00:00"


async def test_half_hours_of_a_zone_45_minutes_off_utc_start_on_a_quarter_hour(defects: DefectLibrary) -> None:
    modes = ["off"] * 48
    modes[15] = "continuous"  # 07:30-08:00 in Kathmandu (UTC+05:45) is 01:45-02:15 UTC
    clean = await defects.facts("clean")
    slots = back_to_back([clean] * 3, DAY_START + timedelta(hours=1))
    window = (DAY_START + timedelta(hours=1), DAY_START + timedelta(hours=3))
    answer = judge(slots, schedule=every_day(modes), zone=ZoneInfo("Asia/Kathmandu"), window=window)
    assert [(issue.start.strftime("%H:%M:%S"), issue.end.strftime("%H:%M:%S")) for issue in answer.issues] == [
        ("01:45:00", "02:15:00")]


async def test_without_a_schedule_a_hole_is_only_a_warning(defects: DefectLibrary) -> None:
    answer = judge(await two_runs(defects, 60), schedule=None)
    assert [(issue.check, issue.severity, issue.measured["scheduled"]) for issue in answer.issues] == [
        ("gap", "warn", "unknown")]
    assert answer.verdict == "warn"


async def test_a_hole_within_the_tolerance_is_no_gap(defects: DefectLibrary) -> None:
    assert judge(await two_runs(defects, 1.9)).issues == []
    assert [issue.check for issue in judge(await two_runs(defects, 2.1)).issues] == ["gap"]


async def test_event_clips_in_boost_time_may_be_short(defects: DefectLibrary) -> None:
    clean, short = await defects.facts("clean"), await defects.facts("short")
    slots = back_to_back([clean] * 4 + [short] + [clean] * 4)
    assert [issue.check for issue in judge(slots).issues] == ["duration"]
    assert judge(slots, schedule=every_day(["boost"] * 48)).issues == []
