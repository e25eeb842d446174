"""Wait for a condition with a deadline instead of sleeping a fixed time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str, interval_s: float = 0.1) -> None:
    """Poll condition until it is true; raise TimeoutError naming what was awaited."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout_s}s waiting for {what}")
        time.sleep(interval_s)


async def eventually(
    condition: Callable[[], bool | Awaitable[bool]], timeout_s: float = 10.0, what: str = "the condition"
) -> None:
    """Async poll: await until condition() is (or resolves to) true; raise TimeoutError at the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout_s}s waiting for {what}")
        await asyncio.sleep(0.02)
