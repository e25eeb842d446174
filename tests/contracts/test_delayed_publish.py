"""Both broker adapters time a delayed message themselves: it arrives after its delay, not before, intact."""

from __future__ import annotations

import time

import aio_pika

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.broker.rabbitmq_wire import delay_queue_name
from tests.contracts.recording import RecordingHandler, job
from tools.local_servers.polling import eventually


async def test_a_delayed_message_arrives_after_its_delay_and_not_before(broker: Broker, queue_name: str,
                                                                         broker_url: str | None) -> None:
    handler = RecordingHandler()
    await broker.consume(queue_name, handler)
    sent, at_once = job(1), job(2)
    published = time.monotonic()

    await broker.publish_delayed(queue_name, sent, 0.8)
    await broker.publish_delayed(queue_name, at_once, 0)

    await eventually(lambda: len(handler.seen) == 2, what="both deliveries", timeout_s=10)
    assert handler.seen == [at_once, sent]
    assert time.monotonic() - published >= 0.8
    if broker_url is not None:
        await _delete(broker_url, delay_queue_name(queue_name, 800))


async def test_only_rabbitmq_keeps_delayed_messages_across_a_restart(broker: Broker) -> None:
    assert broker.durable is (type(broker).__name__ == "RabbitMQBroker")


async def _delete(url: str, name: str) -> None:
    """Remove a holding queue the test made."""
    connection = await aio_pika.connect(url)
    try:
        await (await connection.channel()).queue_delete(name)
    finally:
        await connection.close()
