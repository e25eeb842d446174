"""Clip images: the stored thumbnail and preview, and on request a larger/later still or a GIF preview."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.keyframe_pack import BadKeyframePack, unpack_keyframes
from libs.common.contracts.records import ClipRecord
from libs.common.contracts.render_messages import ClipRenderJob
from libs.common.domain.clip_identity import ClipRef, InvalidClipId
from services.gateway.deps import State
from services.gateway.media_responses import RENDER_WAIT, binary
from services.gateway.render_wait import rendered

router = APIRouter(tags=["clips"])

STORED_WIDTH = 320
_CACHE = {"Cache-Control": "public, max-age=31536000, immutable"}
_MEDIA_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "gif": "image/gif"}
Width = Annotated[int | None, Query(ge=32, le=1920, description="pixels wide (stored size: 320)")]


def _ref(clip_id: str) -> ClipRef:
    """The clip's identity, or 404 for a malformed id."""
    try:
        return ClipRef.parse(clip_id)
    except InvalidClipId as exc:
        raise HTTPException(404, str(exc)) from exc


async def _image(store: ObjectStore, clip_id: str, kind: str, label: str) -> Response:
    """One stored image, cacheable forever (its key changes when the clip does)."""
    ref = _ref(clip_id)
    try:
        data = await store.get(keys.clip_image(kind, ref))
    except ObjectMissing as exc:
        raise HTTPException(404, f"no {label} for clip {clip_id} yet") from exc
    return Response(data, media_type="image/webp", headers=_CACHE)


async def _stored_pack(store: ObjectStore, ref: ClipRef) -> tuple[str, list[float]]:
    """The clip's codec and the times of its packed keyframes; 404 while no keyframes are stored."""
    try:
        record = ClipRecord.model_validate(await get_json(store, keys.clip_facts(ref)))
        times = [frame.time_s for frame in unpack_keyframes(await store.get(keys.clip_keyframes(ref)))]
    except (ObjectMissing, BadKeyframePack) as exc:
        raise HTTPException(404, f"no keyframes stored for clip {ref.clip_id}: scan it with thumbnails first") from exc
    video = record.facts.video if record.facts else None
    return (video.codec if video else "h264"), times


def _job(ref: ClipRef, codec: str, kind: Literal["still", "animation"], width: int, fmt: str, name: str,
         keyframe_index: int = 0) -> ClipRenderJob:
    """A render job whose output lands under the clip's renders/ folder as `name`."""
    output_key = keys.clip_render(ref, name)
    return ClipRenderJob(clip_id=ref.clip_id, codec=codec, keyframes_key=keys.clip_keyframes(ref), kind=kind,
                         keyframe_index=keyframe_index, width=width, fmt=fmt, output_key=output_key,
                         error_key=keys.render_error(output_key))


@router.get("/clips/{clip_id}/thumbnail", response_class=Response,
            responses=binary("The still", "image/webp", "image/jpeg") | RENDER_WAIT)
async def thumbnail(
    clip_id: str, state: State, width: Width = None,
    at: Annotated[float | None, Query(ge=0, le=86400, description="seconds into the clip")] = None,
    format: Literal["webp", "jpeg"] = "webp",
) -> Response:
    """The still of the first keyframe; ?width=, ?at= (nearest packed keyframe) or ?format=jpeg render on request."""
    if (width is None or width == STORED_WIDTH) and at is None and format == "webp":
        return await _image(state.store, clip_id, "thumbs", "thumbnail")
    ref, size = _ref(clip_id), width or STORED_WIDTH
    codec, times = await _stored_pack(state.store, ref)
    index = 0 if at is None else min(range(len(times)), key=lambda i: abs(times[i] - at))
    job = _job(ref, codec, "still", size, format, f"still-k{index}-{size}.{format}", index)
    return Response(await rendered(state, job, job.output_key), media_type=_MEDIA_TYPES[format], headers=_CACHE)


@router.get("/clips/{clip_id}/preview", response_class=Response,
            responses=binary("The animated preview", "image/webp", "image/gif") | RENDER_WAIT)
async def preview(clip_id: str, state: State, width: Width = None,
                  format: Literal["webp", "gif"] = "webp") -> Response:
    """The clip's animated preview from keyframes spread over it; ?format=gif or ?width= render on request."""
    if (width is None or width == STORED_WIDTH) and format == "webp":
        return await _image(state.store, clip_id, "previews", "preview")
    ref, size = _ref(clip_id), width or STORED_WIDTH
    codec, _ = await _stored_pack(state.store, ref)
    job = _job(ref, codec, "animation", size, format, f"preview-{size}.{format}")
    return Response(await rendered(state, job, job.output_key), media_type=_MEDIA_TYPES[format], headers=_CACHE)
