"""The object store port: bytes under keys, with JSON helpers."""

from __future__ import annotations

import json
from typing import Any, Protocol


class StoreUnavailable(RuntimeError):
    """The object store cannot be reached."""


class ObjectMissing(KeyError):
    """No object under that key."""


class PreconditionFailed(RuntimeError):
    """A conditional write lost: the object changed (or appeared, or went) since the writer read it."""


class StoreFull(RuntimeError):
    """The store's disk has no room for a write (the folder store keeps a reserve for conditional writes)."""


class ObjectStore(Protocol):
    """Keys are '/'-separated relative names; writes replace whole objects."""

    async def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store bytes under key, replacing what was there."""

    async def get(self, key: str) -> bytes:
        """The object's bytes, or ObjectMissing."""

    async def get_with_etag(self, key: str) -> tuple[bytes, str]:
        """The object's bytes and the tag of that version (for put_if), or ObjectMissing."""

    async def put_if(self, key: str, data: bytes, etag: str | None,
                     content_type: str = "application/octet-stream") -> str:
        """Store bytes only if the object is still the version tagged etag (None: only if there is no object);
        the new tag, or PreconditionFailed. A write whose stored bytes are already `data` counts as done."""

    async def exists(self, key: str) -> bool:
        """Whether an object is stored under key."""

    async def list(self, prefix: str) -> list[str]:
        """Every key starting with prefix, sorted."""

    async def delete(self, key: str) -> None:
        """Remove an object; missing is fine."""

    async def health(self) -> bool:
        """Whether the store answers."""

    async def free_bytes(self) -> int | None:
        """Bytes left on the store's disk, or None where the store cannot tell (S3)."""


async def put_json(store: ObjectStore, key: str, value: Any) -> None:
    """Store a JSON document."""
    await store.put(key, json.dumps(value, separators=(",", ":")).encode(), "application/json")


async def get_json(store: ObjectStore, key: str) -> Any:
    """Read a JSON document, or ObjectMissing."""
    return json.loads(await store.get(key))
