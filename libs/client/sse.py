"""Server-Sent Events: frames parsed from a stream's lines, and scan events as (id, kind, data)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

TERMINAL_KINDS = frozenset({"scan.completed", "scan.failed"})


@dataclass
class SseMessage:
    """One dispatched SSE message: its id, event name and data lines joined, and a retry hint (ms) if sent."""

    id: str | None = None
    event: str = "message"
    data: list[str] = field(default_factory=list)
    retry_ms: int | None = None


@dataclass(frozen=True)
class ScanEventFrame:
    """One scan event as the web service sends it: the SSE id, the kind, and the JSON body (kind, scan_id, ...)."""

    id: int
    kind: str
    data: dict[str, Any]

    @property
    def terminal(self) -> bool:
        """Whether the scan ended with this event."""
        return self.kind in TERMINAL_KINDS


async def sse_messages(lines: AsyncIterator[str]) -> AsyncIterator[SseMessage]:
    """Messages from the lines of a text/event-stream (comments skipped; a bare retry: is passed on too)."""
    message = SseMessage()
    async for line in lines:
        if line == "":
            if message.data or message.retry_ms is not None:
                yield message
            message = SseMessage()
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            message.data.append(value)
        elif name == "event":
            message.event = value
        elif name == "id":
            message.id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            message.retry_ms = int(value)


def scan_event_frame(message: SseMessage) -> ScanEventFrame | None:
    """The scan event a message carries; None for a message without data or with a malformed id or body."""
    if not message.data or message.id is None or not (message.id.isascii() and message.id.isdigit()):
        return None
    try:
        data = json.loads("\n".join(message.data))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return ScanEventFrame(int(message.id), str(data.get("kind", message.event)), data)
