"""A stream that replays thousands of stored events sends them in a few chunks: a client that leaves mid-replay
then costs a failed write or two instead of one `socket.send() raised exception` warning per event."""

from __future__ import annotations

import asyncio

import pytest

from libs.common.contracts.events import ScanCompletedEvent, ScanProgressEvent
from services.web.event_hub import EventHub
from services.web.sse_stream import camera_stream, scan_stream


async def _hub_with(events: int) -> EventHub:
    hub = EventHub()
    for done in range(events):
        await hub.add(ScanProgressEvent(scan_id="s1", camera_id="CAM01", clips_total=events, clips_done=done,
                                        errors=0, bytes_read=done))
    return hub


async def test_a_camera_stream_replays_three_thousand_events_in_three_chunks() -> None:
    hub = await _hub_with(3000)
    stream = camera_stream(hub, "CAM01", 0)
    assert await anext(stream) == "retry: 2000\n\n"
    chunks = [await anext(stream) for _ in range(3)]
    assert sum(chunk.count("event: scan.progress\n") for chunk in chunks) == 3000
    with pytest.raises(TimeoutError):  # then it waits for live events
        await asyncio.wait_for(anext(stream), 0.2)


async def test_a_scan_stream_replay_ends_at_its_terminal_event_in_one_chunk() -> None:
    hub = await _hub_with(500)
    await hub.add(ScanCompletedEvent(scan_id="s1", camera_id="CAM01"))
    chunks = [chunk async for chunk in scan_stream(hub, "s1", 0)]
    assert len(chunks) == 2 and chunks[1].count("\n\n") == 501
    assert chunks[1].rsplit("id: ", 1)[1].split("\n")[1] == "event: scan.completed"
