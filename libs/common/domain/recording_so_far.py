"""How much of a day's due recording time is on the card up to a moment: the fleet's recorded ratio and gaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from libs.common.contracts.records import DayRecord
from libs.common.domain.clip_spans import clip_spans, holes_within, merge_spans, seconds_within
from libs.common.domain.coverage import HALF_HOUR, MIN_GAP_S, scheduled_mode
from libs.common.domain.schedule import HALF_HOURS_PER_DAY, WeeklySchedule


@dataclass(frozen=True)
class RecordingSoFar:
    """Seconds due (continuous in the schedule, or every second when the schedule is unknown), recorded within
    them, and in gaps of MIN_GAP_S or more."""

    due_s: float
    recorded_s: float
    gap_s: float

    @property
    def ratio(self) -> float | None:
        """Recorded over due; None before anything was due."""
        return round(self.recorded_s / self.due_s, 6) if self.due_s > 0 else None


def recording_so_far(day: DayRecord, schedule: WeeklySchedule | None, zone: ZoneInfo,
                     until: datetime) -> RecordingSoFar:
    """The day's half hours up to `until` (naive UTC): due, recorded and gap seconds."""
    day_start = datetime.fromisoformat(day.date)
    spans = merge_spans(clip_spans(day))
    due = recorded = gaps = 0.0
    for index in range(HALF_HOURS_PER_DAY):
        start = day_start + index * HALF_HOUR
        end = min(start + HALF_HOUR, until)
        if end <= start:
            break
        mode = scheduled_mode(schedule, start.replace(tzinfo=UTC), zone)
        if mode not in (None, "continuous"):
            continue
        due += (end - start).total_seconds()
        recorded += seconds_within(spans, start, end)
        gaps += sum((b - a).total_seconds() for a, b in holes_within(spans, start, end, MIN_GAP_S))
    return RecordingSoFar(round(due, 3), round(recorded, 3), round(gaps, 3))


def naive_utc(moment: datetime) -> datetime:
    """A time as naive UTC, the form clip starts are stored in."""
    offset = moment.utcoffset() or timedelta()
    return moment.replace(tzinfo=None) - offset
