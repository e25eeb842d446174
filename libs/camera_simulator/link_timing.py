"""The timing model of a camera-like link: each direction a pipe that sends bytes at a rate, then delays them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkShape:
    """One-way delay (seconds) and byte rate (bytes/s, 0 = unlimited), the same in both directions."""

    delay_s: float = 0.0
    rate_bytes_per_s: float = 0.0

    def __post_init__(self) -> None:
        """Refuse negative delays and rates."""
        if self.delay_s < 0 or self.rate_bytes_per_s < 0:
            raise ValueError(f"a link needs a delay and a rate >= 0, got {self.delay_s} s and {self.rate_bytes_per_s}")

    @classmethod
    def of(cls, delay_ms: float, rate_bytes_per_s: float) -> LinkShape:
        """A shape from a delay in milliseconds."""
        return cls(delay_ms / 1000, rate_bytes_per_s)

    @property
    def shaped(self) -> bool:
        """Whether the link slows anything down at all."""
        return self.delay_s > 0 or self.rate_bytes_per_s > 0

    def __str__(self) -> str:
        """'5 ms, 5.0 MB/s' or 'loopback'."""
        if not self.shaped:
            return "loopback"
        rate = f"{self.rate_bytes_per_s / 1e6:.1f} MB/s" if self.rate_bytes_per_s else "unlimited"
        return f"{self.delay_s * 1000:g} ms, {rate}"


class PipeSchedule:
    """When pieces of one direction's byte stream reach the far end.

    The sender puts one piece on the wire at a time, each taking len / rate seconds, in the order they were
    handed over; a piece arrives `delay` after its last byte left. Pieces handed over while the wire is busy
    wait their turn, but their delays overlap: n requests in flight cost one delay plus n transfers, not n
    delays. Times are whatever clock the caller uses (the event loop's, or a fake one in tests).
    """

    def __init__(self, shape: LinkShape) -> None:
        """Start with an idle wire."""
        self._shape = shape
        self._wire_free_at = float("-inf")

    def arrival(self, now: float, nbytes: int) -> float:
        """The time a piece of `nbytes` handed over at `now` has fully arrived at the far end."""
        start = max(now, self._wire_free_at)
        rate = self._shape.rate_bytes_per_s
        self._wire_free_at = start + (nbytes / rate if rate else 0.0)
        return self._wire_free_at + self._shape.delay_s
