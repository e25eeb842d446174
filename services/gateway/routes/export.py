"""Range export: the recorded media between two instants as one MP4 (stream copy), or the original clips as a zip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from libs.common.contracts.api.errors import ErrorDetail
from services.gateway.camera_access import camera_failures_as_http, camera_session
from services.gateway.deps import CameraId, State
from services.gateway.export.camera_stream import guarded
from services.gateway.export.clip_selection import clips_in_range, mp4_clips, zip_clips
from services.gateway.export.errors import ExportRefused
from services.gateway.export.export_clips import ExportClips
from services.gateway.export.export_range import ExportRange, parse_range
from services.gateway.export.export_response import ExportResponse
from services.gateway.export.export_slots import RETRY_AFTER_S
from services.gateway.export.mp4_export import plan_mp4, stream_mp4
from services.gateway.export.zip_export import stream_zip
from services.gateway.state import GatewayState

router = APIRouter(tags=["export"])

_BINARY = {"schema": {"type": "string", "format": "binary"}}
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "video/mp4: one fragmented MP4 of the range, stream copy, gaps skipped with continuous "
                         "timestamps, starting at the keyframe at or before start (Content-Length given). "
                         "application/zip (format=zip): the original clip files overlapping the range, stored. "
                         "Both are streamed while read from the camera; a camera failure aborts the answer.",
          "content": {"video/mp4": _BINARY, "application/zip": _BINARY}},
    409: {"model": ErrorDetail, "description": "The range crosses a codec, resolution or audio format change "
                                               "(named), or a clip changed on the card since the last scan"},
    422: {"model": ErrorDetail, "description": "Malformed start or end, end not after start, a range over 24 h or "
                                               "over SDB_EXPORT_MAX_BYTES"},
    429: {"model": ErrorDetail, "description": "SDB_EXPORT_MAX_CONCURRENT exports are streaming already"},
    502: {"model": ErrorDetail, "description": "The camera could not be reached or refused the login"},
    504: {"model": ErrorDetail, "description": "The camera did not answer in time"},
}
_INSTANT = "ISO 8601 instant, e.g. 2026-11-20T02:15:00Z (UTC when it has no offset)"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@router.get("/cameras/{id}/export", response_class=StreamingResponse, responses=EXPORT_RESPONSES)
async def export(
    camera_id: CameraId,
    state: State,
    start: Annotated[str, Query(max_length=64, description=_INSTANT)],
    end: Annotated[str, Query(max_length=64, description=_INSTANT + "; at most 24 h after start")],
    format: Annotated[Literal["mp4", "zip"], Query(description="mp4: one file; zip: the original clips")] = "mp4",
) -> StreamingResponse:
    """The range's recordings streamed from the camera; every refusal comes before a byte of media is read."""
    try:
        export_range = parse_range(start, end)
        release = state.export_slots.take()
    except ExportRefused as refusal:
        headers = {"Retry-After": str(RETRY_AFTER_S)} if refusal.status_code == 429 else None
        raise HTTPException(refusal.status_code, refusal.detail, headers=headers) from refusal
    try:
        return await _stream(state, camera_id, export_range, format, release)
    except BaseException:
        release()
        raise


async def _stream(state: GatewayState, camera_id: str, export_range: ExportRange, format: str,
                  release: Callable[[], None]) -> StreamingResponse:
    """The export's answer, holding one export slot until it ends."""
    limit = state.settings.export_max_bytes
    try:
        clips = await clips_in_range(state.store, camera_id, export_range)
        name = f"{camera_id}_{export_range.label()}"
        if format == "zip":
            files = zip_clips(clips, limit)
            session = await camera_session(state, camera_id)
            opened = ExportClips(session)
            return ExportResponse(guarded(stream_zip(opened, files), session, "zip"), opened, release,
                                  media_type="application/zip", headers=_attachment(f"{name}.zip"))
        chosen = mp4_clips(clips, export_range, limit)
        session = await camera_session(state, camera_id)
        opened = ExportClips(session)
        try:
            with camera_failures_as_http():
                plan = await plan_mp4(opened, chosen, export_range, limit)
        except BaseException:
            opened.close_all()
            raise
    except ExportRefused as refusal:
        raise HTTPException(refusal.status_code, refusal.detail) from refusal
    headers = {**_attachment(f"{name}.mp4"), "Content-Length": str(plan.output_bytes)}
    return ExportResponse(guarded(stream_mp4(opened, plan), session, "mp4"), opened, release,
                          media_type="video/mp4", headers=headers)
