"""Payloads of the work queues (the events are in events.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from libs.common.contracts.envelope import Payload

SCAN_QUEUE = "sdb.scan.requests"
THUMBNAIL_QUEUE = "sdb.thumbnail.jobs"
PRIORITY_ON_SCREEN = 9
PRIORITY_BACKFILL = 1
PRIORITY_PREVIEW = 0  # below every thumbnail: all queued thumbnails go before any animated preview

JobImages = Literal["thumbnail", "preview"]


class ScanRequested(Payload):
    """Ask the collector to scan one camera's card."""

    TYPE: ClassVar[str] = "scan.requested"
    scan_id: str
    camera_id: str
    dates: list[str] | None = None
    thumbnails: bool = True
    previews: bool = True


class ThumbnailJob(Payload):
    """Ask a thumbnailer to make one image of one clip from keyframes already in the store.

    `images` says which: the still from the first keyframe, or the animated preview from all of them. (The one job
    for both images of before issue 10 is gone: no producer sends it since, see the rule in envelope.py.)
    """

    TYPE: ClassVar[str] = "thumbnail.job"
    scan_id: str
    camera_id: str
    clip_id: str
    fingerprint: str
    codec: str
    keyframes_key: str
    keyframe_count: int
    images: JobImages

