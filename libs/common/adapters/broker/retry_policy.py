"""How long a failed job waits before its next attempt: exponential backoff with a cap."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Delay after attempt n is base_delay_s * 2**(n-1), at most max_delay_s."""

    base_delay_s: float = 1.0
    max_delay_s: float = 30.0

    def delay_ms(self, failed_attempt: int) -> int:
        """Whole milliseconds to wait after the given (1-based) attempt failed."""
        delay = self.base_delay_s * 2.0 ** max(0, failed_attempt - 1)
        return round(min(delay, self.max_delay_s) * 1000)
