"""The thumbnailer worker: competing consumer of image jobs; a job may run twice, outputs overwrite."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import structlog

from libs.common.adapters.broker.event_publishing import emit
from libs.common.adapters.broker.port import Broker, PermanentFailure
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, StoreFull
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.events import ClipFailedEvent, ClipPreviewEvent, ClipThumbnailEvent
from libs.common.contracts.messages import THUMBNAIL_QUEUE, JobImages, ThumbnailJob
from libs.common.contracts.records import ScanStatus
from libs.common.documents.scan_lifecycle import end_scan
from libs.common.documents.scan_progress import PREVIEW_JOB, PREVIEWS, THUMBNAIL_JOB, THUMBS, JobMarkers, mark
from libs.common.domain.clip_identity import ClipRef, InvalidClipId
from services.thumbnailer.first_frames import FirstFrames
from services.thumbnailer.image_maker import ClipImages
from services.thumbnailer.image_messages import ImageRequest
from services.thumbnailer.image_processes import ImageProcessPool
from services.thumbnailer.imaging.errors import ImagingError
from services.thumbnailer.scan_reporting import ScanReporter

log = structlog.get_logger(__name__)

# The markers of the job a message stands for.
_JOBS: dict[JobImages, JobMarkers] = {"thumbnail": THUMBNAIL_JOB, "preview": PREVIEW_JOB}


class ThumbnailWorker:
    """Image jobs in (a thumbnail or a preview), images and markers in the store and events out."""

    def __init__(self, broker: Broker, store: ObjectStore, concurrency: int = 0, prefetch: int = 2,
                 max_tries: int = 3) -> None:
        """concurrency = image worker processes (0: one per core), jobs decoding at once; prefetch = jobs held ready."""
        self._broker, self._store = broker, store
        self.images = ImageProcessPool(concurrency)
        self._decode_turns = asyncio.Semaphore(self.images.size)  # fair: turns go in the order jobs asked
        self._first_frames = FirstFrames()
        self._held: Counter[tuple[object, object]] = Counter()  # jobs this replica holds, by scan and kind
        self._prefetch, self._max_tries = max(prefetch, self.images.size), max_tries
        self._reporter = ScanReporter(store, broker)
        self.jobs_done = self.jobs_failed = 0

    async def start(self) -> None:
        """Start the image worker processes, then consume image jobs."""
        await self.images.start()
        await self._broker.consume(THUMBNAIL_QUEUE, self._handle_unless_full, prefetch=self._prefetch,
                                   max_tries=self._max_tries, on_dead=self._on_dead_unless_full)

    async def _handle_unless_full(self, message: Envelope) -> None:
        """_held_while_handled(); a full store ends the job's scan failed ("storage full") and drops the job."""
        try:
            await self._held_while_handled(message)
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

    async def _held_while_handled(self, message: Envelope) -> None:
        """handle(), counting the message among the jobs held here until it settles (or fails)."""
        holding = [(message.payload.get("scan_id"), message.payload.get("images"))]
        self._held[holding[0]] += 1
        try:
            await self.handle(message, holding)
        finally:
            self._let_go(holding)

    def _let_go(self, holding: list[tuple[object, object]]) -> None:
        """Stop counting a held job (once: `holding` is emptied)."""
        if holding:
            held = holding.pop()
            self._held[held] -= 1
            if not self._held[held]:
                del self._held[held]

    async def handle(self, message: Envelope, holding: list[tuple[object, object]] | None = None) -> None:
        """Make and store one clip's images; raise to have the job retried. `holding`: how it is counted as held."""
        try:
            job = message.open(ThumbnailJob)
            ref = ClipRef.parse(job.clip_id)
        except (MalformedMessage, InvalidClipId) as exc:
            raise PermanentFailure(str(exc)) from exc
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
        await self._settle(job, holding or [])

    async def close(self) -> None:
        """Stop the image worker processes (the broker stops the consumers)."""
        await self.images.close()

    async def _make(self, job: ThumbnailJob) -> ClipImages:
        """Read the keyframe pack while earlier jobs decode, then make its images in a worker process in its turn.

        The decode turn is asked for before any await, so jobs decode in the order the queue gave them: a job given
        later (a preview) never decodes ahead of an earlier one (a thumbnail) whose read took longer. Reading the
        pack before the turn comes keeps the worker processes busy while the next job's pack is read.
        """
        turn = asyncio.ensure_future(self._decode_turns.acquire())  # queued now, in the order jobs came
        try:
            pack = await self._read_pack(job)
            await turn
        except BaseException:
            if not turn.cancel() and not turn.cancelled() and turn.exception() is None:
                self._decode_turns.release()  # the turn came, the job did not get to use it
            raise
        try:
            return await self._decode(job, pack)
        finally:
            self._decode_turns.release()

    async def _read_pack(self, job: ThumbnailJob) -> bytes:
        """The job's keyframe pack; a missing one is a permanent failure."""
        try:
            return await self._store.get(job.keyframes_key)
        except ObjectMissing as exc:
            raise PermanentFailure(f"keyframes of clip {job.clip_id} are not in the store") from exc

    async def _decode(self, job: ThumbnailJob, pack: bytes) -> ClipImages:
        """The job's images from a free worker process.

        A thumbnail job decodes the first keyframe only, a preview job all of them but the first when this clip's
        still was made here lately. Bad keyframes are a permanent failure; a worker process that dies fails the job
        for another try.
        """
        still, animation = job.images == "thumbnail", job.images == "preview"
        first = self._first_frames.take(job.keyframes_key) if animation else None
        try:
            images = await self.images.make(ImageRequest(job.codec, pack, animation, still, first))
        except ImagingError as exc:
            raise PermanentFailure(f"cannot make {_what(job.images)} of clip {job.clip_id}: {exc}") from exc
        self._first_frames.keep(job.keyframes_key, images.first)
        return images

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
        await self._settle(job, [])

    async def _settle(self, job: ThumbnailJob, holding: list[tuple[object, object]]) -> None:
        """Mark the job settled, then let the reporter complete or announce the scan.

        The job stops counting as held here first. Another job of the same scan and kind still held (not settled)
        means that kind has not run out: the reporter need not list the scan's markers to know it.
        """
        markers = _JOBS[job.images]
        await mark(self._store, job.scan_id, markers.settled, job.clip_id)
        self._let_go(holding)
        others_held = self._held[(job.scan_id, job.images)] > 0
        await self._reporter.job_settled(job.scan_id, markers, others_held)


def _what(images: JobImages) -> str:
    """The images a job makes, in words."""
    return {"thumbnail": "the thumbnail", "preview": "the animated preview"}[images]
