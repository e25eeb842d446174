"""Exec-only cameras: the range reads of many clips, made at about the same time, gathered into one `dd` call."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from libs.common.adapters.camera.byte_ranges import ByteRange
from libs.common.adapters.camera.camera_link import CameraLink
from libs.common.adapters.camera.card_transport import RangesResult
from libs.common.adapters.camera.error_translation import translate_errors
from libs.common.adapters.camera.task_batch import retrieve_outcome

MAX_FILES_PER_CALL = 32
MAX_BYTES_PER_CALL = 1024 * 1024
MAX_CALLS_IN_FLIGHT = 3


@dataclass
class _Waiting:
    """One clip's batch of ranges, waiting for a call to carry it."""

    path: str
    ranges: Sequence[ByteRange]
    answer: asyncio.Future[RangesResult] = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    @property
    def nbytes(self) -> int:
        """Bytes asked for."""
        return sum(length for _, length in self.ranges)


class ExecReadBatcher:
    """Queues clips' reads; each call takes what waits (up to a file and byte limit), at most a few calls at once.

    While calls are out, new reads pile up and leave together in the next call, so a scan with many clips
    in flight makes far fewer exec calls than clips. Every call keeps the link's deadline and reconnect-retry;
    a call that fails fails each of its clips with the reason, a file dd cannot read fails only that clip.
    """

    def __init__(self, link: CameraLink) -> None:
        """Send calls over `link`."""
        self._link = link
        self._waiting: list[_Waiting] = []
        self._calls: set[asyncio.Task[None]] = set()
        self._dispatch_planned = False
        self.calls_made = 0

    async def read(self, path: str, ranges: Sequence[ByteRange]) -> RangesResult:
        """The ranges of the absolute camera file `path`, read in some upcoming batched call."""
        waiting = _Waiting(path, ranges)
        self._waiting.append(waiting)
        if not self._dispatch_planned:
            self._dispatch_planned = True
            asyncio.get_running_loop().call_soon(self._dispatch)  # after the reads woken alongside this one
        return await waiting.answer

    def _dispatch(self) -> None:
        """Start calls for the waiting reads while fewer than MAX_CALLS_IN_FLIGHT are out, sharing the reads
        evenly between the free calls so that calls overlap instead of taking turns."""
        self._dispatch_planned = False
        self._waiting = [waiting for waiting in self._waiting if not waiting.answer.done()]
        while self._waiting and len(self._calls) < MAX_CALLS_IN_FLIGHT:
            share = -(-len(self._waiting) // (MAX_CALLS_IN_FLIGHT - len(self._calls)))
            batch: list[_Waiting] = []
            total = 0
            while self._waiting and len(batch) < min(share, MAX_FILES_PER_CALL) and (
                not batch or total + self._waiting[0].nbytes <= MAX_BYTES_PER_CALL
            ):
                total += self._waiting[0].nbytes
                batch.append(self._waiting.pop(0))
            call = asyncio.ensure_future(self._call(batch))
            self._calls.add(call)
            call.add_done_callback(self._call_ended)

    def _call_ended(self, call: asyncio.Task[None]) -> None:
        """Forget a finished call and send what piled up meanwhile."""
        self._calls.discard(call)
        retrieve_outcome(call)
        self._dispatch()

    async def _call(self, batch: list[_Waiting]) -> None:
        """One exec call for the batch; answer every clip in it, with its data or the reason it failed."""
        self.calls_made += 1
        requests = [(waiting.path, waiting.ranges) for waiting in batch]
        try:
            results = await self._link.call(f"reading {len(batch)} clips", lambda card: card.read_many(requests))
        except Exception as error:
            for waiting in batch:
                if not waiting.answer.done():
                    waiting.answer.set_exception(error)
            return
        except asyncio.CancelledError:
            for waiting in batch:
                waiting.answer.cancel()
            raise
        for waiting, result in zip(batch, results, strict=True):
            if waiting.answer.done():
                continue
            if isinstance(result, Exception):
                try:
                    with translate_errors(self._link.target, f"reading {waiting.path}"):
                        raise result
                except Exception as translated:
                    waiting.answer.set_exception(translated)
            else:
                waiting.answer.set_result(result)
