"""The one way the prober reads a clip: ranged reads of (offset, length)."""

from collections.abc import Awaitable, Callable

RangeReader = Callable[[int, int], Awaitable[bytes]]
"""read(offset, length) -> bytes; returns fewer than length bytes only at end of file."""
