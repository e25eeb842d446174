"""A fault for tests: file reads hang once a byte budget is spent, as a camera with a wedged SD card does."""

from __future__ import annotations

import asyncio


class ReadStall:
    """Counts file bytes served; past after_bytes every read waits until release() (None = never stall)."""

    def __init__(self, after_bytes: int | None = None) -> None:
        """Stall reads after after_bytes bytes of file data, or never when None."""
        self._after_bytes = after_bytes
        self._served = 0
        self._released = asyncio.Event()

    @property
    def served(self) -> int:
        """File bytes served so far (SFTP reads and dd), counted whether or not a stall is set."""
        return self._served

    async def pass_bytes(self, nbytes: int) -> None:
        """Account for nbytes about to be sent; hang first if the budget is already spent."""
        if self._after_bytes is not None and self._served >= self._after_bytes:
            await self._released.wait()
        self._served += nbytes

    def release(self) -> None:
        """Let every stalled and later read through (the simulator calls this when it closes)."""
        self._released.set()
