"""A scan's life, owned here alone: each transition saves the ScanRecord and announces it with its typed event.

    queued ──▶ running ──(collected)──▶ completed
      │         │  ▲ a redelivered request runs it again from the facts already stored
      └─────────┴──▶ failed

The gateway queues a scan (`queue_scan`). A collector runs it through a `ScanRun` (running, counts, progress,
collected, failed) and gives it up after its retries (`give_up`). Whoever settles the last image job,
collector or thumbnailer, completes it (`complete_if_done`). The camera's "last scan" follows every step.
The states themselves are `ScanStatus` in contracts/records.py; image progress and the phase a running scan is
in (listing, metadata, thumbnails, previews) are derived from markers in scan_progress.py, and every scan.progress
event is built here.
"""

from __future__ import annotations

import time

import structlog

from libs.common.adapters.broker.event_publishing import emit
from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanCompletedEvent, ScanFailedEvent, ScanProgressEvent, ScanRunningEvent
from libs.common.contracts.messages import SCAN_QUEUE, ScanRequested
from libs.common.contracts.records import CameraRecord, ScanPhase, ScanRecord, ScanStatus, utc_now
from libs.common.documents.scan_progress import all_settled, image_progress, scan_phase
from libs.common.documents.scan_tally import record_scan_end

log = structlog.get_logger(__name__)

PROGRESS_EVERY_S = 0.5
_NEXT: dict[ScanStatus, frozenset[ScanStatus]] = {
    ScanStatus.QUEUED: frozenset({ScanStatus.RUNNING, ScanStatus.FAILED}),
    ScanStatus.RUNNING: frozenset({ScanStatus.RUNNING, ScanStatus.COMPLETED, ScanStatus.FAILED}),
    ScanStatus.COMPLETED: frozenset(),
    ScanStatus.FAILED: frozenset(),
}


class ScanStateError(RuntimeError):
    """A move between two states that a scan's life does not have."""


def _move(record: ScanRecord, to: ScanStatus) -> None:
    """Change the record's status and its start or end time; ScanStateError for a move not in _NEXT."""
    if to not in _NEXT[record.status]:
        raise ScanStateError(f"scan {record.scan_id} cannot go from {record.status.value} to {to.value}")
    record.status = to
    if to is ScanStatus.RUNNING:
        record.started = utc_now()
    elif to.ended:
        record.finished = utc_now()


async def load_scan(store: ObjectStore, scan_id: str) -> ScanRecord:
    """The stored scan record (ObjectMissing if there is none)."""
    return ScanRecord.model_validate(await get_json(store, keys.scan_doc(scan_id)))


async def _save(store: ObjectStore, record: ScanRecord) -> None:
    """Replace the stored scan record (private: only transitions write it)."""
    await put_json(store, keys.scan_doc(record.scan_id), record.model_dump(mode="json"))


async def active_scan(store: ObjectStore, camera_id: str) -> ScanRecord | None:
    """The camera's scan that is still queued or running, if any."""
    try:
        active = await get_json(store, keys.camera_doc(camera_id, "active_scan"))
        record = await load_scan(store, active["scan_id"])
    except (ObjectMissing, KeyError, TypeError, ValueError):
        return None
    return None if record.status.ended else record


async def queue_scan(store: ObjectStore, broker: Broker, request: ScanRequested) -> ScanRecord:
    """Create the scan queued and put its request on the scan queue; BrokerUnavailable leaves it failed."""
    record = ScanRecord(scan_id=request.scan_id, camera_id=request.camera_id, dates=request.dates,
                        thumbnails=request.thumbnails, previews=request.previews)
    await _save(store, record)
    try:
        await broker.publish(SCAN_QUEUE, Envelope.wrap(request, request.scan_id))
    except BrokerUnavailable:
        await _end(store, broker, record, ScanStatus.FAILED, "message broker unavailable")
        raise
    await put_json(store, keys.camera_doc(request.camera_id, "active_scan"), {"scan_id": request.scan_id})
    return record


async def complete_if_done(store: ObjectStore, broker: Broker, scan_id: str) -> bool:
    """running (collected) → completed once every expected image job settled; True if this call completed it."""
    record = await load_scan(store, scan_id)
    if record.status is not ScanStatus.RUNNING or not record.collected or not await all_settled(store, scan_id):
        return False
    await _end(store, broker, record, ScanStatus.COMPLETED)
    return True


async def announce_image_progress(store: ObjectStore, broker: Broker, record: ScanRecord) -> None:
    """Emit a running scan's progress with its image counts and the phase its markers say it is in."""
    images = await image_progress(store, record.scan_id)
    phase = scan_phase(record, images)
    if phase is not None:
        await emit(broker, _progress_event(record, phase, images_expected=images.expected, errors=record.clip_errors
                                           + images.failed, thumbnails_done=images.thumbnails_done,
                                           previews_done=images.previews_done))


def _progress_event(record: ScanRecord, phase: ScanPhase, **counts: int) -> ScanProgressEvent:
    """The scan.progress event of a record, in a phase, with image counts where they were counted."""
    fields = {"clips_total": record.clips_total, "clips_done": record.clips_done, "errors": record.clip_errors,
              "bytes_read": record.bytes_read} | counts
    return ScanProgressEvent(scan_id=record.scan_id, camera_id=record.camera_id, phase=phase, **fields)


