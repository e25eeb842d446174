"""Running one scan: connect, list, summarise storage, scan the chosen days, store and report."""

from __future__ import annotations

import time

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.store.port import ObjectMissing, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.clip_view import clip_to_api
from libs.common.contracts.events import emit
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import CameraRecord, ClipRecord, DayRecord, ScanRecord, utc_now
from libs.common.documents.day_index import update_day_index
from libs.common.documents.focus import read_focus
from libs.common.documents.scans import complete_if_done, load_scan, save_scan
from services.collector.card_health_reader import store_card_health
from services.collector.card_listing import clips_by_day, storage_summary
from services.collector.day_order import take_next_day
from services.collector.day_scanner import DayScanner
from services.collector.scan_context import ScanContext
from services.collector.schedule_reader import store_schedule

log = structlog.get_logger(__name__)

PROGRESS_EVERY_S = 0.5


class ScanRunner:
    """One scan of one camera, safe to run again for the same request (redelivery)."""

    def __init__(self, ctx: ScanContext, request: ScanRequested) -> None:
        """Bind the collector context and the request."""
        self._ctx, self._request = ctx, request
        self._log = log.bind(scan_id=request.scan_id, camera_id=request.camera_id)
        self._last_progress = 0.0

    async def run(self) -> None:
        """Scan, or do nothing if this scan already ended."""
        record = self._record = await self._load_record()
        if record.status in ("completed", "failed"):
            return
        record.status, record.started = "running", utc_now()
        record.clips_done = record.clips_cached = record.clip_errors = record.images_expected = 0
        record.collected = False  # a redelivered scan must not look complete while it runs again
        await save_scan(self._ctx.store, record)
        await emit(self._ctx.broker, record.scan_id, record.camera_id, "scan.running")
        try:
            await self._scan(record)
        except CameraError as exc:
            await self._fail(record, str(exc))
            return
        await self._note_camera(record)
        record.collected = True
        await self._progress(record, force=True)
        if await complete_if_done(self._ctx.store, record.scan_id):
            await emit(self._ctx.broker, record.scan_id, record.camera_id, "scan.completed")
        self._log.info("scan collected", clips=record.clips_total, cached=record.clips_cached,
                       errors=record.clip_errors, bytes_read=record.bytes_read)

    async def _load_record(self) -> ScanRecord:
        """The record the gateway created, or a fresh one if it is missing."""
        try:
            return await load_scan(self._ctx.store, self._request.scan_id)
        except ObjectMissing:
            request = self._request
            return ScanRecord(scan_id=request.scan_id, camera_id=request.camera_id, dates=request.dates,
                              thumbnails=request.thumbnails, previews=request.previews)

    async def _scan(self, record: ScanRecord) -> None:
        """The camera part: anything a camera error interrupts fails the whole scan."""
        ctx, request = self._ctx, self._request
        target = ctx.registry.resolve(request.camera_id)
        session = await ctx.cameras.session(target)
        usage = await session.disk_usage()
        days = clips_by_day(await session.list_files())
        storage = storage_summary(usage, days)
        await put_json(ctx.store, keys.camera_doc(record.camera_id, "storage"), storage.model_dump(mode="json"))
        await emit(ctx.broker, record.scan_id, record.camera_id, "storage", **storage.model_dump(mode="json"))
        warning = await store_schedule(ctx.store, session, target)
        await store_card_health(ctx.store, session, target)
        if warning is not None and warning not in record.warnings:
            record.warnings.append(warning)
        chosen = [day for day in (request.dates or sorted(days, reverse=True)) if day in days]
        record.clips_total = sum(len(days[day]) for day in chosen)
        await self._progress(record, force=True)
        scanner = DayScanner(ctx, request, record, session, self._clip_done)
        scanned = []
        remaining = list(chosen)
        while remaining:
            focus = await read_focus(ctx.store, record.camera_id)
            day = take_next_day(remaining, focus)
            clips = await scanner.scan(day, days[day], on_screen=day == focus)
            day_record = DayRecord(camera_id=record.camera_id, date=day, scan_id=record.scan_id, clips=clips)
            await put_json(ctx.store, keys.day_doc(record.camera_id, day), day_record.model_dump(mode="json"))
            scanned.append(day_record)
            await emit(ctx.broker, record.scan_id, record.camera_id, "day.scanned", date=day, clips=len(clips))
        present = set(days) if request.dates is None else None
        await update_day_index(ctx.store, record.camera_id, scanned, present)
        if present is not None:
            await self._forget_days_gone(record.camera_id, present)

    async def _forget_days_gone(self, camera_id: str, present: set[str]) -> None:
        """Drop day lists of days no longer on the card (overwritten by the camera's retention)."""
        prefix = keys.day_prefix(camera_id)
        for key in await self._ctx.store.list(prefix):
            if key[len(prefix) : -len(".json")] not in present:
                await self._ctx.store.delete(key)

    async def _clip_done(self, clip: ClipRecord, has_thumb: bool, has_preview: bool) -> None:
        """Tell browsers about the clip and, now and then, store the progress."""
        scan_id, camera_id = self._request.scan_id, self._request.camera_id
        await emit(self._ctx.broker, scan_id, camera_id, "clip", clip=clip_to_api(clip, has_thumb, has_preview))
        await self._progress(self._record)

    async def _progress(self, record: ScanRecord, force: bool = False) -> None:
        """Store and announce progress at most every PROGRESS_EVERY_S unless forced."""
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_EVERY_S:
            return
        self._last_progress = now
        await save_scan(self._ctx.store, record)
        await emit(self._ctx.broker, record.scan_id, record.camera_id, "scan.progress",
                   clips_total=record.clips_total, clips_done=record.clips_done, errors=record.clip_errors,
                   bytes_read=record.bytes_read)

    async def _fail(self, record: ScanRecord, reason: str) -> None:
        """End the scan as failed with a reason a person can act on."""
        self._log.warning("scan failed", reason=reason)
        record.status, record.error, record.finished = "failed", reason, utc_now()
        await save_scan(self._ctx.store, record)
        await self._note_camera(record)
        await emit(self._ctx.broker, record.scan_id, record.camera_id, "scan.failed", error=reason)

    async def _note_camera(self, record: ScanRecord) -> None:
        """Remember the camera and its last scan for the camera list."""
        target = self._ctx.registry.resolve(record.camera_id)
        camera = CameraRecord(id=record.camera_id, host=target.host, model=target.model,
                              last_scan_id=record.scan_id, last_scan_status=record.status,
                              last_scan_time=record.finished or record.started)
        await put_json(self._ctx.store, keys.camera_doc(record.camera_id, "camera"), camera.model_dump(mode="json"))
