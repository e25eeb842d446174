"""Read-modify-write of one stored JSON document, conditional on the version read: a loser re-reads and re-applies.

Every writer of a document that several processes change (a scan record, a camera's last scan) goes through
`update_document`: it reads the document with its tag, applies the change, and writes only if the document is still
the version it read (`ObjectStore.put_if`). When another process wrote in between, the write loses; the change is
applied again to what that process wrote. So no write ever undoes another's, and a change that only one writer may
make (moving a scan to completed) is made by exactly one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, PreconditionFailed

M = TypeVar("M", bound=BaseModel)

MAX_ATTEMPTS = 50


class UpdateContended(RuntimeError):
    """A document kept changing under a writer for MAX_ATTEMPTS tries in a row."""


async def update_document(store: ObjectStore, key: str, model: type[M],
                          change: Callable[[M | None], M | None]) -> M | None:
    """Apply `change` to the stored document (None when there is none) and store what it returns, conditionally on
    the version read; re-read and re-apply after losing to another writer. `change` returns None to write nothing
    and may raise to stop. Returns the document this call stored, or None when it stored nothing."""
    for _ in range(MAX_ATTEMPTS):
        try:
            data, etag = await store.get_with_etag(key)
            current: M | None = model.model_validate_json(data)
        except ObjectMissing:
            current, etag = None, None
        updated = change(current.model_copy(deep=True) if current is not None else None)
        if updated is None:
            return None
        body = json.dumps(updated.model_dump(mode="json"), separators=(",", ":")).encode()
        try:
            await store.put_if(key, body, etag, "application/json")
        except PreconditionFailed:
            continue
        return updated
    raise UpdateContended(f"{key} changed under every one of {MAX_ATTEMPTS} tries to update it")
