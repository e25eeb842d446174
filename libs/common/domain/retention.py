"""How many days of recordings the card holds at the measured daily volume."""

from __future__ import annotations

from libs.common.contracts.api.cameras import RecordingDay, RetentionEstimate

SECONDS_PER_DAY = 86_400


def retention_estimate(total_bytes: int, days: list[RecordingDay]) -> RetentionEstimate:
    """Daily volume from the day index, and retention_days = total card bytes / daily_bytes.

    daily_bytes is the mean of the complete days: every day between the oldest and the newest day
    folder (the oldest is partly overwritten, the newest still recording). With fewer than three days
    it is extrapolated from what is there: bytes per recorded second x 86,400 s. The camera overwrites
    its oldest clips when the card is full, so the whole capacity holds total_bytes / daily_bytes days.
    """
    rows = sorted(days, key=lambda row: row.date)
    complete = rows[1:-1]
    if complete:
        daily = sum(row.bytes for row in complete) / len(complete)
        basis = f"mean of {len(complete)} complete days"
    else:
        recorded_s = sum(row.duration_s for row in rows)
        daily = sum(row.bytes for row in rows) / recorded_s * SECONDS_PER_DAY if recorded_s else 0.0
        basis = f"extrapolated to 24 h from {recorded_s / 3600:.2f} recorded hours"
    return RetentionEstimate(
        daily_bytes=round(daily) if daily else None,
        retention_days=round(total_bytes / daily, 2) if daily else None,
        retention_basis=basis,
    )
