"""A bound on clips in flight that starts small and grows as clips finish, so a scan's first clips go first."""

from __future__ import annotations

import asyncio
import collections
from types import TracebackType


class SlowStart:
    """`async with limit:` lets at most `allowed` clips run; `allowed` starts at `first` and grows by one each
    time a clip finishes, up to `most` (TCP's slow start: it doubles every round of clips).

    With all `most` clips started at once, the first clip's keyframes would wait on the link behind every other
    clip's facts; starting with a few lets the first thumbnails out at once and fills the link a few rounds later.
    Waiters are let in in the order they came, each woken only when a place is its own: a condition variable's
    notify_all woke every waiting clip of the day at each clip's end (a 1,440-clip day queues ~1,400 of them, ~1
    million wake-ups, ~8 % of the event loop in bench/bench_embedded_day.py).
    """

    def __init__(self, first: int, most: int) -> None:
        """Start with `first` clips in flight, never more than `most`."""
        self.most = max(1, most)
        self.allowed = max(1, min(first, self.most))
        self.in_flight = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def __aenter__(self) -> None:
        """Wait for room, in arrival order; a waiter cancelled after it was given a place passes the place on."""
        if self.in_flight < self.allowed and not self._waiters:
            self.in_flight += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.in_flight -= 1
                self._let_in()
            raise

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        """One clip done: one more may run."""
        self.in_flight -= 1
        self.allowed = min(self.most, self.allowed + 1)
        self._let_in()

    def _let_in(self) -> None:
        """Give each free place to the longest-waiting clip still waiting (cancelled ones are passed over)."""
        while self._waiters and self.in_flight < self.allowed:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                self.in_flight += 1
