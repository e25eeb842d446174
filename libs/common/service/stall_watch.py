"""The stall watch: a scan whose progress has not moved within the deadline ends failed, so no camera waits on it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.store.port import ObjectStore, StoreFull, StoreUnavailable
from libs.common.contracts.records import ScanRecord, ScanStatus
from libs.common.documents.open_scans import open_scans
from libs.common.documents.scan_lifecycle import end_scan
from libs.common.documents.scan_progress import ImageProgress, image_progress

log = structlog.get_logger(__name__)

_Progress = tuple[str, ImageProgress | None]


class StallWatch:
    """Looks at every open scan now and then; one whose record and image markers stayed the same for deadline_s
    ends failed ("stalled"). Runs in every mode (the embedded system, the gateway); several watches may look at
    once, the lifecycle's conditional write ends a scan once."""

    def __init__(self, store: ObjectStore, broker: Broker, deadline_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`clock` is injectable for tests."""
        self._store, self._broker, self._deadline_s, self._clock = store, broker, deadline_s, clock
        self._seen: dict[str, tuple[_Progress, float]] = {}

    async def look(self) -> list[str]:
        """Note each open scan's progress and end those that did not move within the deadline; their ids."""
        now, seen, stalled = self._clock(), {}, []
        for record in await open_scans(self._store):
            progress = await self._progress(record)
            before = self._seen.get(record.scan_id)
            if before is None or before[0] != progress:
                seen[record.scan_id] = (progress, now)
                continue
            seen[record.scan_id] = before
            if now - before[1] >= self._deadline_s and await end_scan(
                    self._store, self._broker, record.scan_id, ScanStatus.FAILED,
                    f"stalled: no progress for {self._deadline_s:g} s"):
                stalled.append(record.scan_id)
        self._seen = seen
        return stalled

    async def _progress(self, record: ScanRecord) -> _Progress:
        """What moves while a scan makes progress: its record, and once collected its image markers."""
        images = await image_progress(self._store, record.scan_id) if record.collected else None
        return record.model_dump_json(), images

    async def run(self) -> None:
        """Look every quarter of the deadline (0.2 s to 30 s) until cancelled; an outage skips a look."""
        interval = min(max(self._deadline_s / 4, 0.2), 30.0)
        while True:
            try:
                await self.look()
            except (StoreUnavailable, StoreFull, BrokerUnavailable) as exc:
                log.warning("stall watch skipped a look", reason=str(exc))
            await asyncio.sleep(interval)
