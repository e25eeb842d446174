"""Consumer of on-demand render jobs: stores each result under the key the gateway is waiting on."""

from __future__ import annotations

import asyncio
import json

import structlog

from libs.common.adapters.broker.port import Broker, PermanentFailure
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, put_json
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.keyframe_pack import BadKeyframePack
from libs.common.contracts.render_messages import RENDER_QUEUE, ClipRenderJob, SpriteJob
from services.thumbnailer.imaging.errors import ImagingError
from services.thumbnailer.imaging.sprite_sheet import render_sprite_sheet
from services.thumbnailer.on_demand_renderer import OnDemandRenderer

log = structlog.get_logger(__name__)

_MEDIA_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "gif": "image/gif"}


class RenderWorker:
    """Render jobs in, one stored image (and for sprites an index) out; a job may run twice, outputs overwrite."""

    def __init__(self, broker: Broker, store: ObjectStore, max_tries: int = 3) -> None:
        """One renderer, one job at a time per replica: requests are rare and small."""
        self._broker, self._store, self._max_tries = broker, store, max_tries
        self._renderer = OnDemandRenderer()
        self.jobs_done = 0

    async def start(self) -> None:
        """Start consuming render jobs."""
        await self._broker.consume(RENDER_QUEUE, self.handle, prefetch=1, max_tries=self._max_tries,
                                   on_dead=self.on_dead)

    async def handle(self, message: Envelope) -> None:
        """Render one job; problems with the input are permanent, store outages are retried."""
        try:
            if message.type == SpriteJob.TYPE:
                await self._sprite(message.open(SpriteJob))
            else:
                await self._clip(message.open(ClipRenderJob))
        except (MalformedMessage, ObjectMissing, ImagingError, BadKeyframePack) as exc:
            raise PermanentFailure(f"cannot render: {exc}") from exc
        self.jobs_done += 1

    async def _clip(self, job: ClipRenderJob) -> None:
        """A still of one packed keyframe, or an animation of all of them."""
        pack = await self._store.get(job.keyframes_key)
        if job.kind == "still":
            image = await asyncio.to_thread(self._renderer.still, job.codec, pack, job.keyframe_index, job.width,
                                            job.fmt)
        else:
            image = await asyncio.to_thread(self._renderer.animation, job.codec, pack, job.width, job.fmt)
        await self._store.put(job.output_key, image, _MEDIA_TYPES.get(job.fmt, "application/octet-stream"))

    async def _sprite(self, job: SpriteJob) -> None:
        """The hour's thumbnails in one sheet, then its index (the index is what the gateway waits for)."""
        thumbnails = [await self._store.get(tile.thumbnail_key) for tile in job.tiles]
        sheet, places = await asyncio.to_thread(render_sprite_sheet, thumbnails, job.columns, job.tile_width)
        await self._store.put(job.output_key, sheet, "image/webp")
        tiles = [{"clip_id": tile.clip_id, "start": tile.start, **{k: place[k] for k in ("x", "y", "w", "h")}}
                 for tile, place in zip(job.tiles, places, strict=True)]
        await put_json(self._store, job.index_key, {
            "camera_id": job.camera_id, "date": job.date, "hour": job.hour, "image_url": job.image_url,
            "columns": job.columns, "tile_width": job.tile_width, "tiles": tiles,
        })

    async def on_dead(self, message: Envelope, reason: str) -> None:
        """A render that failed for good: leave the reason where the gateway looks, so it answers at once."""
        error_key = message.payload.get("error_key")
        if not isinstance(error_key, str) or not error_key.startswith(("renders/", "sprites/")):
            log.warning("malformed render job dead-lettered", message_id=message.id, reason=reason)
            return
        await self._store.put(error_key, json.dumps({"error": reason}).encode(), "application/json")
