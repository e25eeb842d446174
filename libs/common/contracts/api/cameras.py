"""Cameras: the list, a card's storage with its retention estimate, and its recording days."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from libs.common.contracts.records import ScanStatus


class CameraSummary(BaseModel):
    """A camera of the registry or one scanned before, with its last scan."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: str = Field(description="Canonical camera id")
    host: str = Field(description="Host name the camera is reached at")
    model: str = Field(description="Camera model from the registry, or as last scanned")
    configured: bool = Field(description="Whether the camera is in the registry (SDB_CAMERAS_FILE)")
    last_scan_id: str | None = Field(None, description="The camera's latest scan; null if never scanned")
    last_scan_status: ScanStatus | None = Field(None, description="That scan's status")
    last_scan_time: str | None = Field(None, description="When that scan finished, ISO 8601 with UTC offset")


class RetentionEstimate(BaseModel):
    """How many days of recordings the card holds at the measured daily volume."""

    daily_bytes: int | None = Field(description="Bytes recorded per day: mean of complete days, or extrapolated")
    retention_days: float | None = Field(description="total_bytes / daily_bytes; null without recordings")
    retention_basis: str = Field(description="How daily_bytes was found, in words")
    bytes_per_recorded_hour: int | None = Field(None, description="Bytes per recorded hour (schedule-based estimate)")
    scheduled_hours_per_week: float | None = Field(None, description="Hours a week the schedule records")


class CardUsage(BaseModel):
    """The card's filesystem usage and the recordings on it, as the latest scan measured them."""

    total_bytes: int = Field(description="Card capacity (df)")
    used_bytes: int = Field(description="Bytes in use on the card (df)")
    free_bytes: int = Field(description="Bytes free on the card (df)")
    recordings_bytes: int = Field(description="Bytes of clip files")
    oldest: str | None = Field(description="Start of the oldest clip, UTC, ISO 8601")
    newest: str | None = Field(description="Start of the newest clip, UTC, ISO 8601")
    measured: str | None = Field(description="When the figures were taken, ISO 8601 UTC")


class Storage(RetentionEstimate, CardUsage):
    """The storage answer: card usage first, then the retention estimate from the day index."""


class RecordingDay(BaseModel):
    """One UTC day folder of the card, summarised."""

    date: str = Field(description="YYYY-MM-DD (UTC day folder)")
    clips: int = Field(description="Clip files")
    bytes: int = Field(description="Bytes of the day's clips")
    duration_s: float = Field(description="Sum of the clips' durations (clips without an index count 0)")
    errors: int = Field(description="Clips whose facts could not be read")
    first: str | None = Field(description="Start of the first clip, UTC, ISO 8601")
    last: str | None = Field(description="Start of the last clip, UTC, ISO 8601")
    hours_recorded: float = Field(description="Hours covered by clips, overlaps merged")
    span_start: str | None = Field(description="Where recording starts that day, UTC, ISO 8601")
    span_end: str | None = Field(description="Where recording ends that day, UTC, ISO 8601")


class CameraOverview(BaseModel):
    """One camera at a glance: its last scan, storage figures (null before a scan) and recording days ([] before)."""

    id: str = Field(description="Camera id, upper case")
    host: str = Field(description="Host name or address the camera is reached at")
    model: str = Field(description="Camera model from the registry, or 'unknown'")
    configured: bool = Field(description="Whether the cameras file names this camera")
    last_scan_id: str | None = Field(description="Its latest scan, null before any")
    last_scan_status: ScanStatus | None = Field(description="That scan's status")
    last_scan_time: datetime | None = Field(description="When that scan ended (or started, while it runs)")
    storage: Storage | None = Field(description="Card usage and retention from the latest scan; null before any")
    dates: list[RecordingDay] = Field(description="Recording days from the day index; [] before any scan")
