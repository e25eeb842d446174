"""GET /api/v1/cameras/{id}/checks: its query (expected values, tolerances) and its answer (API.md)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

CheckName = Literal["gap", "overlap", "duration", "dropped_frames", "keyframe_interval", "clock_drift",
                    "profile_change", "bitrate", "av_drift", "broken", "card", "clock_offset", "clock_step", "reboot"]
CHECK_NAMES: tuple[CheckName, ...] = get_args(CheckName)
Severity = Literal["fail", "warn"]
Verdict = Literal["pass", "warn", "fail"]
ValueSource = Literal["majority", "camera", "request"]
Measured = dict[str, float | int | str | bool | None]
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]{1,12}(\.[0-9]{0,12})?|\.[0-9]{1,12})")


class Tolerances(BaseModel):
    """How far a measurement may stray before it is an issue; each one can be set per request."""

    gap_tolerance_s: float = Field(2.0, ge=0, le=3600, description="longest hole between clips that is no gap")
    overlap_tolerance_s: float = Field(1.0, ge=0, le=3600, description="longest overlap of clips that is no issue")
    duration_tolerance_s: float = Field(2.0, ge=0, le=3600, description="clip length off the expected length")
    clock_drift_tolerance_s: float = Field(5.0, ge=0, le=86400, description="name time vs mtime - duration")
    keyframe_tolerance_s: float = Field(0.25, ge=0, le=3600, description="keyframe interval over the expected")
    av_drift_tolerance_s: float = Field(0.5, ge=0, le=3600, description="audio vs video track duration")
    fps_tolerance_pct: float = Field(5.0, ge=0, le=100, description="frame rate change that is a profile change")
    bitrate_tolerance_pct: float = Field(50.0, ge=0, le=1000, description="band around the day's median bitrate")
    min_retention_days: float = Field(7.0, ge=0, le=3650, description="estimated retention below this is a warning")
    clock_offset_warn_s: float = Field(2.0, ge=0, le=86400, description="camera clock off ours by more: a warning")
    clock_offset_fail_s: float = Field(30.0, ge=0, le=86400, description="camera clock off ours by more: a fail")
    clock_step_tolerance_s: float = Field(2.0, ge=0, le=86400,
                                          description="clock offset change between scans beyond what drift explains")


class CheckQuery(Tolerances):
    """Query parameters of a checks request besides the days: expected values (default: the majority) and tolerances."""

    expected_clip_s: float | None = Field(None, gt=0, le=86400, description="expected clip length in seconds")
    expected_fps: float | None = Field(None, gt=0, le=1000, description="expected frame rate")
    expected_width: int | None = Field(None, ge=1, le=16384, description="expected picture width in pixels")
    expected_height: int | None = Field(None, ge=1, le=16384, description="expected picture height in pixels")
    max_keyframe_interval_s: float | None = Field(None, gt=0, le=3600, description="longest allowed keyframe interval")

    @field_validator("*", mode="before")
    @classmethod
    def _plain_number(cls, value: Any) -> Any:
        """Query text must be a plain decimal number: no exponent, underscores, nan/inf or non-ASCII digits."""
        if isinstance(value, str) and not _PLAIN_NUMBER.fullmatch(value):
            raise ValueError(f"must be a plain decimal number, got {value[:20]!r}")
        return value


class CheckIssue(BaseModel):
    """One finding: which check, how bad, when (UTC), which clips, what was measured.

    A run of clips with one cause is one issue: start/end span the run, measured.clips counts its clips.
    """

    check: str = Field(description="one of CHECK_NAMES; a client keeps a name it does not know (a newer server's)")
    severity: Severity
    date: str
    start: datetime
    end: datetime
    clip_ids: list[str]
    paths: list[str]
    detail: str
    measured: Measured


class ExpectedValues(BaseModel):
    """The values clips were judged against, and where each came from (the majority, the camera, the request)."""

    clip_s: float | None
    fps: float | None
    width: int | None
    height: int | None
    max_keyframe_interval_s: float | None
    codec: str | None
    audio: bool | None
    bitrate_kbps: float | None
    bitrate_band_kbps: list[float] | None
    sources: dict[str, ValueSource]


class CheckSummary(BaseModel):
    """One check over the whole request."""

    verdict: Verdict
    issues: int


class ChecksSummary(BaseModel):
    """Counts over the request; clips_without_timing were read by an older version (rescan to judge them fully)."""

    clips: int
    issues: int
    by_check: dict[str, int]
    clips_without_timing: int


class CameraClockState(BaseModel):
    """The camera's clock and boots as the scans read them (API.md "A camera that records")."""

    clock_offset_s: float | None = Field(description="camera clock minus this service's clock at the day's scan")
    drift_ppm: float | None = Field(description="how fast the camera clock runs (+) or lags; null until measurable")
    boots: list[datetime] = Field(description="boots (camera clock) inside the judged part of the day")
    boot_id: str | None = Field(description="the boot the day's scan saw")


class DayVerdict(BaseModel):
    """One day folder's verdict; judged_until: later time was not judged (the clip being written, the camera's
    clock), null when the day was never scanned."""

    date: str
    verdict: Verdict
    clips: int
    issues: int
    by_check: dict[str, int]
    judged_until: datetime | None = None
    camera: CameraClockState | None = None


class CardState(BaseModel):
    """What the last scan learned about the card itself; a part that could not be read says why in not_available.

    kernel_io_errors counts the error lines since the camera booted, new_kernel_io_errors those since the previous scan.
    """

    read: datetime | None
    device: str | None
    read_only: bool | None
    kernel_io_errors: int | None
    name: str | None
    manfid: str | None
    date: str | None
    serial: str | None = None
    new_kernel_io_errors: int | None = None
    retention_days: float | None
    retention_basis: str | None
    not_available: dict[str, str]


class ChecksAnswer(BaseModel):
    """The verdict of a camera's days, with expected values, tolerances, per-check and per-day summaries, issues."""

    model_config = ConfigDict(populate_by_name=True)

    camera_id: str
    from_: str = Field(alias="from")
    to: str
    verdict: Verdict
    expected: ExpectedValues
    tolerances: Tolerances
    summary: ChecksSummary
    checks: dict[str, CheckSummary]
    days: list[DayVerdict]
    issues: list[CheckIssue]
    card: CardState | None
