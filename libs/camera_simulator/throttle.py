"""Optional slowness for benchmarks: a fixed latency per request and a byte rate for transfers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class Throttle:
    """Latency (ms) added to each request and a transfer rate (bytes/s, 0 = unlimited)."""

    latency_ms: float = 0.0
    rate_bytes_per_s: int = 0

    async def request(self) -> None:
        """Wait the per-request latency."""
        if self.latency_ms > 0:
            await asyncio.sleep(self.latency_ms / 1000)

    async def transfer(self, nbytes: int) -> None:
        """Wait as long as sending `nbytes` takes at the configured rate."""
        if self.rate_bytes_per_s > 0 and nbytes > 0:
            await asyncio.sleep(nbytes / self.rate_bytes_per_s)
