"""A bound on the bytes of reads in flight to one camera, in first-come order."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ByteWindow:
    """Lets reads start while their bytes fit under `limit`; a read larger than the whole window runs alone."""

    def __init__(self, limit: int) -> None:
        """At most `limit` bytes requested and not yet answered."""
        self.limit = max(1, limit)
        self.in_flight = 0
        self._waiting: deque[tuple[int, asyncio.Future[None]]] = deque()

    @asynccontextmanager
    async def hold(self, nbytes: int) -> AsyncIterator[None]:
        """Wait until `nbytes` fit, keep them counted while the block runs."""
        await self._acquire(nbytes)
        try:
            yield
        finally:
            self.in_flight -= nbytes
            self._wake()

    def _fits(self, nbytes: int) -> bool:
        """Whether a read of nbytes may start now."""
        return self.in_flight == 0 or self.in_flight + nbytes <= self.limit

    async def _acquire(self, nbytes: int) -> None:
        """Take nbytes of the window, queueing behind earlier waiters."""
        if not self._waiting and self._fits(nbytes):
            self.in_flight += nbytes
            return
        granted = asyncio.get_running_loop().create_future()
        self._waiting.append((nbytes, granted))
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self.in_flight -= nbytes  # granted just as the caller gave up: hand the bytes back
            elif (nbytes, granted) in self._waiting:
                self._waiting.remove((nbytes, granted))
            self._wake()
            raise

    def _wake(self) -> None:
        """Grant waiting reads, in order, while they fit."""
        while self._waiting and self._fits(self._waiting[0][0]):
            nbytes, granted = self._waiting.popleft()
            if not granted.cancelled():
                self.in_flight += nbytes
                granted.set_result(None)
