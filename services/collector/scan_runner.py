"""Running one scan: connect, list, summarise storage, scan the chosen days, store and report."""

from __future__ import annotations

import asyncio
from contextlib import aclosing
from datetime import datetime

import structlog

from libs.common.adapters.broker.event_publishing import emit
from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.port import StoreFull, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.camera_clock import ClockReading
from libs.common.contracts.events import ClipReadEvent, DayScannedEvent, StorageEvent
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import CameraRecord, ClipRecord, DayRecord, is_broken
from libs.common.documents.day_index import update_day_index
from libs.common.documents.focus import read_focus
from libs.common.documents.scan_lifecycle import ScanEnded, ScanRun
from services.collector.camera_clock_reader import clip_being_written, read_camera_clock, store_clock_reading
from services.collector.camera_port import CardSession
from services.collector.card_health_reader import store_card_health
from services.collector.card_listing import CardListing, disk_usage, list_card, storage_summary
from services.collector.day_order import take_next_day
from services.collector.day_scanner import ClipOutcome, DayScanner
from services.collector.scan_context import ScanContext
from services.collector.schedule_reader import store_schedule

log = structlog.get_logger(__name__)


class ScanRunner:
    """One scan of one camera, safe to run again for the same request (redelivery); the only changer of its record."""

    def __init__(self, ctx: ScanContext, request: ScanRequested) -> None:
        """Bind the collector context and the request."""
        self._ctx, self._request = ctx, request
        self._log = log.bind(scan_id=request.scan_id, camera_id=request.camera_id)

    async def run(self) -> None:
        """Scan, or do nothing if this scan already ended."""
        ctx, request = self._ctx, self._request
        target = ctx.registry.resolve(request.camera_id)
        camera = CameraRecord(id=request.camera_id, host=target.host, model=target.model)
        run = await ScanRun.begin(ctx.store, ctx.broker, request, camera)
        if run is None:
            return
        try:
            await self._scan(run, target)
            await run.collected()
        except CameraError as exc:
            await run.fail(str(exc))
            return
        except StoreFull as exc:
            await run.fail(f"storage full: {exc}")
            return
        except ScanEnded as exc:
            self._log.warning("scan ended by another process, stopped", reason=str(exc))
            return
        record = run.record
        self._log.info("scan collected", clips=record.clips_total, cached=record.clips_cached,
                       errors=record.clip_errors, bytes_read=record.bytes_read)

    async def _scan(self, run: ScanRun, target: CameraTarget) -> None:
        """The camera part: anything a camera error interrupts fails the whole scan.

        The schedule and the card's state are read beside the days, off the path to the first thumbnail.
        """
        session = await self._ctx.cameras.session(target)
        listing, clock = await asyncio.gather(self._list(run, session, target),
                                              read_camera_clock(session, self._request.scan_id))
        await store_clock_reading(self._ctx.store, target.camera_id, clock)
        boot_id = clock.boot_id if clock is not None else None
        beside = asyncio.ensure_future(self._schedule_and_card_state(run, session, target, boot_id))
        try:
            await self._days(run, session, listing, clock, target)
            await beside
        finally:
            beside.cancel()
            await asyncio.gather(beside, return_exceptions=True)

    async def _list(self, run: ScanRun, session: CardSession, target: CameraTarget) -> CardListing:
        """List the card and read its disk usage at the same time; store and announce the storage summary."""
        ctx, scan_id, camera_id = self._ctx, self._request.scan_id, self._request.camera_id
        listing, usage = await asyncio.gather(list_card(session, target.sd_root), disk_usage(session))
        if listing.warning is not None:
            self._log.warning("card root holds no clips", reason=listing.warning)
            run.warn(listing.warning)
        if listing.listed:
            if usage is None:
                usage = await session.disk_usage()  # listed but df failed: its error fails the scan
            storage = storage_summary(usage, listing.days)
            await put_json(ctx.store, keys.camera_doc(camera_id, "storage"), storage.model_dump(mode="json"))
            await emit(ctx.broker, StorageEvent(scan_id=scan_id, camera_id=camera_id, **storage.model_dump()))
        return listing

    async def _schedule_and_card_state(self, run: ScanRun, session: CardSession, target: CameraTarget,
                                       boot_id: str | None) -> None:
        """Read and store the recording schedule (a warning if that fails) and the card's state (its kernel log
        belongs to the boot the clock reading saw)."""
        warning = await store_schedule(self._ctx.store, session, target)
        await store_card_health(self._ctx.store, session, target, boot_id)
        if warning is not None:
            run.warn(warning)

    async def _days(self, run: ScanRun, session: CardSession, listing: CardListing, clock: ClockReading | None,
                    target: CameraTarget) -> None:
        """Scan the chosen days, newest first and the day on screen before any other; update the day index.

        Each day list notes the camera's clock: the day is judged up to it (or up to the clip being written)."""
        ctx, request = self._ctx, self._request
        scan_id, camera_id, days = request.scan_id, request.camera_id, listing.days
        chosen = sorted((day for day in request.dates or days if day in days), reverse=True)
        run.plan(sum(len(days[day]) for day in chosen))
        await run.progress(force=True)
        scanner = DayScanner(ctx, request, session, clip_being_written(days, clock, target.expected.clip_s))
        scanned = []
        remaining = list(chosen)
        while remaining:
            focus = await read_focus(ctx.store, camera_id)
            day = take_next_day(remaining, focus)
            clips = await self._day(run, scanner, day, days[day], on_screen=day == focus)
            day_record = DayRecord(camera_id=camera_id, date=day, scan_id=scan_id, clips=clips,
                                   camera_clock=clock.camera_time if clock is not None else None)
            await put_json(ctx.store, keys.day_doc(camera_id, day), day_record.model_dump(mode="json"))
            scanned.append(day_record)
            await emit(ctx.broker, DayScannedEvent(scan_id=scan_id, camera_id=camera_id, date=day, clips=len(clips)))
        present = set(days) if request.dates is None and listing.listed else None  # a card not seen keeps its days
        await update_day_index(ctx.store, camera_id, scanned, present)
        if present is not None:
            await self._forget_days_gone(camera_id, present)

    async def _day(self, run: ScanRun, scanner: DayScanner, day: str, clips: list[tuple[RemoteFile, datetime]],
                   on_screen: bool) -> list[ClipRecord]:
        """Scan one day, counting and announcing each clip as it is done; the day's records in time order."""
        done: dict[str, ClipRecord] = {}
        async with aclosing(scanner.scan(day, clips, on_screen=on_screen)) as outcomes:
            async for outcome in outcomes:
                done[outcome.record.path] = outcome.record
                await self._clip_done(run, outcome)
        return [done[remote.path] for remote, _ in clips]

    async def _clip_done(self, run: ScanRun, outcome: ClipOutcome) -> None:
        """Count the clip on the scan, tell browsers about it and, now and then, store the progress."""
        record = outcome.record
        run.count_clip(ok=not is_broken(record.status), cached=outcome.cached, bytes_read=outcome.bytes_read,
                       image_bytes_read=outcome.image_bytes_read)
        clip = ClipView.from_record(record, outcome.has_thumbnail, outcome.has_preview)
        await emit(self._ctx.broker, ClipReadEvent(scan_id=self._request.scan_id, camera_id=self._request.camera_id,
                                                   clip_id=record.clip_id, clip=clip))
        await run.progress()

    async def _forget_days_gone(self, camera_id: str, present: set[str]) -> None:
        """Drop day lists of days no longer on the card (overwritten by the camera's retention)."""
        prefix = keys.day_prefix(camera_id)
        for key in await self._ctx.store.list(prefix):
            if key[len(prefix) : -len(".json")] not in present:
                await self._ctx.store.delete(key)
