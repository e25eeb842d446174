"""Server-Sent Events framing and the per-scan and per-camera stream loops, resuming after Last-Event-ID."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from libs.common.contracts.events import TERMINAL_KINDS
from libs.common.domain.ascii_numbers import MAX_DIGITS, ascii_int
from services.web.event_hub import EventHub, HubEvent, camera_key

HEARTBEAT_S = 15.0
REPLAY_BATCH = 1000  # events per chunk of a replay (about 300 kB)
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def frame(event: HubEvent) -> str:
    """One SSE frame: id, event name, JSON data."""
    return f"id: {event.id}\nevent: {event.kind}\ndata: {json.dumps(event.body, separators=(',', ':'))}\n\n"


def frame_batches(events: list[HubEvent]) -> list[str]:
    """The frames in chunks of up to REPLAY_BATCH events: a replay of thousands of events is a few socket writes,
    so a client that leaves mid-replay costs a failed send or two, not one (and an asyncio warning) per event."""
    return ["".join(frame(event) for event in events[start:start + REPLAY_BATCH])
            for start in range(0, len(events), REPLAY_BATCH)]


class BadLastEventId(ValueError):
    """A Last-Event-ID that is not one of our event ids."""


def parse_last_event_id(header: str | None, query: str | None) -> int | None:
    """The id to resume after (header first, then ?last_event_id=), None when neither is given;
    BadLastEventId unless it is ASCII digits (superscripts, other scripts' digits and huge numbers are not)."""
    for raw in (header, query):
        if raw is None or not raw.strip():
            continue
        value = ascii_int(raw.strip())
        if value is None:
            raise BadLastEventId(f"Last-Event-ID must be an event id of 1 to {MAX_DIGITS} digits 0-9, "
                                 f"got {raw.strip()[:40]!r}")
        return value
    return None


async def scan_stream(hub: EventHub, scan_id: str, last_id: int) -> AsyncIterator[str]:
    """Replay the scan's events after last_id, then follow it live until its terminal event; a scan that ended at
    or before last_id ends the stream at once."""
    yield "retry: 2000\n\n"
    while True:
        backlog = hub.after(scan_id, last_id)
        ending = next((index for index, event in enumerate(backlog) if event.kind in TERMINAL_KINDS), None)
        if backlog:
            sent = backlog if ending is None else backlog[:ending + 1]
            last_id = sent[-1].id
            for chunk in frame_batches(sent):
                yield chunk
            if ending is not None:
                return
        if hub.ended(scan_id) and not hub.after(scan_id, last_id):
            return  # its terminal event is at or before last_id (one that came in meanwhile is sent first)
        if not await hub.wait(scan_id, last_id, HEARTBEAT_S):
            yield ": keep-alive\n\n"


async def camera_stream(hub: EventHub, camera_id: str, last_id: int) -> AsyncIterator[str]:
    """Replay the camera's events after last_id, then follow every scan of it live until the client leaves."""
    async for chunk in keyed_stream(hub, camera_key(camera_id), last_id):
        yield chunk


async def keyed_stream(hub: EventHub, key: str, last_id: int) -> AsyncIterator[str]:
    """Replay a hub stream's events after last_id, then follow it live until the client leaves."""
    yield "retry: 2000\n\n"
    while True:
        backlog = hub.after(key, last_id)
        if backlog:
            last_id = backlog[-1].id
            for chunk in frame_batches(backlog):
                yield chunk
        if not await hub.wait(key, last_id, HEARTBEAT_S):
            yield ": keep-alive\n\n"


def live_response(request: Request, key: str, last_event_id: str | None) -> Response:
    """The hub stream `key` as text/event-stream, after Last-Event-ID (header or ?last_event_id=), else from now on;
    a malformed id is a 400."""
    hub: EventHub = request.app.state.hub
    try:
        resume = parse_last_event_id(request.headers.get("last-event-id"), last_event_id)
    except BadLastEventId as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    start = hub.latest_id if resume is None else resume
    return StreamingResponse(keyed_stream(hub, key, start), media_type="text/event-stream", headers=SSE_HEADERS)
