"""The broker port on RabbitMQ (aio-pika): durable priority queues, confirmed publishes, retries, dead letters."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections import defaultdict
from collections.abc import AsyncIterator

import aio_pika
import structlog
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection
from aio_pika.exceptions import CONNECTION_EXCEPTIONS

from libs.common.adapters.broker.amqp_url import masked_url, without_password
from libs.common.adapters.broker.port import BrokerHealth, BrokerUnavailable, DeadHandler, Handler, QueueStats
from libs.common.adapters.broker.rabbitmq_settle import MessageSettler, deliver_event
from libs.common.adapters.broker.rabbitmq_wire import (
    dead_queue_name,
    delay_queue_name,
    event_message,
    events_exchange_name,
    retry_queue_arguments,
    retry_queue_name,
    work_message,
    work_queue_arguments,
)
from libs.common.adapters.broker.retry_policy import RetryPolicy
from libs.common.contracts.envelope import Envelope

log = structlog.get_logger(__name__)


class RabbitMQBroker:
    """Work queues and events on RabbitMQ; reconnects by itself and restores its consumers."""

    durable = True

    def __init__(
        self,
        url: str,
        publish_timeout_s: float = 10.0,
        exchange_prefix: str = "sdb",
        *,
        retry_policy: RetryPolicy | None = None,
        connect_timeout_s: float = 10.0,
        connection_name: str = "sdb",
    ) -> None:
        """Configure; nothing connects until start(). connection_name shows in RabbitMQ's connection list."""
        self._url = url
        self._shown_url = masked_url(url)
        self._publish_timeout_s = publish_timeout_s
        self._connect_timeout_s = connect_timeout_s
        self._connection_name = connection_name
        self._events_exchange = events_exchange_name(exchange_prefix)
        self._policy = retry_policy or RetryPolicy()
        self._connection: AbstractRobustConnection | None = None
        self._publisher: AbstractChannel | None = None
        self._events: AbstractExchange | None = None
        self._declared: set[str] = set()
        self._consumers: dict[str, int] = defaultdict(int)

    async def start(self) -> None:
        """Connect, open the confirming publisher channel and declare the events exchange."""
        try:
            async with self._broker_errors("accept a connection", self._connect_timeout_s):
                self._connection = await aio_pika.connect_robust(
                    self._url,
                    timeout=self._connect_timeout_s,
                    client_properties={"connection_name": self._connection_name},
                )
                self._publisher = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
                self._events = await self._publisher.declare_exchange(
                    self._events_exchange, aio_pika.ExchangeType.FANOUT, durable=True
                )
        except BrokerUnavailable:
            await self.close()
            raise
        log.info("connected to RabbitMQ", url=self._shown_url)

    async def close(self) -> None:
        """Close the connection; unacked messages go back to their queues."""
        connection, self._connection = self._connection, None
        self._publisher = self._events = None
        self._declared.clear()
        self._consumers.clear()
        if connection is not None:
            with contextlib.suppress(*CONNECTION_EXCEPTIONS):
                await connection.close()
            log.info("disconnected from RabbitMQ", url=self._shown_url)

    async def publish(self, queue: str, message: Envelope, priority: int = 0) -> None:
        """Publish a persistent message and wait for the broker's confirm, at most publish_timeout_s."""
        outgoing = work_message(
            message.to_bytes(), message_id=message.id, message_type=message.type, priority=priority, attempt=1
        )
        await self._send_to_queue(queue, queue, outgoing)

    async def publish_delayed(self, queue: str, message: Envelope, delay_s: float) -> None:
        """Park a persistent message in a durable holding queue with a per-queue TTL of delay_s (whole ms) that
        dead-letters it onto queue: RabbitMQ times it, and it survives a restart of either side."""
        outgoing = work_message(
            message.to_bytes(), message_id=message.id, message_type=message.type, priority=0, attempt=1
        )
        delay_ms = max(0, round(delay_s * 1000))
        await self._send_to_queue(queue, delay_queue_name(queue, delay_ms) if delay_ms else queue, outgoing, delay_ms)

    async def send_retry(self, queue: str, message: aio_pika.Message, delay_ms: int) -> None:
        """Park message in a holding queue whose TTL returns it to queue after delay_ms."""
        delay_ms = max(0, delay_ms)
        await self._send_to_queue(queue, retry_queue_name(queue, delay_ms) if delay_ms else queue, message, delay_ms)

    async def send_dead(self, queue: str, message: aio_pika.Message) -> None:
        """Put message on queue's dead-letter queue, confirmed."""
        await self._send_to_queue(queue, dead_queue_name(queue), message)

    async def _send_to_queue(self, queue: str, routing_key: str, message: aio_pika.Message,
                             holding_ms: int = 0) -> None:
        """Declare queue (and its dead queue) once, and routing_key once as a holding queue that returns its
        messages to queue after holding_ms when that is set; then publish to routing_key and await the confirm."""
        channel = self._live_channel()
        async with self._broker_errors(f"confirm a publish to {routing_key!r}", self._publish_timeout_s):
            if queue not in self._declared:
                await channel.declare_queue(dead_queue_name(queue), durable=True)
                await channel.declare_queue(queue, durable=True, arguments=work_queue_arguments(queue))
                self._declared.add(queue)
            if holding_ms and routing_key not in self._declared:
                await channel.declare_queue(routing_key, durable=True,
                                            arguments=retry_queue_arguments(queue, holding_ms))
                self._declared.add(routing_key)
            await channel.default_exchange.publish(message, routing_key=routing_key)

    async def consume(
        self,
        queue: str,
        handler: Handler,
        *,
        prefetch: int = 1,
        max_tries: int = 3,
        on_dead: DeadHandler | None = None,
    ) -> None:
        """Consume queue on a channel of its own, with up to prefetch messages in progress at once."""
        connection = self._live_connection()
        settler = MessageSettler(queue, handler, max_tries=max_tries, on_dead=on_dead, sender=self, policy=self._policy)
        async with self._broker_errors(f"start a consumer on {queue!r}", self._publish_timeout_s):
            channel = await connection.channel(publisher_confirms=False)
            await channel.set_qos(prefetch_count=max(1, prefetch))
            await channel.declare_queue(dead_queue_name(queue), durable=True)
            work_queue = await channel.declare_queue(queue, durable=True, arguments=work_queue_arguments(queue))
            await work_queue.consume(settler)
        self._consumers[queue] += 1
        log.info("consuming", queue=queue, prefetch=prefetch, max_tries=max_tries)

    async def publish_event(self, message: Envelope) -> None:
        """Broadcast through the fanout exchange; confirmed even when nobody listens."""
        events = self._live_events_exchange()
        outgoing = event_message(message.to_bytes(), message_id=message.id, message_type=message.type)
        async with self._broker_errors("confirm an event", self._publish_timeout_s):
            await events.publish(outgoing, routing_key="", mandatory=False)

    async def subscribe_events(self, handler: Handler) -> None:
        """Bind a private auto-deleted queue to the events exchange and deliver its events in order."""
        connection = self._live_connection()
        async with self._broker_errors("subscribe to events", self._publish_timeout_s):
            channel = await connection.channel(publisher_confirms=False)
            await channel.set_qos(prefetch_count=1)
            inbox = await channel.declare_queue(exclusive=True, auto_delete=True)
            await inbox.bind(self._events_exchange)
            await inbox.consume(functools.partial(deliver_event, handler=handler))

    async def health(self) -> BrokerHealth:
        """Connected now, and the consumers this broker object started per queue."""
        return BrokerHealth(connected=self._is_connected(), consumers=dict(self._consumers))

    async def queue_stats(self, queue: str) -> QueueStats:
        """Passive declares on a short-lived channel: RabbitMQ's counts, whichever process consumes."""
        connection = self._live_connection()
        async with self._broker_errors(f"report on {queue!r}", self._publish_timeout_s):
            work = await _passive_counts(connection, queue)
            dead = await _passive_counts(connection, dead_queue_name(queue))
        return QueueStats(messages=work[0], consumers=work[1], dead_letters=dead[0])

    def _is_connected(self) -> bool:
        """The connection is open and not in the middle of reconnecting."""
        connection = self._connection
        return connection is not None and not connection.is_closed and connection.connected.is_set()

    def _live_connection(self) -> AbstractRobustConnection:
        """The connection, or BrokerUnavailable at once when it is down (never wait for a reconnect)."""
        if self._connection is None or not self._is_connected():
            raise BrokerUnavailable(f"not connected to RabbitMQ at {self._shown_url}")
        return self._connection

    def _live_channel(self) -> AbstractChannel:
        """The confirming publisher channel, or BrokerUnavailable at once."""
        self._live_connection()
        if self._publisher is None or self._publisher.is_closed:
            raise BrokerUnavailable(f"no open channel to RabbitMQ at {self._shown_url}")
        return self._publisher

    def _live_events_exchange(self) -> AbstractExchange:
        """The events exchange on the publisher channel, or BrokerUnavailable at once."""
        self._live_channel()
        if self._events is None:
            raise BrokerUnavailable(f"events exchange not declared on RabbitMQ at {self._shown_url}")
        return self._events

    @contextlib.asynccontextmanager
    async def _broker_errors(self, action: str, timeout_s: float) -> AsyncIterator[None]:
        """Bound the block by timeout_s and turn every aio-pika/socket failure into BrokerUnavailable."""
        try:
            async with asyncio.timeout(timeout_s):
                yield
        except BrokerUnavailable:
            raise
        except TimeoutError as exc:
            raise BrokerUnavailable(f"RabbitMQ at {self._shown_url} did not {action} within {timeout_s}s") from exc
        except CONNECTION_EXCEPTIONS as exc:
            detail = without_password(str(exc) or type(exc).__name__, self._url)
            raise BrokerUnavailable(f"RabbitMQ at {self._shown_url} did not {action}: {detail}") from exc


async def _passive_counts(connection: AbstractRobustConnection, queue: str) -> tuple[int, int]:
    """(messages ready, consumers) of an existing queue, on a channel of its own; (0, 0) if never declared."""
    channel = await connection.channel(publisher_confirms=False)
    try:
        declared = await channel.declare_queue(queue, passive=True)
    except aio_pika.exceptions.ChannelNotFoundEntity:
        return 0, 0
    finally:
        if not channel.is_closed:
            await channel.close()
    result = declared.declaration_result
    return result.message_count or 0, result.consumer_count or 0
