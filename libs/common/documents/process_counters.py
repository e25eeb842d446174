"""Counters one process keeps and stores as its own document (`counters/{family}/{process}.json`), owned here.

Each process writes only its own document, so processes never race; /metrics adds every process's document up,
so a counter survives restarts (a new process starts a new document, the old ones stay) and never goes back.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

from pydantic import ValidationError

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, StoreUnavailable, get_json, put_json

COUNTERS_PREFIX = "counters/"
WEBHOOK_DELIVERIES = "webhook_deliveries"  # the webhook sender's: delivered, failed (tried again), given_up


def counters_prefix(family: str) -> str:
    """Where every process's document of one family lies."""
    return f"{COUNTERS_PREFIX}{family}/"


class ProcessCounters:
    """Counts by label value in this process, stored after each change (at most one write in flight)."""

    def __init__(self, store: ObjectStore, family: str) -> None:
        """Counters of `family` (e.g. 'webhook_deliveries'), stored under this process's own new id."""
        self._store, self._key = store, f"{counters_prefix(family)}{uuid.uuid4().hex}.json"
        self._counts: Counter[str] = Counter()
        self._lock = asyncio.Lock()

    async def add(self, label: str, amount: int = 1) -> None:
        """Count `amount` under `label` and store the counts (a store outage is retried with the next add)."""
        self._counts[label] += amount
        async with self._lock:
            try:
                await put_json(self._store, self._key, dict(self._counts))
            except StoreUnavailable:
                return


async def summed_counters(store: ObjectStore, family: str) -> dict[str, int]:
    """Every process's counts of one family, added up by label."""
    total: Counter[str] = Counter()
    for key in await store.list(counters_prefix(family)):
        try:
            counts = await get_json(store, key)
        except (ObjectMissing, ValidationError, ValueError):
            continue
        if isinstance(counts, dict):
            total.update({str(label): int(value) for label, value in counts.items() if isinstance(value, int)})
    return dict(total)
