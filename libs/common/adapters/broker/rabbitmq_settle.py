"""Settling one RabbitMQ delivery: run the handler, then ack, retry later or dead-letter it."""

from __future__ import annotations

import contextlib
from typing import Protocol

import aio_pika
import structlog
from aio_pika.abc import AbstractIncomingMessage
from aio_pika.exceptions import CONNECTION_EXCEPTIONS

from libs.common.adapters.broker.port import BrokerUnavailable, DeadHandler, Handler, PermanentFailure
from libs.common.adapters.broker.rabbitmq_wire import attempt_of, dead_message, work_message
from libs.common.adapters.broker.retry_policy import RetryPolicy
from libs.common.contracts.envelope import Envelope, MalformedMessage

log = structlog.get_logger(__name__)


class ConfirmedSender(Protocol):
    """Publishes with publisher confirms, raising BrokerUnavailable when it cannot."""

    async def send_retry(self, queue: str, message: aio_pika.Message, delay_ms: int) -> None:
        """Put message back on queue after delay_ms."""

    async def send_dead(self, queue: str, message: aio_pika.Message) -> None:
        """Put message on queue's dead-letter queue."""


class MessageSettler:
    """The consumer callback of one work queue; a message is acked only once its fate is stored."""

    def __init__(
        self,
        queue: str,
        handler: Handler,
        *,
        max_tries: int,
        on_dead: DeadHandler | None,
        sender: ConfirmedSender,
        policy: RetryPolicy,
    ) -> None:
        """Settle messages of queue with handler, retrying up to max_tries attempts."""
        self._queue = queue
        self._handler = handler
        self._max_tries = max(1, max_tries)
        self._on_dead = on_dead
        self._sender = sender
        self._policy = policy

    async def __call__(self, incoming: AbstractIncomingMessage) -> None:
        """Handle one delivery; if its fate cannot be published, hand it back to the broker."""
        try:
            await self._settle(incoming)
        except (BrokerUnavailable, *CONNECTION_EXCEPTIONS) as exc:
            log.warning(
                "message left to the broker to redeliver",
                queue=self._queue,
                message_id=incoming.message_id,
                error=str(exc),
            )
            with contextlib.suppress(*CONNECTION_EXCEPTIONS):
                await incoming.nack(requeue=True)

    async def _settle(self, incoming: AbstractIncomingMessage) -> None:
        """Decide between handler, retry and dead queue."""
        attempt = attempt_of(incoming)
        try:
            envelope = Envelope.from_bytes(incoming.body)
        except MalformedMessage as exc:
            await self._dead_letter(incoming, None, str(exc), attempt)
            return
        if incoming.redelivered:
            await self._count_lost_attempt(incoming, envelope, attempt)
            return
        try:
            await self._handler(envelope)
        except Exception as exc:
            await self._failed(incoming, envelope, attempt, exc)
        else:
            await incoming.ack()

    async def _count_lost_attempt(self, incoming: AbstractIncomingMessage, envelope: Envelope, attempt: int) -> None:
        """A redelivery means a consumer stopped during this attempt: record it before trying again."""
        if attempt >= self._max_tries:
            reason = f"consumer stopped during attempt {attempt} of {self._max_tries}"
            await self._dead_letter(incoming, envelope, reason, attempt)
        else:
            await self._retry(incoming, envelope, attempt, "consumer stopped during the attempt")

    async def _failed(
        self, incoming: AbstractIncomingMessage, envelope: Envelope, attempt: int, exc: Exception
    ) -> None:
        """The handler raised: dead-letter a permanent or final failure, otherwise retry."""
        reason = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, PermanentFailure) or attempt >= self._max_tries:
            await self._dead_letter(incoming, envelope, reason, attempt)
        else:
            await self._retry(incoming, envelope, attempt, reason)

    async def _retry(self, incoming: AbstractIncomingMessage, envelope: Envelope, attempt: int, reason: str) -> None:
        """Republish as the next attempt after a backoff, then ack this delivery."""
        delay_ms = self._policy.delay_ms(attempt)
        log.info(
            "message retried",
            queue=self._queue,
            message_id=envelope.id,
            attempt=attempt,
            delay_ms=delay_ms,
            reason=reason,
        )
        again = work_message(
            incoming.body,
            message_id=envelope.id,
            message_type=envelope.type,
            priority=incoming.priority or 0,
            attempt=attempt + 1,
        )
        await self._sender.send_retry(self._queue, again, delay_ms)
        await incoming.ack()

    async def _dead_letter(
        self, incoming: AbstractIncomingMessage, envelope: Envelope | None, reason: str, attempt: int
    ) -> None:
        """Store the message in the dead queue, ack it, then tell on_dead (when there is an envelope)."""
        log.warning(
            "message dead-lettered", queue=self._queue, message_id=incoming.message_id, attempt=attempt, reason=reason
        )
        await self._sender.send_dead(
            self._queue, dead_message(incoming, queue=self._queue, reason=reason, attempts=attempt)
        )
        await incoming.ack()
        if envelope is not None and self._on_dead is not None:
            try:
                await self._on_dead(envelope, reason)
            except Exception:
                log.exception("on_dead handler failed", queue=self._queue, message_id=envelope.id)


async def deliver_event(incoming: AbstractIncomingMessage, handler: Handler) -> None:
    """Give one event to a subscriber; a bad event or a failing handler loses only that delivery."""
    try:
        envelope = Envelope.from_bytes(incoming.body)
    except MalformedMessage as exc:
        log.warning("malformed event dropped", message_id=incoming.message_id, reason=str(exc))
    else:
        try:
            await handler(envelope)
        except Exception:
            log.exception("event handler failed", message_id=envelope.id, type=envelope.type)
    with contextlib.suppress(*CONNECTION_EXCEPTIONS):
        await incoming.ack()
