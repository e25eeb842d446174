"""How long the card keeps recordings: card size / daily recording volume, from the schedule when it is known."""

from __future__ import annotations

from libs.common.contracts.api.cameras import RecordingDay, RetentionEstimate
from libs.common.domain.schedule import WeeklySchedule

SECONDS_PER_DAY = 86_400
DAYS_PER_WEEK = 7


def scheduled_hours_per_week(schedule: WeeklySchedule) -> tuple[float, float]:
    """(continuous, boost) hours a week the schedule records."""
    modes = [mode for day in schedule.days.values() for mode in day]
    return modes.count("continuous") / 2, modes.count("boost") / 2


def _from_schedule(total_bytes: int, rows: list[RecordingDay], schedule: WeeklySchedule) -> RetentionEstimate:
    """Bytes per recorded hour x the hours the schedule records in a week / 7 = daily volume."""
    recorded_h = sum(row.duration_s for row in rows) / 3600
    continuous, boost = scheduled_hours_per_week(schedule)
    weekly_h = continuous + boost
    per_hour = sum(row.bytes for row in rows) / recorded_h if recorded_h else 0.0
    daily = per_hour * weekly_h / DAYS_PER_WEEK
    basis = (f"extrapolated: {per_hour / 1e6:,.1f} MB per recorded hour ({recorded_h:.2f} h recorded) x "
             f"{weekly_h:g} h a week the schedule records ({continuous:g} h continuous, {boost:g} h boost) / 7 days"
             if daily else "no estimate: nothing recorded yet" if not recorded_h
             else "no estimate: the schedule records nothing")
    return RetentionEstimate(
        daily_bytes=round(daily) if daily else None,
        retention_days=round(total_bytes / daily, 2) if daily else None,
        retention_basis=basis,
        bytes_per_recorded_hour=round(per_hour) if per_hour else None,
        scheduled_hours_per_week=weekly_h,
    )


def retention_estimate(total_bytes: int, days: list[RecordingDay],
                       schedule: WeeklySchedule | None = None) -> RetentionEstimate:
    """Daily volume and retention_days = total card bytes / daily_bytes (the camera overwrites its oldest clips).

    With the camera's schedule known, the daily volume is bytes per recorded hour x the hours the schedule records
    in a week / 7 (boost hours counted in full: a conservative estimate). Without it, daily_bytes is the mean of
    the complete days (every day between the oldest and the newest day folder); with fewer than three days it
    is extrapolated from what is there: bytes per recorded second x 86,400 s.
    """
    rows = sorted(days, key=lambda row: row.date)
    if schedule is not None:
        return _from_schedule(total_bytes, rows, schedule)
    complete = rows[1:-1]
    if complete:
        daily = sum(row.bytes for row in complete) / len(complete)
        basis = f"mean of {len(complete)} complete days (no recording schedule known)"
    else:
        recorded_s = sum(row.duration_s for row in rows)
        daily = sum(row.bytes for row in rows) / recorded_s * SECONDS_PER_DAY if recorded_s else 0.0
        basis = f"extrapolated to 24 h from {recorded_s / 3600:.2f} recorded hours (no recording schedule known)"
    return RetentionEstimate(
        daily_bytes=round(daily) if daily else None,
        retention_days=round(total_bytes / daily, 2) if daily else None,
        retention_basis=basis,
    )
