"""The watch record's life on both stores: copies of one tick claimed at once run once, a redelivery runs again,
a finished tick is never run again, a stop saved while a tick runs is kept."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import ObjectStore
from libs.common.adapters.store.s3 import S3Store
from libs.common.contracts.watches import WatchTick
from libs.common.documents.watch_lifecycle import (
    TickResult,
    claim_tick,
    finish_tick,
    load_watch,
    start_watch,
    stop_watch,
)
from tools.local_servers.seaweed import S3Server


@pytest.fixture(params=["local", "s3"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    """An empty store of each kind (a fresh bucket on S3)."""
    if request.param == "local":
        return LocalFolderStore(tmp_path / "store")
    server: S3Server = request.getfixturevalue("s3_server")
    s3 = S3Store(server.endpoint, server.access_key, server.secret_key, bucket=f"test-{uuid.uuid4().hex[:12]}")
    await s3.start()
    return s3


async def test_copies_of_one_tick_claimed_at_once_run_once_and_a_finished_tick_never_again(
        store: ObjectStore) -> None:
    broker = InMemoryBroker()
    await broker.start()
    watch, created = await start_watch(store, broker, "CAM01", 60, None, [])
    assert created
    tick = WatchTick(watch_id=watch.watch_id, seq=1)

    claims = await asyncio.gather(*(claim_tick(store, tick, f"copy-{n}") for n in range(4)))
    winners = [n for n, claimed in enumerate(claims) if claimed is not None]
    assert len(winners) == 1
    assert await claim_tick(store, tick, f"copy-{winners[0]}") is not None, "a redelivery of the winner runs again"

    claimed = claims[winners[0]]
    assert claimed is not None
    await finish_tick(store, broker, claimed, 1, TickResult("a" * 32, True))
    assert await claim_tick(store, tick, f"copy-{winners[0]}") is None
    done = await load_watch(store, watch.watch_id)
    assert (done.ticks, done.claim, done.status) == (1, None, "active")
    assert done.next_tick is not None
    await broker.close()


async def test_a_stop_saved_while_a_tick_runs_is_kept_and_its_next_tick_does_nothing(store: ObjectStore) -> None:
    broker = InMemoryBroker()
    await broker.start()
    watch, _ = await start_watch(store, broker, "CAM01", 1, None, [])
    claimed = await claim_tick(store, WatchTick(watch_id=watch.watch_id, seq=1), "only")
    assert claimed is not None

    await stop_watch(store, watch.watch_id)
    await finish_tick(store, broker, claimed, 1, TickResult("a" * 32, True))

    stopped = await load_watch(store, watch.watch_id)
    assert (stopped.status, stopped.ticks, stopped.next_tick) == ("stopped", 1, None)
    assert await claim_tick(store, WatchTick(watch_id=watch.watch_id, seq=2), "next") is None
    await broker.close()
