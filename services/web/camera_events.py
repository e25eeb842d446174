"""The per-camera event stream: every scan of one camera, for pages that show that camera."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id
from services.web.sse_stream import BadLastEventId, camera_stream, parse_last_event_id

router = APIRouter()
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@router.get("/api/v1/cameras/{camera_id}/events", response_model=None)
async def camera_events(camera_id: str, request: Request, last_event_id: str | None = None) -> Response:
    """text/event-stream of the camera's scans; after Last-Event-ID (or ?last_event_id=), else from now on."""
    try:
        canonical = normalize_camera_id(camera_id)
    except InvalidCameraId as exc:
        return JSONResponse({"detail": f"invalid camera id: {exc}"}, status_code=400)
    hub = request.app.state.hub
    try:
        resume = parse_last_event_id(request.headers.get("last-event-id"), last_event_id)
    except BadLastEventId as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    start = hub.latest_id if resume is None else resume
    return StreamingResponse(camera_stream(hub, canonical, start), media_type="text/event-stream",
                             headers=SSE_HEADERS)
