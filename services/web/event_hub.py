"""Scan events kept per scan with increasing ids, de-duplicated, for live streams and resumption."""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from libs.common.envelope import Envelope, MalformedMessage
from libs.common.messages import ScanEvent

TERMINAL_KINDS = frozenset({"scan.completed", "scan.failed"})
_ONCE_PER_CLIP = frozenset({"clip", "clip.thumbnail", "clip.preview", "clip.failed"})


@dataclass(frozen=True)
class HubEvent:
    """One event as browsers get it: id, kind and a JSON-able body."""

    id: int
    kind: str
    scan_id: str
    camera_id: str
    body: dict[str, Any]


class EventHub:
    """Holds recent scans' events; every stream of a scan sees them in id order, each once."""

    def __init__(self, max_scans: int = 200, max_events_per_scan: int = 50_000) -> None:
        """Bound memory by scans kept and events per scan."""
        self._logs: OrderedDict[str, deque[HubEvent]] = OrderedDict()
        self._seen: dict[str, set[tuple[str, str]]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._max_scans, self._max_events = max_scans, max_events_per_scan

    async def receive(self, message: Envelope) -> None:
        """Take an event from the broker; repeats of once-only events are dropped."""
        try:
            event = message.open(ScanEvent)
        except MalformedMessage:
            return
        await self.add(event.scan_id, event.camera_id, event.kind, event.data, message.time.isoformat())

    async def add(self, scan_id: str, camera_id: str, kind: str, data: dict[str, Any], time: str) -> HubEvent | None:
        """Append an event to its scan's log and wake the streams; None if it was a repeat."""
        once_key = self._once_key(kind, data)
        seen = self._seen.setdefault(scan_id, set())
        if once_key is not None:
            if once_key in seen:
                return None
            seen.add(once_key)
        log = self._log(scan_id)
        body = {"kind": kind, "scan_id": scan_id, "camera_id": camera_id, "time": time, **data}
        event = HubEvent(next(self._ids), kind, scan_id, camera_id, body)
        log.append(event)
        async with self._changed:
            self._changed.notify_all()
        return event

    @staticmethod
    def _once_key(kind: str, data: dict[str, Any]) -> tuple[str, str] | None:
        """Which events may appear only once per scan (per clip, or the scan's end)."""
        if kind in TERMINAL_KINDS:
            return ("end", "")
        if kind in _ONCE_PER_CLIP:
            clip = data.get("clip")
            clip_id = clip.get("clip_id") if isinstance(clip, dict) else data.get("clip_id")
            return (kind, str(clip_id))
        return None

    def _log(self, scan_id: str) -> deque[HubEvent]:
        """The scan's log, created on first use; the oldest scans are forgotten past max_scans."""
        log = self._logs.get(scan_id)
        if log is None:
            log = self._logs[scan_id] = deque(maxlen=self._max_events)
            while len(self._logs) > self._max_scans:
                old, _ = self._logs.popitem(last=False)
                self._seen.pop(old, None)
        return log

    def after(self, scan_id: str, last_id: int) -> list[HubEvent]:
        """The scan's events with an id greater than last_id, oldest first."""
        newer: list[HubEvent] = []
        for event in reversed(self._logs.get(scan_id, ())):
            if event.id <= last_id:
                break
            newer.append(event)
        return newer[::-1]

    def _has_after(self, scan_id: str, last_id: int) -> bool:
        """Whether the scan has an event newer than last_id."""
        log = self._logs.get(scan_id)
        return bool(log) and log[-1].id > last_id

    def ended(self, scan_id: str) -> bool:
        """Whether the scan's terminal event is in its log."""
        return ("end", "") in self._seen.get(scan_id, set())

    async def wait(self, scan_id: str, last_id: int, timeout_s: float) -> bool:
        """Wait until the scan has an event newer than last_id; False if the timeout passed first."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self._has_after(scan_id, last_id)), timeout_s)
            except TimeoutError:
                return False
        return True
