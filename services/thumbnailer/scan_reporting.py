"""After an image job ends: complete its scan if that was the last job, and announce the scan's progress and phase."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.store.port import ObjectMissing, ObjectStore
from libs.common.contracts.records import ScanStatus
from libs.common.documents.scan_lifecycle import (
    PROGRESS_EVERY_S,
    announce_image_progress,
    complete_if_done,
    load_scan,
)
from libs.common.documents.scan_progress import JobMarkers, jobs_settled

_SCANS_REMEMBERED = 64


class ScanReporter:
    """Announces a collected scan's image progress when a kind of job runs out (the phase moves on), and otherwise
    at most every `every_s` per scan; completes the scan when every job ended. One per thumbnailer replica."""

    def __init__(self, store: ObjectStore, broker: Broker, every_s: float = PROGRESS_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`clock` is injectable for tests."""
        self._store, self._broker, self._every_s, self._clock = store, broker, every_s, clock
        self._announced: OrderedDict[str, float] = OrderedDict()
        self._one_at_a_time = asyncio.Lock()

    async def job_settled(self, scan_id: str, job: JobMarkers, others_held: bool = False) -> None:
        """One job of this kind ended (its settled marker is written); nothing to do while the card is being read.

        `others_held`: the replica holds another job of this scan and kind, so the kind has not run out and its
        markers are not listed (listing them after every job made a 1,440-clip day quadratic).

        The jobs this replica holds (its prefetch) look one at a time; replicas in other processes racing on the last
        two jobs both look, and the lifecycle's conditional write lets exactly one of them complete the scan.
        """
        async with self._one_at_a_time:
            await self._look(scan_id, job, others_held)

    async def _look(self, scan_id: str, job: JobMarkers, others_held: bool) -> None:
        """Complete the scan if every job ended, else announce its progress when due."""
        try:
            record = await load_scan(self._store, scan_id)
        except ObjectMissing:
            return
        if record.status is not ScanStatus.RUNNING or not record.collected:
            return
        ran_out = not others_held and await jobs_settled(self._store, scan_id, job)
        if ran_out and await complete_if_done(self._store, self._broker, scan_id):
            self._announced.pop(scan_id, None)
            return
        now = self._clock()
        if ran_out or now - self._announced.get(scan_id, float("-inf")) >= self._every_s:
            self._announced[scan_id] = now
            self._announced.move_to_end(scan_id)
            while len(self._announced) > _SCANS_REMEMBERED:
                self._announced.popitem(last=False)
            await announce_image_progress(self._store, self._broker, record)
