"""A small Server-Sent Events reader for tests: frames as dicts, stop on a kind or a deadline."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class SseEvent:
    """One received frame."""

    id: int
    kind: str
    data: dict[str, Any]


async def read_events(
    client: httpx.AsyncClient, url: str, *, last_event_id: int | None = None, stop_after: int | None = None,
    timeout_s: float = 60.0, stop_after_kind: str | None = None,
) -> list[SseEvent]:
    """Read frames until the stream ends, stop_after frames (or one of stop_after_kind) arrived, or the deadline."""
    headers = {"Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    events: list[SseEvent] = []

    async def consume() -> None:
        async with client.stream("GET", url, headers=headers, timeout=timeout_s) as answer:
            assert answer.status_code == 200, await answer.aread()
            fields: dict[str, str] = {}
            async for line in answer.aiter_lines():
                if line == "":
                    if "data" in fields:
                        events.append(SseEvent(int(fields["id"]), fields["event"], json.loads(fields["data"])))
                        if (stop_after is not None and len(events) >= stop_after) or (
                            stop_after_kind is not None and events[-1].kind == stop_after_kind
                        ):
                            return
                    fields = {}
                elif not line.startswith(":") and ":" in line:
                    name, _, value = line.partition(":")
                    fields[name] = value.lstrip(" ")

    await asyncio.wait_for(consume(), timeout_s)
    return events
