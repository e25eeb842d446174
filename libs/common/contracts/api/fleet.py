"""GET /api/v1/fleet: one row per configured or scanned camera, worst first (the home page and `sdb fleet`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from libs.common.contracts.api.checks import Severity, Verdict
from libs.common.contracts.records import ScanStatus

CameraState = Literal["watching", "idle", "unreachable", "untrusted_key"]


class DayMark(BaseModel):
    """One day of a row's verdict strip."""

    date: str = Field(description="YYYY-MM-DD (UTC day folder)")
    verdict: Verdict | None = Field(description="The day's verdict; null when the card holds no clip of that day")


class IssueCount(BaseModel):
    """Open issues of one check at one severity."""

    check: str
    severity: Severity
    count: int


class FleetRow(BaseModel):
    """One camera at a glance."""

    camera_id: str = Field(description="Canonical camera id")
    model: str = Field(description="Camera model from the registry, or as last scanned")
    configured: bool = Field(description="Whether the cameras file names this camera")
    state: CameraState = Field(description="watching (a watch runs), idle, unreachable or untrusted_key (last scan)")
    state_detail: str | None = Field(description="Why it is unreachable or untrusted: the last scan's error")
    last_scan_id: str | None = Field(description="Its latest scan, null before any")
    last_scan_status: ScanStatus | None = Field(description="That scan's status")
    last_scan_time: datetime | None = Field(description="When that scan ended (or started, while it runs)")
    last_scan_age_s: float | None = Field(description="Seconds from that time to `generated`")
    last_success_time: datetime | None = Field(description="When its latest completed scan ended")
    verdict_today: Verdict | None = Field(description="Today's verdict (default tolerances); null without clips today")
    open_issues: dict[str, int] = Field(description="Open issues per check: those the latest tick of its watch saw "
                                        "(the issue history), else today's checks")
    issue_counts: list[IssueCount] = Field(description="The same per check and severity")
    recorded_ratio_today: float | None = Field(
        description="Seconds recorded over seconds due today up to the last listing (schedule unknown: all due)")
    gap_s_today: float | None = Field(description="Seconds due today without a clip, up to the last listing")
    slo: float | None = Field(description="The watch window's recording SLO; null without a watch")
    clock_offset_s: float | None = Field(description="Camera clock minus ours at the last scan that read it, seconds")
    uptime_s: float | None = Field(description="Seconds the camera had been up at the last scan that read its clock")
    free_bytes: int | None = Field(description="Bytes free on the card at the last scan")
    retention_days: float | None = Field(description="Estimated days the card holds")
    days: list[DayMark] = Field(description="The verdict strip, oldest first, ending today")


class Fleet(BaseModel):
    """Every camera, worst first: untrusted or unreachable, then today's fail, warn, pass, then no verdict; more
    issues first, then by id."""

    generated: datetime = Field(description="When the table was built, UTC")
    today: str = Field(description="The UTC day judged as today")
    cameras: list[FleetRow]
