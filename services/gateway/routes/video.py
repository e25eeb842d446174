"""Playing a clip: its bytes streamed from the camera with HTTP Range support, no copy kept."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from libs.common.adapters.camera.session import CameraSession
from libs.common.contracts.records import ClipRecord
from libs.common.domain.clip_identity import ClipRef, InvalidClipId
from services.gateway.byte_ranges import ByteRange, RangeNotSatisfiable, parse_range
from services.gateway.camera_access import camera_session
from services.gateway.deps import State
from services.gateway.media_responses import VIDEO
from services.gateway.routes.cameras import load_day

router = APIRouter(tags=["clips"])
CHUNK_BYTES = 256 * 1024


async def _find_clip(state: State, clip_id: str) -> ClipRecord:
    """The stored record of a clip id, or 404."""
    try:
        ref = ClipRef.parse(clip_id)
    except InvalidClipId as exc:
        raise HTTPException(404, str(exc)) from exc
    day = await load_day(state.store, ref.camera_id, ref.date)
    for clip in day.clips:
        if clip.clip_id == clip_id:
            return clip
    raise HTTPException(404, f"clip {clip_id} is not on the card any more: rescan the camera")


async def _chunks(session: CameraSession, path: str, span: ByteRange) -> AsyncIterator[bytes]:
    """Read the span from the camera a chunk at a time; stop early if the file got shorter."""
    offset, end = span.first, span.last + 1
    while offset < end:
        data = await session.read_range(path, offset, min(CHUNK_BYTES, end - offset))
        if not data:
            return
        offset += len(data)
        yield data


@router.get("/clips/{clip_id}/video", response_class=Response, responses=VIDEO)
async def video(clip_id: str, state: State, request: Request) -> Response:
    """The clip as video/mp4: 206 with Content-Range for a Range request, 200 otherwise, 416 for a bad range."""
    answer = await _planned_answer(state, clip_id, request)
    if isinstance(answer, JSONResponse):
        return answer
    clip, span, status, headers = answer
    session = await camera_session(state, ClipRef.parse(clip_id).camera_id)
    return StreamingResponse(_chunks(session, clip.path, span), status_code=status, media_type="video/mp4",
                             headers=headers)


@router.head("/clips/{clip_id}/video", response_class=Response, include_in_schema=False)
async def video_head(clip_id: str, state: State, request: Request) -> Response:
    """What GET would answer (status, length, range), from the stored record: no body, no camera call."""
    answer = await _planned_answer(state, clip_id, request)
    if isinstance(answer, JSONResponse):
        return answer
    _, _, status, headers = answer
    return Response(status_code=status, media_type="video/mp4", headers=headers)


async def _planned_answer(
    state: State, clip_id: str, request: Request
) -> tuple[ClipRecord, ByteRange, int, dict[str, str]] | JSONResponse:
    """The clip, the span asked for, the status and the headers of the answer; the 416 answer for a bad range."""
    clip = await _find_clip(state, clip_id)
    size = clip.size_bytes
    header = request.headers.get("range")
    try:
        span = parse_range(header, size) if header else ByteRange(0, size - 1)
    except RangeNotSatisfiable as exc:
        return JSONResponse({"detail": str(exc)}, status_code=416, headers={"Content-Range": f"bytes */{size}"})
    headers = {"Accept-Ranges": "bytes", "Content-Length": str(max(span.length, 0)), "Cache-Control": "no-store"}
    if header:
        headers["Content-Range"] = f"bytes {span.first}-{span.last}/{size}"
    return clip, span, 206 if header else 200, headers
