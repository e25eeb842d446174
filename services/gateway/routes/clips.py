"""Clip images: the thumbnail and the animated preview, 404 until made."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from libs.common import store_layout as keys
from libs.common.clip_identity import ClipRef, InvalidClipId
from libs.common.store.port import ObjectMissing, ObjectStore
from services.gateway.deps import Store

router = APIRouter(tags=["clips"])


async def _image(store: ObjectStore, clip_id: str, kind: str, label: str) -> Response:
    """One stored image, cacheable forever (its key changes when the clip does)."""
    try:
        ref = ClipRef.parse(clip_id)
    except InvalidClipId as exc:
        raise HTTPException(404, str(exc)) from exc
    try:
        data = await store.get(keys.clip_image(kind, ref))
    except ObjectMissing as exc:
        raise HTTPException(404, f"no {label} for clip {clip_id} yet") from exc
    return Response(data, media_type="image/webp", headers={"Cache-Control": "public, max-age=31536000, immutable"})


@router.get("/clips/{clip_id}/thumbnail", response_class=Response)
async def thumbnail(clip_id: str, store: Store) -> Response:
    """The clip's still from its first keyframe."""
    return await _image(store, clip_id, "thumbs", "thumbnail")


@router.get("/clips/{clip_id}/preview", response_class=Response)
async def preview(clip_id: str, store: Store) -> Response:
    """The clip's animated preview from keyframes spread over it."""
    return await _image(store, clip_id, "previews", "preview")
