"""The fleet event stream: every camera's new issues, watch ticks and scan ends, for dashboards and the CLI."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from services.web.event_hub import FLEET_KEY
from services.web.sse_stream import BadLastEventId, keyed_stream, parse_last_event_id

router = APIRouter()
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@router.get("/api/v1/events", response_model=None)
async def fleet_events(request: Request, last_event_id: str | None = None) -> Response:
    """text/event-stream of check.issue, watch.tick, scan.completed and scan.failed of every camera; after
    Last-Event-ID (or ?last_event_id=), else from now on."""
    hub = request.app.state.hub
    try:
        resume = parse_last_event_id(request.headers.get("last-event-id"), last_event_id)
    except BadLastEventId as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    start = hub.latest_id if resume is None else resume
    return StreamingResponse(keyed_stream(hub, FLEET_KEY, start), media_type="text/event-stream",
                             headers=SSE_HEADERS)
