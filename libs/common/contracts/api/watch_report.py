"""GET /api/v1/watches/{watch_id}/report: the soak report of a watch's window (API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from libs.common.contracts.api.checks import Verdict
from libs.common.contracts.api.issues import HistoryIssue

GapCause = Literal["stopped", "reboot"]


class ReportGap(BaseModel):
    """A stretch without recording while recording was scheduled; its cause where the checks know it."""

    start: datetime
    end: datetime
    seconds: float
    cause: GapCause | None


class ReportIncident(BaseModel):
    """A stretch the camera could not be scanned (end null while it lasts)."""

    start: datetime
    end: datetime | None


class ClockSummary(BaseModel):
    """The camera clock over the window, where the checks measured it (null where not)."""

    offset_s: float | None
    max_abs_offset_s: float | None
    drift_ppm: float | None
    steps: int


class CardTrend(BaseModel):
    """Free space at the first and last tick, and the retention estimate at the last."""

    free_bytes_first: int | None
    free_bytes_last: int | None
    retention_days_last: float | None


class WatchReport(BaseModel):
    """The verdict of a watch's window: SLO, gaps, unreachable stretches, reboots, clock, card, issues."""

    model_config = ConfigDict(populate_by_name=True)

    watch_id: str
    camera_id: str
    from_: datetime = Field(alias="from")
    to: datetime
    verdict: Verdict
    ticks: int
    scheduled_s: float
    recorded_s: float
    recording_slo: float | None
    gaps: list[ReportGap]
    unreachable: list[ReportIncident]
    reboots: list[datetime]
    clock: ClockSummary
    card: CardTrend
    issues: list[HistoryIssue]
