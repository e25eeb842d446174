"""The object store port: bytes under keys, with JSON helpers."""

from __future__ import annotations

import json
from typing import Any, Protocol


class StoreUnavailable(RuntimeError):
    """The object store cannot be reached."""


class ObjectMissing(KeyError):
    """No object under that key."""


class ObjectStore(Protocol):
    """Keys are '/'-separated relative names; writes replace whole objects."""

    async def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store bytes under key, replacing what was there."""

    async def get(self, key: str) -> bytes:
        """The object's bytes, or ObjectMissing."""

    async def exists(self, key: str) -> bool:
        """Whether an object is stored under key."""

    async def list(self, prefix: str) -> list[str]:
        """Every key starting with prefix, sorted."""

    async def delete(self, key: str) -> None:
        """Remove an object; missing is fine."""

    async def health(self) -> bool:
        """Whether the store answers."""


async def put_json(store: ObjectStore, key: str, value: Any) -> None:
    """Store a JSON document."""
    await store.put(key, json.dumps(value, separators=(",", ":")).encode(), "application/json")


async def get_json(store: ObjectStore, key: str) -> Any:
    """Read a JSON document, or ObjectMissing."""
    return json.loads(await store.get(key))