async def give_up(store: ObjectStore, broker: Broker, scan_id: str, reason: str) -> None:
    """queued/running → failed when its request failed for good; an unknown or ended scan stays as it is."""
    try:
        record = await load_scan(store, scan_id)
    except (ObjectMissing, ValueError):
        return
    if not record.status.ended:
        await _end(store, broker, record, ScanStatus.FAILED, f"scan gave up: {reason}")


async def _end(store: ObjectStore, broker: Broker, record: ScanRecord, status: ScanStatus, error: str | None = None,
               camera: CameraRecord | None = None) -> None:
    """Move to completed or failed, save, update the camera's last scan and scan totals, and announce it."""
    _move(record, status)
    record.error = error
    await _save(store, record)
    await _note_last_scan(store, record, camera)
    await record_scan_end(store, record)
    if status is ScanStatus.COMPLETED:
        log.info("scan completed", scan_id=record.scan_id, camera_id=record.camera_id)
        await emit(broker, ScanCompletedEvent(scan_id=record.scan_id, camera_id=record.camera_id))
    else:
        log.warning("scan failed", scan_id=record.scan_id, camera_id=record.camera_id, reason=error)
        await emit(broker, ScanFailedEvent(scan_id=record.scan_id, camera_id=record.camera_id, error=error or ""))


async def _note_last_scan(store: ObjectStore, record: ScanRecord, camera: CameraRecord | None) -> None:
    """Write the camera's last scan from `camera`, or update the stored one if it names this scan."""
    key = keys.camera_doc(record.camera_id, "camera")
    if camera is None:
        try:
            camera = CameraRecord.model_validate(await get_json(store, key))
        except ObjectMissing:
            return
        if camera.last_scan_id != record.scan_id:
            return
    camera = camera.model_copy(update={"last_scan_id": record.scan_id, "last_scan_status": record.status,
                                       "last_scan_time": record.finished or record.started})
    await put_json(store, key, camera.model_dump(mode="json"))


class ScanRun:
    """A scan a collector is running: every change to its record goes through here, saved and announced."""

    def __init__(self, store: ObjectStore, broker: Broker, record: ScanRecord, camera: CameraRecord) -> None:
        """Hold the record being run and the camera's entry for the camera list (see `begin`)."""
        self._store, self._broker, self._record, self._camera = store, broker, record, camera
        self._last_progress = 0.0

    @classmethod
    async def begin(cls, store: ObjectStore, broker: Broker, request: ScanRequested,
                    camera: CameraRecord) -> ScanRun | None:
        """queued → running, or running again after a redelivery (counts start over); None if it already ended."""
        try:
            record = await load_scan(store, request.scan_id)
        except ObjectMissing:
            record = ScanRecord(scan_id=request.scan_id, camera_id=request.camera_id, dates=request.dates,
                                thumbnails=request.thumbnails, previews=request.previews)
        if record.status.ended:
            return None
        _move(record, ScanStatus.RUNNING)
        record.clips_total = record.clips_done = record.clips_cached = record.clip_errors = 0
        record.collected = False  # a redelivered scan must not look complete while it runs again
        await _save(store, record)
        await emit(broker, ScanRunningEvent(scan_id=record.scan_id, camera_id=record.camera_id))
        await emit(broker, _progress_event(record, "listing"))
        return cls(store, broker, record, camera)

    @property
    def record(self) -> ScanRecord:
        """The record as it stands (read it; change it through the methods)."""
        return self._record

    def warn(self, warning: str) -> None:
        """Add a warning that does not stop the scan, once."""
        if warning not in self._record.warnings:
            self._record.warnings.append(warning)

    def plan(self, clips_total: int) -> None:
        """Set how many clips this scan will go through."""
        self._record.clips_total = clips_total

    def count_clip(self, *, ok: bool, cached: bool, bytes_read: int, image_bytes_read: int) -> None:
        """Count one clip gone through: whether it is readable, its facts were cached, and the camera bytes."""
        record = self._record
        record.clips_done += 1
        record.clips_cached += cached
        record.clip_errors += not ok
        record.bytes_read += bytes_read
        record.image_bytes_read += image_bytes_read

    async def progress(self, force: bool = False) -> None:
        """Store and announce the counts, at most every PROGRESS_EVERY_S unless forced."""
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_EVERY_S:
            return
        self._last_progress = now
        await _save(self._store, self._record)
        await emit(self._broker, _progress_event(self._record, "metadata"))

    async def collected(self) -> None:
        """The card part is done (still running until the image jobs settle); completes now if none is pending."""
        await _note_last_scan(self._store, self._record, self._camera)
        self._record.collected = True
        await _save(self._store, self._record)
        await announce_image_progress(self._store, self._broker, self._record)
        await complete_if_done(self._store, self._broker, self._record.scan_id)

    async def fail(self, reason: str) -> None:
        """running → failed, with a reason a person can act on."""
        await _end(self._store, self._broker, self._record, ScanStatus.FAILED, reason, self._camera)
