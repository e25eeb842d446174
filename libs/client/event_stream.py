"""Following a scan's event stream to its end, reconnecting with Last-Event-ID when the connection breaks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping

import httpx

from libs.client.errors import TransferInterrupted
from libs.client.sse import ScanEventFrame, scan_event_frame, sse_event_id, sse_messages
from libs.client.transport import check_status, transport_errors

STREAM_TIMEOUT = httpx.Timeout(30.0, read=60.0)  # the web service sends a keep-alive every 15 s
MAX_RETRY_WAIT_S = 5.0


async def follow(http: httpx.AsyncClient, base_url: str, path: str, auth: Mapping[str, str],
                 last_event_id: int | None, retries: int) -> AsyncIterator[ScanEventFrame]:
    """Events after last_event_id until a terminal one; up to `retries` reconnects in a row without a new event.
    Events this client cannot read (a kind a newer server added) are skipped, and still resumed after."""
    failures, wait_s = 0, 1.0
    while True:
        headers = {"Accept": "text/event-stream", **auth}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        reason = "the stream ended before the scan did"
        try:
            with transport_errors(base_url, streaming=True):
                async with http.stream("GET", path, headers=headers, timeout=STREAM_TIMEOUT) as answer:
                    if answer.status_code != 200:
                        await answer.aread()
                        check_status(answer)
                    async for message in sse_messages(answer.aiter_lines()):
                        if message.retry_ms is not None:
                            wait_s = min(message.retry_ms / 1000, MAX_RETRY_WAIT_S)
                        event_id = sse_event_id(message)
                        if event_id is None:
                            continue
                        last_event_id, failures = event_id, 0
                        frame = scan_event_frame(message)
                        if frame is None:
                            continue  # a kind a newer server added (or a body that is no event): skipped
                        yield frame
                        if frame.terminal:
                            return
        except TransferInterrupted as exc:
            reason = str(exc)
        except httpx.StreamError as exc:  # closed under us: treat like a broken connection
            reason = str(exc) or type(exc).__name__
        failures += 1
        if failures > retries:
            raise TransferInterrupted(f"gave up on the event stream {path} after {retries} reconnects: {reason}")
        await asyncio.sleep(wait_s)
