"""Scan events kept per scan and per camera with increasing ids, de-duplicated, for live streams and resumption."""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from libs.common.contracts.api.scans import ScanView
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.contracts.events import (
    FLEET_EVENTS,
    TERMINAL_EVENTS,
    BaseClipEvent,
    CheckIssueEvent,
    ClipFailedEvent,
    ScanCompletedEvent,
    ScanEvent,
    ScanFailedEvent,
    open_event,
)


def camera_key(camera_id: str) -> str:
    """The hub stream that carries every scan of one camera (scan streams are keyed by scan id)."""
    return f"camera:{camera_id}"


FLEET_KEY = "fleet"  # the hub stream of every camera's issues, watch ticks and scan ends


def ended_event(scan: ScanView) -> ScanEvent:
    """The terminal event of an ended scan, rebuilt from its stored state for a hub that missed the live one."""
    fields: dict[str, Any] = {"scan_id": scan.scan_id, "camera_id": scan.camera_id}
    if scan.finished:
        fields["time"] = scan.finished
    if scan.status == "completed":
        return ScanCompletedEvent(**fields)
    return ScanFailedEvent(**fields, error=scan.error or "")


@dataclass(frozen=True)
class HubEvent:
    """One event as browsers get it: id, kind and a JSON-able body."""

    id: int
    kind: str
    scan_id: str
    camera_id: str
    body: dict[str, Any]


class EventHub:
    """Holds recent events per scan and per camera; every stream sees them in id order, each once."""

    def __init__(self, max_scans: int = 200, max_events_per_scan: int = 50_000) -> None:
        """Bound memory by streams kept (scans and cameras) and events per stream."""
        self._logs: OrderedDict[str, deque[HubEvent]] = OrderedDict()
        self._seen: dict[str, set[tuple[str, str]]] = {}
        self._ids = itertools.count(1)
        self.latest_id = 0
        self._changed = asyncio.Condition()
        self._max_scans, self._max_events = max_scans, max_events_per_scan

    async def receive(self, message: Envelope) -> None:
        """Take an event from the broker; repeats of once-only events are dropped."""
        try:
            event = open_event(message)
        except MalformedMessage:
            return
        await self.add(event)

    async def add(self, event: ScanEvent) -> HubEvent | None:
        """Append an event to its scan's and its camera's log and wake the streams; None if it was a repeat."""
        once_key = self._once_key(event)
        seen_in = camera_key(event.camera_id) if isinstance(event, CheckIssueEvent) else event.scan_id
        seen = self._seen.setdefault(seen_in, set())
        if once_key is not None:
            if once_key in seen:
                return None
            seen.add(once_key)
        kept = HubEvent(next(self._ids), event.kind, event.scan_id, event.camera_id, event.model_dump(mode="json"))
        self._log(event.scan_id).append(kept)
        self._log(camera_key(event.camera_id)).append(kept)
        if isinstance(event, FLEET_EVENTS):
            self._log(FLEET_KEY).append(kept)
        self.latest_id = kept.id
        async with self._changed:
            self._changed.notify_all()
        return kept

    @staticmethod
    def _once_key(event: ScanEvent) -> tuple[str, str] | None:
        """Which events may appear only once per scan: each per-clip kind once per clip (a failure once per job kind),
        and the scan's end."""
        if isinstance(event, TERMINAL_EVENTS):
            return ("end", "")
        if isinstance(event, CheckIssueEvent):
            return (event.kind, event.issue.issue_id)
        if isinstance(event, ClipFailedEvent):
            return (f"{event.kind}:{event.images}", event.clip_id)
        if isinstance(event, BaseClipEvent):
            return (event.kind, event.clip_id)
        return None

    def _log(self, key: str) -> deque[HubEvent]:
        """A scan's or camera's log, created on first use; the oldest are forgotten past 2 * max_scans."""
        log = self._logs.get(key)
        if log is None:
            log = self._logs[key] = deque(maxlen=self._max_events)
            while len(self._logs) > 2 * self._max_scans:
                old, _ = self._logs.popitem(last=False)
                self._seen.pop(old, None)
        return log

    def after(self, key: str, last_id: int) -> list[HubEvent]:
        """The events of a scan id (or camera_key) with an id greater than last_id, oldest first."""
        newer: list[HubEvent] = []
        for event in reversed(self._logs.get(key, ())):
            if event.id <= last_id:
                break
            newer.append(event)
        return newer[::-1]

    def _has_after(self, key: str, last_id: int) -> bool:
        """Whether the stream has an event newer than last_id."""
        log = self._logs.get(key)
        return log is not None and bool(log) and log[-1].id > last_id

    def ended(self, scan_id: str) -> bool:
        """Whether the scan's terminal event is in its log."""
        return ("end", "") in self._seen.get(scan_id, set())

    async def wait(self, key: str, last_id: int, timeout_s: float) -> bool:
        """Wait until a scan id (or camera_key) has an event newer than last_id; False on timeout."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self._has_after(key, last_id)), timeout_s)
            except TimeoutError:
                return False
        return True
