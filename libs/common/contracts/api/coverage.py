"""Coverage of a recording day against the weekly schedule, per half hour of the UTC day."""

from __future__ import annotations

from pydantic import BaseModel, Field

from libs.common.domain.schedule import RecordingMode


class HalfHourCoverage(BaseModel):
    """One half hour: what was scheduled, what is on the card, and the holes where recording was due."""

    start: str = Field(description="HH:MM, UTC")
    end: str = Field(description="HH:MM, UTC; the day's last half hour ends at 24:00")
    scheduled: RecordingMode | None = Field(description="The schedule's mode (camera local time); null if unknown")
    recorded_s: float = Field(description="Seconds covered by clips (start + duration)")
    gaps: list[tuple[str, str]] = Field(description="[start, end] HH:MM:SS holes of 2 s or more, when continuous")
    unscheduled_s: float = Field(description="Seconds recorded while the schedule said off")
    gap_s: float = Field(description="Seconds in gaps")


class RecordingSpan(BaseModel):
    """From the first recorded second of the day to the last."""

    start: str = Field(description="HH:MM:SS, UTC")
    end: str = Field(description="HH:MM:SS, UTC")


class CoverageTotals(BaseModel):
    """The day's sums."""

    clips: int
    broken_clips: int = Field(description="Clips without readable facts")
    bytes: int
    recorded_s: float
    hours_recorded: float
    span: RecordingSpan | None = Field(description="Null for a day without recorded time")
    unscheduled_s: float
    gap_s: float


class Coverage(BaseModel):
    """48 half hours of one UTC day and the day's totals."""

    camera_id: str
    date: str = Field(description="YYYY-MM-DD (UTC day folder)")
    timezone: str = Field(description="The IANA zone the schedule is read in")
    schedule_known: bool = Field(description="Whether a scan read the camera's schedule")
    broken_clips_count_as: str = Field(description="How clips without an index count toward recorded time")
    totals: CoverageTotals
    half_hours: list[HalfHourCoverage]
