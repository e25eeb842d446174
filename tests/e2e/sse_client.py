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
    timeout_s: float = 60.0,
) -> list[SseEvent]:
    """Read frames until the server ends the stream, stop_after frames arrived, or the deadline passes."""
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
                        if stop_after is not None and len(events) >= stop_after:
                            return
                    fields = {}
                elif not line.startswith(":") and ":" in line:
                    name, _, value = line.partition(":")
                    fields[name] = value.lstrip(" ")

    await asyncio.wait_for(consume(), timeout_s)
    return events
