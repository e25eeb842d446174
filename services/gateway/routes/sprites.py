"""Sprite sheets: an hour's thumbnails in one image with an index, made by a thumbnailer on first request."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from libs.common.adapters.store.port import ObjectMissing
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.sprites import SpriteIndex
from libs.common.contracts.render_messages import SpriteJob, SpriteTile
from libs.common.domain.clip_identity import ClipRef
from services.gateway.deps import CameraId, DateParam, State, Store, check_date
from services.gateway.media_responses import RENDER_WAIT, binary
from services.gateway.render_wait import rendered
from services.gateway.routes.cameras import load_day

router = APIRouter(tags=["sprites"])
_SHEET_RE = re.compile(r"^[0-9]{2}-[0-9a-f]{16}\.webp$")


@router.get("/cameras/{id}/sprites", responses=RENDER_WAIT)
async def sprite_index(
    camera_id: CameraId, date: DateParam, state: State,
    hour: Annotated[int, Query(ge=0, le=23, description="UTC hour 0-23")],
) -> SpriteIndex:
    """The hour's sheet: image_url plus, per clip, where its thumbnail sits ({clip_id, start, x, y, w, h})."""
    store = state.store
    day = await load_day(store, camera_id, date)
    made = keys.fingerprints_in(await store.list(keys.image_prefix("thumbs", camera_id, date)))
    clips = [clip for clip in day.clips if clip.start.hour == hour and clip.clip_id.rsplit(".", 1)[-1] in made]
    if not clips:
        raise HTTPException(404, f"no thumbnails of camera {camera_id} on {date} at {hour:02d}h yet")
    digest = hashlib.sha256(" ".join(clip.clip_id for clip in clips).encode()).hexdigest()[:16]
    name = f"{hour:02d}-{digest}"
    tiles = [SpriteTile(clip_id=clip.clip_id, start=clip.start.strftime("%Y-%m-%dT%H:%M:%S"),
                        thumbnail_key=keys.clip_image("thumbs", ClipRef.parse(clip.clip_id))) for clip in clips]
    index_key = keys.sprite_sheet(camera_id, date, f"{name}.json")
    job = SpriteJob(camera_id=camera_id, date=date, hour=hour, tiles=tiles,
                    image_url=f"/api/v1/cameras/{camera_id}/sprites/{date}/{name}.webp",
                    output_key=keys.sprite_sheet(camera_id, date, f"{name}.webp"), index_key=index_key,
                    error_key=keys.render_error(index_key))
    return SpriteIndex.model_validate_json(await rendered(state, job, index_key))


@router.get("/cameras/{id}/sprites/{date}/{sheet}", response_class=Response,
            responses=binary("The sprite sheet", "image/webp"))
async def sprite_image(camera_id: CameraId, store: Store, date: Annotated[str, Path(max_length=10)],
                       sheet: Annotated[str, Path(max_length=40)]) -> Response:
    """A sheet made earlier (its name changes when the hour's thumbnails do, so it is cacheable forever)."""
    check_date(date)
    if not _SHEET_RE.fullmatch(sheet):
        raise HTTPException(404, "unknown sprite sheet; take image_url from /cameras/{id}/sprites?date=&hour=")
    try:
        data = await store.get(keys.sprite_sheet(camera_id, date, sheet))
    except ObjectMissing as exc:
        raise HTTPException(404, f"no sprite sheet {sheet} for camera {camera_id} on {date}") from exc
    return Response(data, media_type="image/webp", headers={"Cache-Control": "public, max-age=31536000, immutable"})
