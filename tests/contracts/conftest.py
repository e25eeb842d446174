"""Fixtures that give each contract test a fresh adapter: broker (memory | rabbitmq), store (local | s3)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aio_pika
import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.broker.port import Broker
from libs.common.adapters.broker.rabbitmq import RabbitMQBroker
from libs.common.adapters.broker.rabbitmq_wire import (
    REASON_HEADER,
    dead_queue_name,
    events_exchange_name,
    retry_queue_name,
)
from libs.common.adapters.broker.retry_policy import RetryPolicy
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import ObjectStore
from libs.common.adapters.store.s3 import S3Store
from tools.local_servers.seaweed import S3Server

FAST_RETRIES = RetryPolicy(base_delay_s=0.05, max_delay_s=0.2)
DeadLetters = Callable[[str], Awaitable[list[tuple[str, str]]]]


@pytest.fixture
async def amqp_channel(rabbitmq_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    """A plain channel of a side connection, for looking at queues behind the adapter's back."""
    connection = await aio_pika.connect(rabbitmq_url)
    try:
        yield await connection.channel()
    finally:
        await connection.close()


@pytest.fixture(params=["memory", "rabbitmq"])
def broker_kind(request: pytest.FixtureRequest) -> str:
    """Which broker adapter the test runs against."""
    return str(request.param)


@pytest.fixture
def broker_url(broker_kind: str, request: pytest.FixtureRequest) -> str | None:
    """The RabbitMQ URL when the test runs against RabbitMQ (skipping if it is down), else None."""
    return None if broker_kind == "memory" else str(request.getfixturevalue("rabbitmq_url"))


@pytest.fixture
async def queue_name(broker_url: str | None) -> AsyncIterator[str]:
    """A queue name no other test uses; on RabbitMQ the queue and its satellites are deleted afterwards."""
    name = f"test.{uuid.uuid4().hex[:12]}"
    yield name
    if broker_url is not None:
        await _delete_queues(broker_url, name)


async def _delete_queues(url: str, queue: str) -> None:
    """Remove a work queue, its dead queue and the retry queues FAST_RETRIES may have made."""
    delays = {FAST_RETRIES.delay_ms(attempt) for attempt in range(1, 10)}
    names = [queue, dead_queue_name(queue), *(retry_queue_name(queue, delay) for delay in delays)]
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)
    finally:
        await connection.close()


@pytest.fixture
async def broker(broker_url: str | None) -> AsyncIterator[Broker]:
    """A started broker of the requested kind (events isolated per test on RabbitMQ), closed afterwards."""
    prefix = f"sdb-test-{uuid.uuid4().hex[:12]}"
    adapter: Broker
    if broker_url is None:
        adapter = InMemoryBroker()
    else:
        adapter = RabbitMQBroker(broker_url, publish_timeout_s=5.0, exchange_prefix=prefix, retry_policy=FAST_RETRIES)
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.close()
        if broker_url is not None:
            await _delete_exchange(broker_url, events_exchange_name(prefix))


async def _delete_exchange(url: str, name: str) -> None:
    """Remove a test's events exchange."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        await channel.exchange_delete(name)
    finally:
        await connection.close()


@pytest.fixture
def dead_letters(broker: Broker, broker_url: str | None) -> DeadLetters:
    """Read (message id, reason) of every dead-lettered message of a queue, whatever the adapter."""
    if broker_url is None:
        assert isinstance(broker, InMemoryBroker)
        memory = broker

        async def from_memory(queue: str) -> list[tuple[str, str]]:
            return [(message.id, reason) for message, reason in memory.dead_letters(queue)]

        return from_memory
    url = broker_url

    async def from_dead_queue(queue: str) -> list[tuple[str, str]]:
        connection = await aio_pika.connect(url)
        try:
            channel = await connection.channel()
            dead = await channel.declare_queue(dead_queue_name(queue), passive=True)
            found = []
            while (message := await dead.get(no_ack=False, fail=False)) is not None:
                found.append((str(message.message_id), str((message.headers or {}).get(REASON_HEADER, ""))))
            return found  # closing the connection puts the unacked messages back
        finally:
            await connection.close()

    return from_dead_queue


@pytest.fixture(params=["local", "s3"])
def store_server(request: pytest.FixtureRequest) -> S3Server | None:
    """The S3 server when the test runs against S3 (skipping if it cannot start), else None for a local folder."""
    return None if request.param == "local" else request.getfixturevalue("s3_server")


@pytest.fixture
async def store(store_server: S3Server | None, tmp_path: Path) -> ObjectStore:
    """An empty, started object store of each kind (a fresh bucket per test on S3)."""
    if store_server is None:
        return LocalFolderStore(tmp_path / "store")
    server = store_server
    s3 = S3Store(server.endpoint, server.access_key, server.secret_key, bucket=f"test-{uuid.uuid4().hex[:12]}")
    await s3.start()
    return s3
