"""Scanning the clips of one day: cached facts reused, new clips probed, image jobs queued; one outcome per clip."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime

import structlog

from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.media.errors import ClipProblem
from libs.common.adapters.media.tail_first import TailGuess
from libs.common.adapters.store.port import get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.messages import PRIORITY_BACKFILL, PRIORITY_ON_SCREEN, ScanRequested
from libs.common.contracts.records import ClipRecord
from libs.common.documents.scan_progress import mark_made_earlier
from libs.common.domain.clip_identity import ClipRef, fingerprint
from libs.common.domain.facts_version import needs_reprobe
from services.collector.camera_port import CardSession, OpenedClip
from services.collector.clip_reader import ImageKeyframes, ReadClip, read_clip
from services.collector.image_jobs import queue_image_job
from services.collector.image_plan import AlreadyMade, ImagesWanted, MakeImages, plan_images
from services.collector.scan_context import ScanContext
from services.collector.slow_start import SlowStart

log = structlog.get_logger(__name__)

FIRST_CLIPS_IN_FLIGHT = 2  # a scan's first clips run nearly alone, so their thumbnails come first


@dataclass(frozen=True)
class ClipOutcome:
    """One clip gone through: its row in the day list, what it cost and which images it has now."""

    record: ClipRecord
    cached: bool
    bytes_read: int
    image_bytes_read: int
    has_thumbnail: bool
    has_preview: bool


@dataclass(frozen=True)
class _Stored:
    """Fingerprints of a day that already have facts, thumbnails and previews in the store."""

    facts: set[str]
    thumbnails: set[str]
    previews: set[str]


class DayScanner:
    """Reads days of one scan; it yields outcomes and leaves the scan record to the ScanRunner."""

    def __init__(self, ctx: ScanContext, request: ScanRequested, session: CardSession,
                 being_written: str | None = None) -> None:
        """Bind the scan's context, request and camera session; being_written: the path of the clip the camera
        is writing, if any (read afresh, never stored as final facts, no images)."""
        self._ctx, self._request, self._session = ctx, request, session
        self._being_written = being_written
        self._wanted = ImagesWanted.of(request.thumbnails, request.previews, ctx.settings)
        self._limit = SlowStart(FIRST_CLIPS_IN_FLIGHT, ctx.settings.camera_max_parallel)
        self._guess = TailGuess()

    async def scan(self, date: str, clips: list[tuple[RemoteFile, datetime]],
                   on_screen: bool = False) -> AsyncGenerator[ClipOutcome, None]:
        """Every clip of the day, as each is done; on_screen days' (and chosen days') image jobs go first."""
        stored = await self._stored(date)
        priority = PRIORITY_ON_SCREEN if on_screen or self._request.dates else PRIORITY_BACKFILL
        tasks = [asyncio.ensure_future(self._clip(date, remote, start, stored, priority)) for remote, start in clips]
        try:
            for done in asyncio.as_completed(tasks):
                yield await done
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _stored(self, date: str) -> _Stored:
        """What the store already holds for the day, from three listings."""
        store, camera_id = self._ctx.store, self._request.camera_id
        return _Stored(
            facts=keys.fingerprints_in(await store.list(keys.facts_prefix(camera_id, date))),
            thumbnails=keys.fingerprints_in(await store.list(keys.image_prefix("thumbs", camera_id, date))),
            previews=keys.fingerprints_in(await store.list(keys.image_prefix("previews", camera_id, date))),
        )

    async def _clip(self, date: str, remote: RemoteFile, start: datetime, stored: _Stored,
                    priority: int) -> ClipOutcome:
        """One clip through one open, bounded by the clips in flight; a camera error makes it unreadable."""
        camera_id = self._request.camera_id
        ref = ClipRef(camera_id, date, fingerprint(camera_id, remote.path, remote.size, remote.mtime))
        cached = ref.fingerprint in stored.facts
        async with self._limit, self._session.open_clip(remote.path) as opened:
            try:
                return await self._read(ref, opened, remote, start, cached, stored, priority)
            except CameraError as exc:
                log.warning("clip read failed", camera_id=camera_id, path=remote.path, reason=str(exc))
                record = ClipRecord(clip_id=ref.clip_id, path=remote.path, start=start, size_bytes=remote.size,
                                    mtime=remote.mtime, status="unreadable", error=f"camera read failed: {exc}")
            return ClipOutcome(record, cached, opened.bytes_read, 0, has_thumbnail=False, has_preview=False)

    async def _read(self, ref: ClipRef, opened: OpenedClip, remote: RemoteFile, start: datetime, cached: bool,
                    stored: _Stored, priority: int) -> ClipOutcome:
        """Facts (cached, or probed: also when the cached ones predate the facts schema), what the image plan says,
        then the facts stored once if they are new."""
        kept = ClipRecord.model_validate(await get_json(self._ctx.store, keys.clip_facts(ref))) if cached else None
        if kept is not None and needs_reprobe(kept):
            cached, kept = False, None
        fresh = None if kept is not None else await read_clip(opened, ref, remote, start, self._guess,
                                                              being_written=remote.path == self._being_written)
        record = fresh.record if fresh else kept
        assert record is not None
        if record.status == "recording":  # not final: the next scan reads it again once it is closed
            return ClipOutcome(record, False, opened.bytes_read, 0, has_thumbnail=False, has_preview=False)
        plan = plan_images(record, self._wanted, ref.fingerprint in stored.thumbnails,
                           ref.fingerprint in stored.previews)
        images = None
        try:
            if isinstance(plan, AlreadyMade):
                await mark_made_earlier(self._ctx.store, self._request.scan_id, ref.clip_id,
                                        plan.preview and self._request.previews)
            elif isinstance(plan, MakeImages):
                images = await self._queue_job(ref, opened, record, fresh, plan, priority)
        except CameraError:
            if fresh is not None:
                await self._store_facts(ref, record)  # the probe is not lost: the next scan reuses it
            raise
        if images is not None:
            record = record.model_copy(update={"thumbnail_bytes_read": images.thumbnail_bytes,
                                               "preview_bytes_read": images.preview_bytes})
        if fresh is not None or images is not None:
            await self._store_facts(ref, record)
        return ClipOutcome(record, cached, opened.bytes_read,
                           images.thumbnail_bytes + images.preview_bytes if images else 0,
                           has_thumbnail=ref.fingerprint in stored.thumbnails,
                           has_preview=ref.fingerprint in stored.previews)

    async def _queue_job(self, ref: ClipRef, opened: OpenedClip, record: ClipRecord, fresh: ReadClip | None,
                         plan: MakeImages, priority: int) -> ImageKeyframes | None:
        """Read keyframes and queue the job; None if the clip's index (read again) or its keyframes do not parse."""
        if fresh is None:  # facts came from the store: the same open reads the clip's index to find its keyframes
            fresh = await read_clip(opened, ref, RemoteFile(record.path, record.size_bytes, record.mtime),
                                    record.start, self._guess)
        if fresh.probe is None:
            return None
        request = self._request
        try:
            return await queue_image_job(self._ctx, request.scan_id, ref, fresh, plan, request.previews, priority)
        except ClipProblem as problem:
            log.warning("clip keyframes unreadable", camera_id=ref.camera_id, path=record.path, reason=str(problem))
            return None

    async def _store_facts(self, ref: ClipRef, record: ClipRecord) -> None:
        """Write the clip's facts document (once per clip and scan)."""
        await put_json(self._ctx.store, keys.clip_facts(ref), record.model_dump(mode="json"))
