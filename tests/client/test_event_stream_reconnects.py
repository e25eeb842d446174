"""The client follows a scan's event stream across broken connections, resuming with Last-Event-ID."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from libs.client.async_client import SdbClient
from libs.client.errors import TransferInterrupted
from tools.local_servers.asgi_server import serve_app

SCAN_ID = "a" * 32
KINDS = ["scan.running", "scan.progress", "clip", "day.scanned", "scan.progress", "scan.completed"]


FIELDS = {"scan.progress": {"clips_total": 1, "clips_done": 0, "errors": 0, "bytes_read": 0},
          "clip": {"clip_id": "c1", "clip": {
              "clip_id": "c1", "path": "2026-11-20/02/c1.mp4", "start": "2026-11-20T02:00:00", "size_bytes": 10,
              "status": "ok", "error": None, "duration_s": 6.0, "container": "mp4", "video": None, "audio": None,
              "bytes_read": 10, "thumbnail_bytes_read": 0, "preview_bytes_read": 0, "thumbnail_url": None,
              "preview_url": None}},
          "day.scanned": {"date": "2026-11-20", "clips": 1}}


def frame(event_id: int, kind: str | None = None, **extra: object) -> str:
    """Event `event_id` (1-based) of KINDS (or of `kind`) as the web service frames it, with `extra` fields."""
    kind = kind or KINDS[event_id - 1]
    body = {"kind": kind, "scan_id": SCAN_ID, "camera_id": "CAM01", "time": "2026-11-20T02:00:00Z",
            **FIELDS.get(kind, {}), **extra}
    return f"id: {event_id}\nevent: {kind}\ndata: {json.dumps(body)}\n\n"


def flaky_events(per_connection: int, cut: str) -> tuple[FastAPI, list[str | None]]:
    """Events resuming after Last-Event-ID, at most per_connection each time, then the connection ends
    (cut="close": cleanly; "abort": mid-frame with an error). Returns the app and the Last-Event-IDs it got."""
    app, seen = FastAPI(), []

    @app.get("/api/v1/scans/{scan_id}/events")
    async def events(scan_id: str, request: Request) -> StreamingResponse:
        last = request.headers.get("last-event-id")
        seen.append(last)
        start = int(last or 0) + 1

        async def body() -> AsyncIterator[str]:
            yield "retry: 10\n\n: keep-alive\n\n"
            for event_id in range(start, min(start + per_connection, len(KINDS) + 1)):
                yield frame(event_id)
            if cut == "abort" and start + per_connection <= len(KINDS):
                yield "id: 99\nevent: clip\ndata: {\"kind\""
                raise RuntimeError("connection lost")

        return StreamingResponse(body(), media_type="text/event-stream")

    return app, seen


@pytest.mark.parametrize("cut", ["close", "abort"])
async def test_every_event_arrives_once_in_order_across_reconnects(cut: str) -> None:
    app, seen = flaky_events(per_connection=2, cut=cut)
    async with serve_app(app) as url, SdbClient(url) as client:
        frames = [frame async for frame in client.scan_events(SCAN_ID)]
    assert [f.id for f in frames] == [1, 2, 3, 4, 5, 6]
    assert [f.kind for f in frames] == KINDS and frames[-1].terminal
    assert seen == [None, "2", "4"]


async def test_following_starts_after_a_given_event_id() -> None:
    app, seen = flaky_events(per_connection=10, cut="close")
    async with serve_app(app) as url, SdbClient(url) as client:
        frames = [frame async for frame in client.scan_events(SCAN_ID, last_event_id=4)]
    assert [f.id for f in frames] == [5, 6] and seen == ["4"]


async def test_a_stream_that_never_moves_on_is_given_up_after_the_retries() -> None:
    app, seen = flaky_events(per_connection=0, cut="close")
    async with serve_app(app) as url, SdbClient(url) as client:
        with pytest.raises(TransferInterrupted, match="after 2 reconnects"):
            [frame async for frame in client.scan_events(SCAN_ID, retries=2)]
    assert seen == [None, None, None]


async def test_kinds_and_fields_a_newer_server_added_are_skipped_and_ignored_never_a_crash() -> None:
    app = FastAPI()

    @app.get("/api/v1/scans/{scan_id}/events")
    async def events(scan_id: str) -> StreamingResponse:
        async def body() -> AsyncIterator[str]:
            yield frame(1, "scan.running", worker="collector-7")
            yield frame(2, "scan.paused", reason="a kind this client does not know")
            yield frame(3, "scan.completed", verified=True)

        return StreamingResponse(body(), media_type="text/event-stream")

    async with serve_app(app) as url, SdbClient(url) as client:
        frames = [frame async for frame in client.scan_events(SCAN_ID, retries=0)]
    assert [(f.id, f.kind) for f in frames] == [(1, "scan.running"), (3, "scan.completed")]
    assert frames[-1].terminal
