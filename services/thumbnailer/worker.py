"""The thumbnailer worker: competing consumer of image jobs; a job may run twice, outputs overwrite."""

from __future__ import annotations

import asyncio
import json

import structlog

from libs.common.adapters.broker.event_publishing import emit
from libs.common.adapters.broker.port import Broker, PermanentFailure
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, StoreFull
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.events import ClipFailedEvent, ClipPreviewEvent, ClipThumbnailEvent
from libs.common.contracts.keyframe_pack import BadKeyframePack
from libs.common.contracts.messages import THUMBNAIL_QUEUE, JobImages, ThumbnailJob
from libs.common.contracts.records import ScanStatus
from libs.common.documents.scan_lifecycle import end_scan
from libs.common.documents.scan_progress import PREVIEW_JOB, PREVIEWS, THUMBNAIL_JOB, THUMBS, JobMarkers, mark
from libs.common.domain.clip_identity import ClipRef, InvalidClipId
from services.thumbnailer.image_maker import ClipImages, ImageMaker
from services.thumbnailer.imaging.errors import ImagingError
from services.thumbnailer.scan_reporting import ScanReporter

log = structlog.get_logger(__name__)

# The markers of the job a message stands for.
_JOBS: dict[JobImages, JobMarkers] = {"thumbnail": THUMBNAIL_JOB, "preview": PREVIEW_JOB}


class ThumbnailWorker:
    """Image jobs in (a thumbnail or a preview), images and markers in the store and events out."""

    def __init__(self, broker: Broker, store: ObjectStore, concurrency: int = 1, prefetch: int = 2,
                 max_tries: int = 3) -> None:
        """concurrency = jobs decoding at once here; prefetch = jobs held ready per replica."""
        self._broker, self._store = broker, store
        self._makers = [ImageMaker() for _ in range(max(1, concurrency))]
        self._decode_turns = asyncio.Semaphore(len(self._makers))  # fair: turns go in the order jobs asked
        self._prefetch, self._max_tries = max(prefetch, concurrency), max_tries
        self._reporter = ScanReporter(store, broker)
        self.jobs_done = self.jobs_failed = 0

    async def start(self) -> None:
        """Start consuming image jobs."""
        await self._broker.consume(THUMBNAIL_QUEUE, self._handle_unless_full, prefetch=self._prefetch,
                                   max_tries=self._max_tries, on_dead=self._on_dead_unless_full)

    async def _handle_unless_full(self, message: Envelope) -> None:
        """handle(); a full store ends the job's scan failed ("storage full") and drops the job."""
        try:
            await self.handle(message)
        except StoreFull as exc:
            await self._storage_full(message, exc)

    async def _on_dead_unless_full(self, message: Envelope, reason: str) -> None:
        """on_dead(); a full store ends the job's scan failed instead of losing the settle."""
        try:
            await self.on_dead(message, reason)
        except StoreFull as exc:
            await self._storage_full(message, exc)

    async def _storage_full(self, message: Envelope, exc: StoreFull) -> None:
        """End the scan of a job that found the store full (its end uses the store's reserve)."""
        scan_id = message.payload.get("scan_id")
        log.warning("image job dropped: the store is full", message_id=message.id, reason=str(exc))
        if isinstance(scan_id, str):
            await end_scan(self._store, self._broker, scan_id, ScanStatus.FAILED, f"storage full: {exc}")

    async def handle(self, message: Envelope) -> None:
        """Make and store one clip's images; raise to have the job retried."""
        try:
            job = message.open(ThumbnailJob)
            ref = ClipRef.parse(job.clip_id)
        except (MalformedMessage, InvalidClipId) as exc:
            raise PermanentFailure(str(exc)) from exc
        async with self._decode_turns:  # asked before any await: jobs decode in the order the queue gave them
            images = await self._make(job)
        if images.thumbnail is not None:
            await self._store.put(keys.clip_image("thumbs", ref), images.thumbnail, "image/webp")
            await mark(self._store, job.scan_id, THUMBS, job.clip_id)
            url = f"/api/v1/clips/{job.clip_id}/thumbnail"
            await emit(self._broker, ClipThumbnailEvent(scan_id=job.scan_id, camera_id=job.camera_id,
                                                        clip_id=job.clip_id, url=url))
        if images.preview is not None:
            await self._store.put(keys.clip_image("previews", ref), images.preview, "image/webp")
            await mark(self._store, job.scan_id, PREVIEWS, job.clip_id)
            await emit(self._broker, ClipPreviewEvent(scan_id=job.scan_id, camera_id=job.camera_id,
                                                      clip_id=job.clip_id, url=f"/api/v1/clips/{job.clip_id}/preview"))
        self.jobs_done += 1  # before settling: whoever sees the scan complete sees this job counted
        await self._settle(job)

    async def _make(self, job: ThumbnailJob) -> ClipImages:
        """Read the keyframe pack and decode it in a thread with a free ImageMaker (the caller holds a decode turn).

        A thumbnail job decodes the first keyframe only, a preview job all of them. The turn is taken before the
        pack is read so that a job the queue gave later (a preview) never decodes ahead of an earlier one (a
        thumbnail) whose read took longer. Missing or bad keyframes are a permanent failure.
        """
        try:
            pack = await self._store.get(job.keyframes_key)
        except ObjectMissing as exc:
            raise PermanentFailure(f"keyframes of clip {job.clip_id} are not in the store") from exc
        still, animation = job.images == "thumbnail", job.images == "preview"
        try:
            return await self._decode(job.codec, pack, animation, still)
        except (ImagingError, BadKeyframePack) as exc:
            raise PermanentFailure(f"cannot make {_what(job.images)} of clip {job.clip_id}: {exc}") from exc

    async def _decode(self, codec: str, pack: bytes, animation: bool, still: bool) -> ClipImages:
        """Decode a keyframe pack into the wanted images in a thread, with a free ImageMaker (its decoder reused)."""
        maker = self._makers.pop()
        try:
            return await asyncio.to_thread(maker.make, codec, pack, animation, still)
        finally:
            self._makers.append(maker)

    async def on_dead(self, message: Envelope, reason: str) -> None:
        """A job that failed for good becomes a per-clip image error, and still settles.

        The clip's error document (`image-errors/`) is about its thumbnail; a failed preview is only a marker, and
        leaves the thumbnail as it is.
        """
        self.jobs_failed += 1
        try:
            job = message.open(ThumbnailJob)
            ref = ClipRef.parse(job.clip_id)
        except (MalformedMessage, InvalidClipId):
            log.warning("malformed image job dead-lettered", message_id=message.id, reason=reason)
            return
        error = json.dumps({"clip_id": job.clip_id, "error": reason, "images": job.images}).encode()
        if job.images != "preview":
            await self._store.put(keys.clip_image("image-errors", ref, "json"), error, "application/json")
        failed = _JOBS[job.images].failed
        await mark(self._store, job.scan_id, failed, job.clip_id, error)
        await emit(self._broker, ClipFailedEvent(scan_id=job.scan_id, camera_id=job.camera_id, clip_id=job.clip_id,
                                                 error=reason, images=job.images))
        await self._settle(job)

    async def _settle(self, job: ThumbnailJob) -> None:
        """Mark the job settled, then let the reporter complete or announce the scan."""
        markers = _JOBS[job.images]
        await mark(self._store, job.scan_id, markers.settled, job.clip_id)
        await self._reporter.job_settled(job.scan_id, markers)


def _what(images: JobImages) -> str:
    """The images a job makes, in words."""
    return {"thumbnail": "the thumbnail", "preview": "the animated preview"}[images]
