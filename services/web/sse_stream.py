"""Server-Sent Events framing and the per-scan and per-camera stream loops, resuming after Last-Event-ID."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from libs.common.contracts.events import TERMINAL_KINDS
from services.web.event_hub import EventHub, HubEvent, camera_key

HEARTBEAT_S = 15.0


def frame(event: HubEvent) -> str:
    """One SSE frame: id, event name, JSON data."""
    return f"id: {event.id}\nevent: {event.kind}\ndata: {json.dumps(event.body, separators=(',', ':'))}\n\n"


def parse_last_event_id(header: str | None, query: str | None) -> int:
    """The id to resume after (header first, then ?last_event_id=), 0 when absent or malformed."""
    for raw in (header, query):
        if raw and raw.strip().isdigit():
            return int(raw.strip())
    return 0


async def scan_stream(hub: EventHub, scan_id: str, last_id: int) -> AsyncIterator[str]:
    """Replay the scan's events after last_id, then follow it live until its terminal event."""
    yield "retry: 2000\n\n"
    while True:
        for event in hub.after(scan_id, last_id):
            last_id = event.id
            yield frame(event)
            if event.kind in TERMINAL_KINDS:
                return
        if not await hub.wait(scan_id, last_id, HEARTBEAT_S):
            yield ": keep-alive\n\n"


async def camera_stream(hub: EventHub, camera_id: str, last_id: int) -> AsyncIterator[str]:
    """Replay the camera's events after last_id, then follow every scan of it live until the client leaves."""
    key = camera_key(camera_id)
    yield "retry: 2000\n\n"
    while True:
        for event in hub.after(key, last_id):
            last_id = event.id
            yield frame(event)
        if not await hub.wait(key, last_id, HEARTBEAT_S):
            yield ": keep-alive\n\n"
