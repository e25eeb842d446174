"""An object store wrapper for workers: an outage is waited out with backoff, up to a deadline."""

from __future__ import annotations

import asyncio
import builtins
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

from libs.common.adapters.store.port import ObjectStore, StoreUnavailable

log = structlog.get_logger(__name__)

T = TypeVar("T")


class RetryingStore:
    """Retries every call that fails with StoreUnavailable until deadline_s has passed since its first try.

    Whole-object writes and reads are idempotent, so repeating one is safe. health() is not retried:
    it reports the outage instead of waiting it out.
    """

    def __init__(
        self,
        inner: ObjectStore,
        *,
        deadline_s: float = 300.0,
        first_delay_s: float = 0.5,
        max_delay_s: float = 10.0,
    ) -> None:
        """Wrap inner; waits start at first_delay_s and double up to max_delay_s."""
        self._inner = inner
        self._deadline_s = deadline_s
        self._first_delay_s = first_delay_s
        self._max_delay_s = max_delay_s

    async def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store bytes under key, waiting out an outage."""
        await self._retry(f"store {key}", lambda: self._inner.put(key, data, content_type))

    async def put_if(self, key: str, data: bytes, etag: str | None,
                     content_type: str = "application/octet-stream") -> str:
        """A conditional write, waiting out an outage (PreconditionFailed is not retried: the caller re-reads)."""
        return await self._retry(f"store {key}", lambda: self._inner.put_if(key, data, etag, content_type))

    async def get(self, key: str) -> bytes:
        """The object's bytes (ObjectMissing is not retried)."""
        return await self._retry(f"read {key}", lambda: self._inner.get(key))

    async def get_with_etag(self, key: str) -> tuple[bytes, str]:
        """The object's bytes and their tag, waiting out an outage."""
        return await self._retry(f"read {key}", lambda: self._inner.get_with_etag(key))

    async def exists(self, key: str) -> bool:
        """Whether an object is stored under key."""
        return await self._retry(f"look up {key}", lambda: self._inner.exists(key))

    async def list(self, prefix: str) -> builtins.list[str]:
        """Every key starting with prefix, sorted."""
        return await self._retry(f"list {prefix}", lambda: self._inner.list(prefix))

    async def delete(self, key: str) -> None:
        """Remove an object; missing is fine."""
        await self._retry(f"delete {key}", lambda: self._inner.delete(key))

    async def health(self) -> bool:
        """Whether the store answers now."""
        return await self._inner.health()

    async def free_bytes(self) -> int | None:
        """What the wrapped store says about its free space."""
        return await self._inner.free_bytes()

    async def _retry(self, action: str, call: Callable[[], Awaitable[T]]) -> T:
        """Run call; on StoreUnavailable wait (doubling) and try again until the deadline, then re-raise."""
        give_up_at = time.monotonic() + self._deadline_s
        delay, attempt = self._first_delay_s, 1
        while True:
            try:
                return await call()
            except StoreUnavailable as exc:
                if time.monotonic() + delay > give_up_at:
                    raise StoreUnavailable(
                        f"{exc} (still failing after {attempt} tries over {self._deadline_s:.0f}s)"
                    ) from exc
                log.warning("object store unavailable, retrying", action=action, attempt=attempt,
                            delay_s=delay, reason=str(exc))
            await asyncio.sleep(delay)
            delay, attempt = min(delay * 2, self._max_delay_s), attempt + 1
