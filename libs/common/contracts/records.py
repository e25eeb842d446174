"""Stored documents: a scan's status and one clip's row in a day list."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from libs.common.adapters.media.clip_facts import ClipFacts

# recording: the clip the camera is writing at scan time (the newest, no readable index yet, modified within one
# clip length of the camera's clock); never an issue, read again by the next scan
ClipStatus = Literal["ok", "incomplete", "unreadable", "recording"]


def is_broken(status: ClipStatus) -> bool:
    """Incomplete or unreadable; a clip being written (recording) is not broken."""
    return status in ("incomplete", "unreadable")


class ScanStatus(StrEnum):
    """Where a scan is in its life; documents/scan_lifecycle.py alone moves a scan between these."""

    # accepted by the gateway, the request is on the scan queue; no collector has taken it yet
    QUEUED = "queued"
    # a collector is reading the card (again, after a redelivery); once `collected` is set the card part is
    # done and the scan waits for its image jobs to settle
    RUNNING = "running"
    # collected and every image job settled (made or failed for good): the results are final
    COMPLETED = "completed"
    # ended with a reason: camera unreachable, the request could not be queued, or the collector gave up
    FAILED = "failed"

    @property
    def ended(self) -> bool:
        """Whether the scan can change no more."""
        return self in (ScanStatus.COMPLETED, ScanStatus.FAILED)


# What a running scan is waiting for, in the order a scan goes through them (documents/scan_progress.py derives it):
# listing = the card's listing and disk usage; metadata = facts and keyframes read from the camera, clip by clip;
# thumbnails = the card is read and thumbnail jobs are still queued; previews = every thumbnail is settled and
# animated-preview jobs are still queued (a lower priority, so they come last).
ScanPhase = Literal["listing", "metadata", "thumbnails", "previews"]
SCAN_PHASES: tuple[ScanPhase, ...] = ("listing", "metadata", "thumbnails", "previews")


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


class ScanRecord(BaseModel):
    """A scan's status and counts; image counts are derived from its markers (documents/scan_progress.py)."""

    scan_id: str
    camera_id: str
    status: ScanStatus = ScanStatus.QUEUED
    error: str | None = None
    dates: list[str] | None = None
    thumbnails: bool = True
    previews: bool = True
    created: datetime = Field(default_factory=utc_now)
    started: datetime | None = None
    finished: datetime | None = None
    collected: bool = False
    clips_total: int = 0
    clips_done: int = 0
    clips_cached: int = 0
    clip_errors: int = 0
    bytes_read: int = 0
    image_bytes_read: int = 0
    warnings: list[str] = Field(default_factory=list)


class ActiveScan(BaseModel):
    """A camera's pointer to its scan still queued or running (the last one queued; it may have ended since)."""

    scan_id: str


class ClipRecord(BaseModel):
    """One clip file on the card with its facts (or why there are none).

    facts_version is the prober's CLIP_FACTS_VERSION when the clip was read; stored records without it are 1.
    """

    clip_id: str
    path: str
    start: datetime
    size_bytes: int
    mtime: int
    status: ClipStatus
    error: str | None = None
    facts: ClipFacts | None = None
    bytes_read: int = 0
    keyframes: int = 0
    thumbnail_bytes_read: int = 0
    preview_bytes_read: int = 0
    facts_version: int = 1


class DayRecord(BaseModel):
    """All clips of one UTC day folder, from the latest scan that covered it."""

    camera_id: str
    date: str
    scan_id: str
    clips: list[ClipRecord]
    camera_clock: datetime | None = None  # the camera's clock when the scan listed the card (None: not read)


class StorageRecord(BaseModel):
    """The card's filesystem usage and the recordings on it."""

    total_bytes: int
    used_bytes: int
    free_bytes: int
    recordings_bytes: int
    oldest: datetime | None
    newest: datetime | None
    measured: datetime = Field(default_factory=utc_now)


class CameraRecord(BaseModel):
    """What we know about a camera that was scanned."""

    id: str
    host: str
    model: str
    last_scan_id: str | None = None
    last_scan_status: ScanStatus | None = None
    last_scan_time: datetime | None = None
