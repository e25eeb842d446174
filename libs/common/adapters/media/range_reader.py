"""How the prober reads a clip: single ranged reads of (offset, length), or batches of them at once."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

RangeReader = Callable[[int, int], Awaitable[bytes]]
"""read(offset, length) -> bytes; returns fewer than length bytes only at end of file."""


class BatchReader(Protocol):
    """Reads several ranges of one file in one go (one round trip on a camera that pipelines requests)."""

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes, in order; fewer than asked only at end of file."""
        ...


class SingleReads:
    """A BatchReader over a plain RangeReader: the ranges of a batch are read concurrently."""

    def __init__(self, read: RangeReader) -> None:
        """Read through `read`."""
        self._read = read

    async def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Each range's bytes, in order."""
        return list(await asyncio.gather(*(self._read(offset, length) for offset, length in ranges)))
