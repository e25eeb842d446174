"""What only the RabbitMQ adapter can show: wire format, malformed bodies, lost consumers, broker down."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest

from libs.common.adapters.broker.port import BrokerUnavailable
from libs.common.adapters.broker.rabbitmq import RabbitMQBroker
from libs.common.adapters.broker.rabbitmq_wire import ATTEMPTS_HEADER, QUEUE_HEADER, REASON_HEADER, dead_queue_name
from libs.common.contracts.envelope import Envelope
from tests.contracts.conftest import FAST_RETRIES, DeadLetters
from tests.contracts.recording import DeadRecorder, RecordingHandler, job
from tests.servers.rabbit import drop_connections_named
from tools.local_servers.polling import eventually
from tools.local_servers.ports import free_port


@pytest.fixture
def broker_kind() -> str:
    """Every broker in this module is the RabbitMQ one."""
    return "rabbitmq"


@pytest.fixture
async def second_broker(broker_url: str) -> AsyncIterator[RabbitMQBroker]:
    """Another adapter on the same broker, standing for a second process."""
    adapter = RabbitMQBroker(broker_url, publish_timeout_s=5.0, retry_policy=FAST_RETRIES)
    await adapter.start()
    yield adapter
    await adapter.close()


async def _queue_messages(
    channel: aio_pika.abc.AbstractChannel, name: str
) -> list[aio_pika.abc.AbstractIncomingMessage]:
    """Every message now in a queue, left in place (the caller's channel is closed afterwards)."""
    queue = await channel.declare_queue(name, passive=True)
    found = []
    while (message := await queue.get(no_ack=False, fail=False)) is not None:
        found.append(message)
    return found


async def test_a_published_message_is_persistent_and_carries_the_envelope_id(
    broker: RabbitMQBroker, queue_name: str, amqp_channel: aio_pika.abc.AbstractChannel
) -> None:
    sent = job()

    await broker.publish(queue_name, sent, priority=3)

    [stored] = await _queue_messages(amqp_channel, queue_name)
    assert stored.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert stored.message_id == sent.id
    assert stored.priority == 3
    assert Envelope.from_bytes(stored.body) == sent


async def test_a_dead_letter_records_reason_queue_and_attempts(
    broker: RabbitMQBroker, queue_name: str, amqp_channel: aio_pika.abc.AbstractChannel
) -> None:
    dead = DeadRecorder()
    await broker.consume(queue_name, RecordingHandler(failures=100), max_tries=2, on_dead=dead)

    await broker.publish(queue_name, job())

    await eventually(lambda: len(dead.dead) == 1, what="the dead letter")
    [stored] = await _queue_messages(amqp_channel, dead_queue_name(queue_name))
    headers = stored.headers or {}
    assert headers[QUEUE_HEADER] == queue_name
    assert headers[ATTEMPTS_HEADER] == 2
    assert "simulated handler failure" in str(headers[REASON_HEADER])
    assert stored.delivery_mode == aio_pika.DeliveryMode.PERSISTENT


async def test_a_body_that_is_not_an_envelope_goes_straight_to_the_dead_queue(
    broker: RabbitMQBroker, queue_name: str, amqp_channel: aio_pika.abc.AbstractChannel, dead_letters: DeadLetters
) -> None:
    handler, dead = RecordingHandler(), DeadRecorder()
    await broker.consume(queue_name, handler, on_dead=dead)

    await amqp_channel.default_exchange.publish(
        aio_pika.Message(b"this is not json", message_id="raw-1"), routing_key=queue_name
    )

    async def dead_lettered() -> bool:
        return len(await dead_letters(queue_name)) == 1

    await eventually(dead_lettered, what="the malformed message in the dead queue")
    [(message_id, reason)] = await dead_letters(queue_name)
    assert message_id == "raw-1"
    assert "not a message envelope" in reason
    assert handler.seen == []
    assert dead.dead == []


async def die_during_first_attempt(broker: RabbitMQBroker, queue_name: str) -> None:
    """Publish a job, and close the broker (the process "dies") while its handler is in attempt 1."""
    started, release = asyncio.Event(), asyncio.Event()

    async def stuck(message: Envelope) -> None:
        started.set()
        await release.wait()

    await broker.consume(queue_name, stuck)
    await broker.publish(queue_name, job())
    await asyncio.wait_for(started.wait(), 10)
    await broker.close()
    release.set()


async def test_a_message_in_progress_when_its_consumer_stops_counts_that_attempt(
    broker: RabbitMQBroker, second_broker: RabbitMQBroker, queue_name: str
) -> None:
    await die_during_first_attempt(broker, queue_name)
    survivor, dead = RecordingHandler(failures=100), DeadRecorder()

    await second_broker.consume(queue_name, survivor, max_tries=2, on_dead=dead)

    await eventually(lambda: len(dead.dead) == 1, what="the dead letter after attempt 2")
    assert len(survivor.seen) == 1


async def test_a_message_lost_on_its_last_attempt_is_dead_lettered_without_running(
    broker: RabbitMQBroker, second_broker: RabbitMQBroker, queue_name: str
) -> None:
    await die_during_first_attempt(broker, queue_name)
    survivor, dead = RecordingHandler(), DeadRecorder()

    await second_broker.consume(queue_name, survivor, max_tries=1, on_dead=dead)

    await eventually(lambda: len(dead.dead) == 1, what="the dead letter")
    assert "consumer stopped during attempt 1 of 1" in dead.dead[0][1]
    assert survivor.seen == []


async def test_consumers_resume_after_the_broker_drops_the_connection(broker_url: str, queue_name: str) -> None:
    name = f"sdb-test-{uuid.uuid4().hex[:8]}"
    adapter = RabbitMQBroker(f"{broker_url}?reconnect_interval=0.2", connection_name=name)
    await adapter.start()
    try:
        handler = RecordingHandler()
        await adapter.consume(queue_name, handler)

        sent = job()

        assert drop_connections_named(name) == 1

        async def published() -> bool:
            try:
                await adapter.publish(queue_name, sent)
            except BrokerUnavailable:
                return False  # refused at once while reconnecting
            return True

        await eventually(published, timeout_s=20, what="a publish after the reconnect")
        await eventually(lambda: sent.id in handler.ids, what="delivery on the restored consumer")
    finally:
        await adapter.close()


@pytest.mark.timeout(20)
async def test_starting_against_a_closed_port_fails_fast_without_showing_the_password() -> None:
    adapter = RabbitMQBroker(f"amqp://guest:hunter2@127.0.0.1:{free_port()}/", connect_timeout_s=5)

    with pytest.raises(BrokerUnavailable) as raised:
        await adapter.start()

    assert "hunter2" not in str(raised.value)
    assert "guest:***@127.0.0.1" in str(raised.value)


@pytest.mark.timeout(20)
async def test_publishing_without_a_connection_fails_at_once() -> None:
    adapter = RabbitMQBroker(f"amqp://guest:hunter2@127.0.0.1:{free_port()}/", connect_timeout_s=5)
    with pytest.raises(BrokerUnavailable):
        await adapter.start()

    with pytest.raises(BrokerUnavailable, match="not connected"):
        await adapter.publish("anything", job())
    with pytest.raises(BrokerUnavailable, match="not connected"):
        await adapter.publish_event(job())


async def test_publishing_after_close_fails_at_once(broker: RabbitMQBroker) -> None:
    await broker.close()

    with pytest.raises(BrokerUnavailable, match="not connected"):
        await broker.publish("anything", job())
