"""Per-process counters stored as each process's own document, added up at scrape time."""

from __future__ import annotations

from pathlib import Path

from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.documents.process_counters import ProcessCounters, summed_counters


async def test_counts_of_several_processes_add_up_and_outlive_a_restart(tmp_path: Path) -> None:
    store = LocalFolderStore(tmp_path / "store")
    first, second = ProcessCounters(store, "webhook_deliveries"), ProcessCounters(store, "webhook_deliveries")
    await first.add("delivered")
    await first.add("delivered")
    await second.add("failed")
    await second.add("delivered")
    assert await summed_counters(store, "webhook_deliveries") == {"delivered": 3, "failed": 1}
    restarted = ProcessCounters(store, "webhook_deliveries")
    await restarted.add("given_up")
    assert await summed_counters(store, "webhook_deliveries") == {"delivered": 3, "failed": 1, "given_up": 1}
    assert await summed_counters(store, "other") == {}
