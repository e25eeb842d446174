"""Payloads of the work queues (the events are in events.py)."""

from __future__ import annotations

from typing import ClassVar

from libs.common.contracts.envelope import Payload

SCAN_QUEUE = "sdb.scan.requests"
THUMBNAIL_QUEUE = "sdb.thumbnail.jobs"
PRIORITY_ON_SCREEN = 9
PRIORITY_BACKFILL = 1


class ScanRequested(Payload):
    """Ask the collector to scan one camera's card."""

    TYPE: ClassVar[str] = "scan.requested"
    scan_id: str
    camera_id: str
    dates: list[str] | None = None
    thumbnails: bool = True
    previews: bool = True


class ThumbnailJob(Payload):
    """Ask a thumbnailer to make the images of one clip from keyframes already in the store."""

    TYPE: ClassVar[str] = "thumbnail.job"
    scan_id: str
    camera_id: str
    clip_id: str
    fingerprint: str
    codec: str
    keyframes_key: str
    keyframe_count: int
    previews: bool = True

