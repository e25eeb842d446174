"""Scans: the request to start one, the answer, a scan's status and progress, and its per-clip problems."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from libs.common.contracts.records import ScanPhase, ScanStatus
from libs.common.domain.calendar_dates import checked_day


class ScanBody(BaseModel):
    """What to scan: some days (UTC folders) or all, and whether to make images (the request body of a scan)."""

    model_config = ConfigDict(extra="forbid")

    dates: list[str] | None = None
    thumbnails: bool = True
    previews: bool = True

    @field_validator("dates")
    @classmethod
    def _valid_dates(cls, dates: list[str] | None) -> list[str] | None:
        """Each a real YYYY-MM-DD date, at most 366, no repeats."""
        if dates is None:
            return None
        if not 0 < len(dates) <= 366:
            raise ValueError("give 1 to 366 dates, or null for all")
        return list(dict.fromkeys(checked_day(value) for value in dates))


class ScanAccepted(BaseModel):
    """The scan that was queued, or the one of this camera already queued or running."""

    scan_id: str = Field(description="32 hex digits")
    status: ScanStatus


class ScanProgress(BaseModel):
    """How far a scan got: clips (metadata), images, errors and bytes read from the camera."""

    clips_total: int = Field(description="Clips found on the days being scanned")
    clips_done: int = Field(description="Clips whose facts are stored (read or cached)")
    clips_cached: int = Field(description="Clips unchanged since an earlier scan: nothing read")
    thumbnails_done: int = Field(description="Clips whose thumbnail is made")
    previews_done: int = Field(description="Clips whose animated preview is made")
    images_expected: int = Field(description="Clips whose images this scan settles (made earlier or queued)")
    errors: int = Field(description="Clips whose facts could not be read plus image jobs given up on")
    bytes_read: int = Field(description="Bytes read from the camera in all: facts and images")
    image_bytes_read: int = Field(description="Of bytes_read, the bytes read for images (keyframes)")
    phase: ScanPhase | None = Field(
        default=None, description="What a running scan is waiting for: listing the card, reading clip metadata, "
        "thumbnails, then animated previews; null while queued and once ended")


class ScanView(BaseModel):
    """A scan's status and progress."""

    scan_id: str
    camera_id: str
    status: ScanStatus
    progress: ScanProgress
    error: str | None = Field(description="Why the scan failed; null unless status is failed")
    warnings: list[str] = Field(description="Problems that did not stop the scan, e.g. an unreadable schedule")
    dates: list[str] | None = Field(description="The days asked for; null for the whole card")
    created: str = Field(description="When the scan was queued, ISO 8601 with UTC offset")
    started: str | None = Field(description="When a collector started it")
    finished: str | None = Field(description="When it completed or failed")


class ClipProblem(BaseModel):
    """One clip that did not get its full result in a scan, the stage that failed and why."""

    clip_id: str
    stage: Literal["metadata", "images"]
    error: str = Field(description="The reason, in words")
