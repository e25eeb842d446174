"""The camera's clock and boots as scans read them: one reading per scan, kept as the camera's clock history."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

MAX_READINGS = 2000  # a scan every 5 minutes for a week


class ClockReading(BaseModel):
    """What one scan read of the camera's clock (times are UTC).

    offset_s = camera clock - this service's clock at the middle of the round trip, good to ± uncertainty_s
    (half the round trip, plus half a second when the camera's `date` has no fraction of a second).
    """

    scan_id: str
    measured: datetime = Field(description="this service's clock at the middle of the round trip")
    camera_time: datetime = Field(description="the camera's clock at that moment")
    offset_s: float
    uncertainty_s: float
    uptime_s: float | None = Field(None, description="/proc/uptime: seconds since the camera booted")
    boot_id: str | None = Field(None, description="/proc/sys/kernel/random/boot_id: new on every boot")


class ClockHistory(BaseModel):
    """A camera's clock readings, oldest first (at most MAX_READINGS)."""

    readings: list[ClockReading] = Field(default_factory=list)
