"""A process-wide bound on SSH handshakes in flight: small cameras drop connections beyond a few unauthenticated
ones (OpenSSH's MaxStartups begins refusing at 10, dropbear at 5 per address), and a fleet of watches ticking
together would open them all at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HandshakeGate:
    """At most `limit` handshakes at a time; counts the ones in flight and the most there ever were."""

    def __init__(self, limit: int) -> None:
        """A gate of `limit` (at least 1) places."""
        self._places = asyncio.Semaphore(max(limit, 1))
        self.in_flight = 0
        self.peak = 0

    @asynccontextmanager
    async def place(self) -> AsyncIterator[None]:
        """Hold one place for the length of a handshake (key exchange and authentication)."""
        async with self._places:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                yield
            finally:
                self.in_flight -= 1
