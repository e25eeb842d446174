"""A cap on exports streaming at once (SDB_EXPORT_MAX_CONCURRENT): one more is refused with 429, not queued."""

from __future__ import annotations

from collections.abc import Callable

from services.gateway.export.errors import ExportRefused

RETRY_AFTER_S = 10


class ExportSlots:
    """Counts the exports in progress in this gateway process."""

    def __init__(self, limit: int) -> None:
        """Allow `limit` exports at once."""
        self._limit = limit
        self.in_use = 0

    def take(self) -> Callable[[], None]:
        """A slot, as the function that gives it back (once); ExportRefused(429) when all are taken."""
        if self.in_use >= self._limit:
            raise ExportRefused(429, f"{self.in_use} exports are streaming already (SDB_EXPORT_MAX_CONCURRENT="
                                     f"{self._limit}): try again when one has finished")
        self.in_use += 1
        returned = False

        def give_back() -> None:
            nonlocal returned
            if not returned:
                returned = True
                self.in_use -= 1

        return give_back
