"""A bound on clips in flight that starts small and grows as clips finish, so a scan's first clips go first."""

from __future__ import annotations

import asyncio
from types import TracebackType


class SlowStart:
    """`async with limit:` lets at most `allowed` clips run; `allowed` starts at `first` and grows by one each
    time a clip finishes, up to `most` (TCP's slow start: it doubles every round of clips).

    With all `most` clips started at once, the first clip's keyframes would wait on the link behind every other
    clip's facts; starting with a few lets the first thumbnails out at once and fills the link a few rounds later.
    Waiters are let in in the order they came.
    """

    def __init__(self, first: int, most: int) -> None:
        """Start with `first` clips in flight, never more than `most`."""
        self.most = max(1, most)
        self.allowed = max(1, min(first, self.most))
        self.in_flight = 0
        self._changed = asyncio.Condition()

    async def __aenter__(self) -> None:
        """Wait for room, in arrival order."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.allowed)
            self.in_flight += 1

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        """One clip done: one more may run."""
        async with self._changed:
            self.in_flight -= 1
            self.allowed = min(self.most, self.allowed + 1)
            self._changed.notify_all()
