"""Server-Sent Events: frames parsed from a stream's lines, and scan events read with the shared event union."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from libs.common.contracts.events import SCAN_EVENT, TERMINAL_EVENTS, ScanEvent


@dataclass
class SseMessage:
    """One dispatched SSE message: its id, event name and data lines joined, and a retry hint (ms) if sent."""

    id: str | None = None
    event: str = "message"
    data: list[str] = field(default_factory=list)
    retry_ms: int | None = None


@dataclass(frozen=True)
class ScanEventFrame:
    """One scan event as the web service sends it: the SSE id and the typed event (contracts/events.py)."""

    id: int
    event: ScanEvent

    @property
    def kind(self) -> str:
        """The event's kind."""
        return self.event.kind

    @property
    def terminal(self) -> bool:
        """Whether the scan ended with this event."""
        return isinstance(self.event, TERMINAL_EVENTS)

    @property
    def data(self) -> dict[str, Any]:
        """The event as its JSON body (kind, scan_id, ...)."""
        return self.event.model_dump(mode="json")


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


def sse_event_id(message: SseMessage) -> int | None:
    """The numeric id of a message that carries data, or None (no data, or an id that is not a number)."""
    if not message.data or message.id is None or not (message.id.isascii() and message.id.isdigit()):
        return None
    return int(message.id)


def scan_event_frame(message: SseMessage) -> ScanEventFrame | None:
    """The typed scan event a message carries; None for a message without data or a numeric id, and for an event
    this client cannot read: a kind a newer server added, or a body that is no scan event. Unknown fields of a
    known kind are ignored (the envelope's SCHEMA_VERSION rule: additive changes keep the version)."""
    event_id = sse_event_id(message)
    if event_id is None:
        return None
    try:
        return ScanEventFrame(event_id, SCAN_EVENT.validate_json("\n".join(message.data)))
    except ValidationError:
        return None
