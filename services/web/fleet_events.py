"""The fleet event stream: every camera's new issues, watch ticks and scan ends, for dashboards and the CLI."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.web.event_hub import FLEET_KEY
from services.web.sse_stream import live_response

router = APIRouter()


@router.get("/api/v1/events", response_model=None)
async def fleet_events(request: Request, last_event_id: str | None = None) -> Response:
    """text/event-stream of check.issue, watch.tick, scan.completed and scan.failed of every camera; after
    Last-Event-ID (or ?last_event_id=), else from now on."""
    return live_response(request, FLEET_KEY, last_event_id)
