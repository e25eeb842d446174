"""The per-camera event stream: every scan of one camera, for pages that show that camera."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id
from services.web.event_hub import camera_key
from services.web.sse_stream import live_response

router = APIRouter()


@router.get("/api/v1/cameras/{camera_id}/events", response_model=None)
async def camera_events(camera_id: str, request: Request, last_event_id: str | None = None) -> Response:
    """text/event-stream of the camera's scans; after Last-Event-ID (or ?last_event_id=), else from now on."""
    try:
        canonical = normalize_camera_id(camera_id)
    except InvalidCameraId as exc:
        return JSONResponse({"detail": f"invalid camera id: {exc}"}, status_code=400)
    return live_response(request, camera_key(canonical), last_event_id)
