"""The stored scan totals behind the service series, and today's due/recorded/gap seconds behind the row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from libs.common.adapters.media.clip_facts import ClipFacts
from libs.common.contracts.records import ClipRecord, DayRecord, ScanRecord, ScanStatus
from libs.common.documents.scan_tally import DURATION_BUCKETS_S, ScanTally, add_scan
from libs.common.domain.recording_so_far import recording_so_far
from libs.common.domain.schedule import WEEKDAYS, WeeklySchedule

START = datetime(2026, 12, 1, 10, tzinfo=UTC)


def ended(scan_id: str, status: ScanStatus, seconds: float) -> ScanRecord:
    """A scan that ran `seconds` and ended with `status`."""
    return ScanRecord(scan_id=scan_id, camera_id="CAM01", status=status, started=START,
                      finished=START + timedelta(seconds=seconds), clips_done=10, clips_cached=4,
                      bytes_read=1000, image_bytes_read=500)


def test_each_ended_scan_counts_once_in_its_result_duration_bucket_and_reads() -> None:
    tally = add_scan(add_scan(ScanTally(), ended("a", ScanStatus.COMPLETED, 3.0)), ended("b", ScanStatus.FAILED, 9e9))
    assert add_scan(tally, ended("b", ScanStatus.FAILED, 9e9)) is tally, "the same end again adds nothing"
    assert tally.results == {"completed": 1, "failed": 1}
    assert tally.duration_buckets[DURATION_BUCKETS_S.index(5)] == 1 and sum(tally.duration_buckets) == 1
    assert tally.duration_count == 2, "a scan past the last bound counts only in +Inf"
    assert (tally.clips_read, tally.bytes_read) == (12, 3000)
    assert tally.last_success == START + timedelta(seconds=3)


def day_of(*starts_and_seconds: tuple[str, float]) -> DayRecord:
    """A day of clips starting at HH:MM:SS with their durations."""
    clips = [ClipRecord.model_construct(start=datetime.fromisoformat(f"2026-12-01T{start}"), status="ok",
                                        facts=ClipFacts.model_construct(duration_s=seconds))
             for start, seconds in starts_and_seconds]
    return DayRecord.model_construct(camera_id="CAM01", date="2026-12-01", scan_id="s", clips=clips)


def test_recording_so_far_stops_at_the_listing_and_skips_what_the_schedule_has_off() -> None:
    day = day_of(("00:00:00", 600.0), ("00:20:00", 600.0))
    until = datetime(2026, 12, 1, 0, 45)
    unknown = recording_so_far(day, None, ZoneInfo("UTC"), until)
    assert (unknown.due_s, unknown.recorded_s, unknown.gap_s) == (2700.0, 1200.0, 1500.0)
    assert unknown.ratio == round(1200 / 2700, 6)
    first_half_hour_only = WeeklySchedule(days={name: ["continuous"] + ["off"] * 47 for name in WEEKDAYS})
    scheduled = recording_so_far(day, first_half_hour_only, ZoneInfo("UTC"), until)
    assert (scheduled.due_s, scheduled.recorded_s, scheduled.gap_s) == (1800.0, 1200.0, 600.0)
    assert recording_so_far(day, None, ZoneInfo("UTC"), datetime(2026, 12, 1)).ratio is None
