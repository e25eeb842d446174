"""A scan's life, owned here alone: each transition saves the ScanRecord and announces it with its typed event.

    queued ──▶ running ──(collected)──▶ completed
      │         │  ▲ a redelivered request runs it again from the facts already stored
      └─────────┴──▶ failed
The gateway queues a scan (`queue_scan`). A collector runs it through a `ScanRun` (running, counts, progress,
collected, failed) and gives it up after its retries (`give_up`). Whoever settles the last image job,
collector or thumbnailer, completes it (`complete_if_done`). The camera's "last scan" follows every step. States:
`ScanStatus` (contracts/records.py); image progress and a running scan's phase come from the markers
(scan_progress.py); every scan.progress event is built here.

Several processes write a scan record (gateway, collector, thumbnailers, the stall watch), so every write is
conditional on the version its writer read (conditional_update.py): a writer that loses reads again and applies its
change again. A move to an end is made, saved and announced by exactly one writer; a collector whose scan was ended
under it (given up, stalled) hears ScanEnded at its next write and stops.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import structlog

from libs.common.adapters.broker.event_publishing import emit
from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.store.port import ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanCompletedEvent, ScanFailedEvent, ScanProgressEvent, ScanRunningEvent
from libs.common.contracts.messages import SCAN_QUEUE, ScanRequested
from libs.common.contracts.records import CameraRecord, ScanPhase, ScanRecord, ScanStatus, utc_now
from libs.common.documents.camera_scans import note_last_scan, point_active_scan
from libs.common.documents.conditional_update import update_document
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


class ScanEnded(RuntimeError):
    """The scan a collector runs was ended by another process (given up, stalled): stop running it."""

    def __init__(self, record: ScanRecord) -> None:
        """Keep the ended record as stored."""
        super().__init__(f"scan {record.scan_id} ended {record.status.value} while it ran: {record.error}")
        self.record = record


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


async def _update(store: ObjectStore, scan_id: str,
                  change: Callable[[ScanRecord | None], ScanRecord | None]) -> ScanRecord | None:
    """Change the stored scan record conditionally on the version read (private: only transitions write it)."""
    return await update_document(store, keys.scan_doc(scan_id), ScanRecord, change)


async def queue_scan(store: ObjectStore, broker: Broker, request: ScanRequested) -> ScanRecord:
    """Create the scan queued and put its request on the scan queue; BrokerUnavailable leaves it failed."""
    record = ScanRecord(scan_id=request.scan_id, camera_id=request.camera_id, dates=request.dates,
                        thumbnails=request.thumbnails, previews=request.previews)
    await _update(store, record.scan_id, lambda stored: record if stored is None else None)
    try:
        await broker.publish(SCAN_QUEUE, Envelope.wrap(request, request.scan_id))
    except BrokerUnavailable:
        await end_scan(store, broker, record.scan_id, ScanStatus.FAILED, "message broker unavailable")
        raise
    await point_active_scan(store, request.camera_id, request.scan_id)
    return record


async def complete_if_done(store: ObjectStore, broker: Broker, scan_id: str) -> bool:
    """running (collected) → completed once every expected image job settled; True if this call completed it (of
    callers racing on the last jobs, thumbnailers in other processes or the collector, exactly one does)."""
    record = await load_scan(store, scan_id)
    if record.status is not ScanStatus.RUNNING or not record.collected or not await all_settled(store, scan_id):
        return False
    return await end_scan(store, broker, scan_id, ScanStatus.COMPLETED, only_collected=True)


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
    await end_scan(store, broker, scan_id, ScanStatus.FAILED, f"scan gave up: {reason}")


async def end_scan(store: ObjectStore, broker: Broker, scan_id: str, status: ScanStatus, error: str | None = None,
                   camera: CameraRecord | None = None, *, only_collected: bool = False) -> bool:
    """Move a queued or running scan to completed or failed, save, note the camera's last scan and announce it;
    False (nothing written or announced) for a scan unknown, ended, or (only_collected) not collected. Of racing
    callers exactly one ends it."""

    def finish(record: ScanRecord | None) -> ScanRecord | None:
        if record is None or record.status.ended or (only_collected and not record.collected):
            return None
        _move(record, status)
        record.error = error
        return record

    try:
        ended = await _update(store, scan_id, finish)
    except ValueError:  # a stored record that is not a scan record
        return False
    if ended is None:
        return False
    await note_last_scan(store, ended, camera)
    await record_scan_end(store, ended)
    if status is ScanStatus.COMPLETED:
        log.info("scan completed", scan_id=scan_id, camera_id=ended.camera_id)
        await emit(broker, ScanCompletedEvent(scan_id=scan_id, camera_id=ended.camera_id))
    else:
        log.warning("scan failed", scan_id=scan_id, camera_id=ended.camera_id, reason=error)
        await emit(broker, ScanFailedEvent(scan_id=scan_id, camera_id=ended.camera_id, error=error or ""))
    return True


class ScanRun:
    """A scan a collector is running: every change to its record goes through here, saved and announced. The
    collector owns a running scan's counts: a save that loses re-applies them, unless the scan ended (ScanEnded)."""

    def __init__(self, store: ObjectStore, broker: Broker, record: ScanRecord, camera: CameraRecord) -> None:
        """Hold the record being run and the camera's entry for the camera list (see `begin`)."""
        self._store, self._broker, self._record, self._camera = store, broker, record, camera
        self._last_progress = 0.0

    @classmethod
    async def begin(cls, store: ObjectStore, broker: Broker, request: ScanRequested,
                    camera: CameraRecord) -> ScanRun | None:
        """queued → running, or running again after a redelivery (counts start over); None if it already ended."""

        def run(record: ScanRecord | None) -> ScanRecord | None:
            if record is None:
                record = ScanRecord(scan_id=request.scan_id, camera_id=request.camera_id, dates=request.dates,
                                    thumbnails=request.thumbnails, previews=request.previews)
            if record.status.ended:
                return None
            _move(record, ScanStatus.RUNNING)
            record.clips_total = record.clips_done = record.clips_cached = record.clip_errors = 0
            record.collected = False  # a redelivered scan must not look complete while it runs again
            return record

        record = await _update(store, request.scan_id, run)
        if record is None:
            return None
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

    async def _save(self) -> None:
        """Store this run's record over the stored one while the scan runs; ScanEnded once another process ended it."""

        def ours(stored: ScanRecord | None) -> ScanRecord:
            if stored is not None and stored.status.ended:
                raise ScanEnded(stored)
            return self._record

        await _update(self._store, self._record.scan_id, ours)

    async def progress(self, force: bool = False) -> None:
        """Store and announce the counts, at most every PROGRESS_EVERY_S unless forced."""
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_EVERY_S:
            return
        self._last_progress = now
        await self._save()
        await emit(self._broker, _progress_event(self._record, "metadata"))

    async def collected(self) -> None:
        """The card part is done (still running until the image jobs settle); completes now if none is pending."""
        await note_last_scan(self._store, self._record, self._camera)  # named first: whoever ends it updates it
        self._record.collected = True
        try:
            await self._save()
        except ScanEnded as ended:
            await note_last_scan(self._store, ended.record, None)
            raise
        await announce_image_progress(self._store, self._broker, self._record)
        await complete_if_done(self._store, self._broker, self._record.scan_id)

    async def fail(self, reason: str) -> None:
        """running → failed, with a reason a person can act on (nothing if another process ended it first)."""
        await end_scan(self._store, self._broker, self._record.scan_id, ScanStatus.FAILED, reason, self._camera)
