"""Scanning the clips of one day: cached facts reused, new clips probed, image jobs queued."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

import structlog

from libs.common.adapters.broker.retrying_publish import publish_until_confirmed
from libs.common.adapters.camera.errors import CameraError
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.camera.session import CameraSession
from libs.common.adapters.store.port import get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.keyframe_pack import pack_keyframes
from libs.common.contracts.messages import (
    PRIORITY_BACKFILL,
    PRIORITY_ON_SCREEN,
    THUMBNAIL_QUEUE,
    ScanRequested,
    ThumbnailJob,
)
from libs.common.contracts.records import ClipRecord, ScanRecord
from libs.common.domain.clip_identity import ClipRef, fingerprint
from libs.common.domain.facts_version import needs_reprobe
from services.collector.clip_reader import ReadClip, read_clip, read_keyframes
from services.collector.scan_context import ScanContext

log = structlog.get_logger(__name__)

ClipDone = Callable[[ClipRecord, bool, bool], Awaitable[None]]


class DayScanner:
    """Scans one day folder for one scan; counts go into the shared scan record."""

    def __init__(
        self,
        ctx: ScanContext,
        request: ScanRequested,
        record: ScanRecord,
        session: CameraSession,
        on_clip: ClipDone,
    ) -> None:
        """Bind the scan's context, request, record, camera session and per-clip callback."""
        self._ctx, self._request, self._record = ctx, request, record
        self._session, self._on_clip = session, on_clip
        self._limit = asyncio.Semaphore(ctx.settings.camera_max_parallel)
        self._priority = PRIORITY_ON_SCREEN if request.dates else PRIORITY_BACKFILL

    async def scan(self, date: str, clips: list[tuple[RemoteFile, datetime]],
                   on_screen: bool = False) -> list[ClipRecord]:
        """Every clip of the day, in time order, with facts or a per-clip error; on_screen days' jobs go first."""
        self._day_priority = PRIORITY_ON_SCREEN if on_screen else self._priority
        store, camera_id = self._ctx.store, self._record.camera_id
        self._cached = keys.fingerprints_in(await store.list(keys.facts_prefix(camera_id, date)))
        self._thumbs = keys.fingerprints_in(await store.list(keys.image_prefix("thumbs", camera_id, date)))
        self._previews = keys.fingerprints_in(await store.list(keys.image_prefix("previews", camera_id, date)))
        return list(await asyncio.gather(*(self._clip(date, remote, start) for remote, start in clips)))

    async def _clip(self, date: str, remote: RemoteFile, start: datetime) -> ClipRecord:
        """One clip, bounded by the camera's parallel-read limit."""
        ref = ClipRef(self._record.camera_id, date, fingerprint(self._record.camera_id, remote.path, remote.size,
                                                                   remote.mtime))
        async with self._limit:
            try:
                record, fresh = await self._facts(ref, remote, start)
                has_thumb, has_preview = await self._images(ref, record, fresh)
            except CameraError as exc:
                log.warning("clip read failed", camera_id=ref.camera_id, path=remote.path, reason=str(exc))
                record = ClipRecord(clip_id=ref.clip_id, path=remote.path, start=start, size_bytes=remote.size,
                                    mtime=remote.mtime, status="unreadable", error=f"camera read failed: {exc}")
                has_thumb = has_preview = False
        self._record.clips_done += 1
        self._record.clip_errors += record.status != "ok"
        await self._on_clip(record, has_thumb, has_preview)
        return record

    async def _facts(self, ref: ClipRef, remote: RemoteFile, start: datetime) -> tuple[ClipRecord, ReadClip | None]:
        """Cached facts for this exact file version, or a fresh probe stored for next time."""
        if ref.fingerprint in self._cached:
            cached = ClipRecord.model_validate(await get_json(self._ctx.store, keys.clip_facts(ref)))
            if not needs_reprobe(cached):
                self._record.clips_cached += 1
                return cached, None
        fresh = await read_clip(self._session, ref, remote, start)
        self._record.bytes_read += fresh.reader.bytes_read
        await put_json(self._ctx.store, keys.clip_facts(ref), fresh.record.model_dump(mode="json"))
        return fresh.record, fresh

    async def _images(self, ref: ClipRef, record: ClipRecord, fresh: ReadClip | None) -> tuple[bool, bool]:
        """Mark images made earlier, or read keyframes and queue a job; returns which images exist now."""
        request = self._request
        if record.status != "ok" or not request.thumbnails or record.facts is None or record.facts.video is None:
            return False, False
        has_thumb = ref.fingerprint in self._thumbs
        has_preview = ref.fingerprint in self._previews
        if has_thumb and (has_preview or not request.previews):
            self._record.images_expected += 1
            await self._mark_made(ref, has_preview and request.previews)
            return has_thumb, has_preview
        if fresh is None:
            fresh = await read_clip(self._session, ref, RemoteFile(record.path, record.size_bytes, record.mtime),
                                    record.start)
            self._record.bytes_read += fresh.reader.bytes_read
        if fresh.probe is None:
            return False, False
        settings = self._ctx.settings
        images = await read_keyframes(fresh, settings.preview_frames if request.previews else 1,
                                      max(settings.image_read_budget_min_bytes,
                                          int(record.size_bytes * settings.image_read_budget_pct / 100)))
        frames = images.frames
        self._record.bytes_read += images.thumbnail_bytes + images.preview_bytes
        self._record.image_bytes_read += images.thumbnail_bytes + images.preview_bytes
        record.thumbnail_bytes_read, record.preview_bytes_read = images.thumbnail_bytes, images.preview_bytes
        await put_json(self._ctx.store, keys.clip_facts(ref), record.model_dump(mode="json"))
        await self._ctx.store.put(keys.clip_keyframes(ref), pack_keyframes(frames))
        job = ThumbnailJob(
            scan_id=request.scan_id, camera_id=ref.camera_id, clip_id=ref.clip_id, fingerprint=ref.fingerprint,
            codec=fresh.probe.video_codec, keyframes_key=keys.clip_keyframes(ref), keyframe_count=len(frames),
            previews=request.previews,
        )
        self._record.images_expected += 1  # counted only once a job will settle it (a failed read must not)
        await publish_until_confirmed(self._ctx.broker, THUMBNAIL_QUEUE,
                                      Envelope.wrap(job, f"{request.scan_id}:{ref.clip_id}"),
                                      priority=self._day_priority, deadline_s=settings.publish_retry_deadline_s)
        return False, False

    async def _mark_made(self, ref: ClipRef, preview: bool) -> None:
        """Count images an earlier scan made as done in this one."""
        store, scan_id = self._ctx.store, self._request.scan_id
        await store.put(keys.scan_marker(scan_id, "thumbs", ref.clip_id), b"")
        if preview:
            await store.put(keys.scan_marker(scan_id, "previews", ref.clip_id), b"")
        await store.put(keys.scan_marker(scan_id, "settled", ref.clip_id), b"")
