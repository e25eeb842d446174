"""What our messages look like on RabbitMQ: queue names, queue arguments, headers and properties."""

from __future__ import annotations

from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from libs.common.domain.ascii_numbers import ascii_int

MAX_PRIORITY = 10
ATTEMPT_HEADER = "x-sdb-attempt"
REASON_HEADER = "x-sdb-reason"
QUEUE_HEADER = "x-sdb-queue"
ATTEMPTS_HEADER = "x-sdb-attempts"
_MAX_REASON_CHARS = 1000


def dead_queue_name(queue: str) -> str:
    """The queue that keeps the messages given up on."""
    return f"{queue}.dead"


def retry_queue_name(queue: str, delay_ms: int) -> str:
    """The holding queue whose messages return to queue after delay_ms."""
    return f"{queue}.retry-{delay_ms}ms"


def delay_queue_name(queue: str, delay_ms: int) -> str:
    """The holding queue whose messages go to queue once they waited delay_ms (scheduled messages, not retries)."""
    return f"{queue}.delay-{delay_ms}ms"


def events_exchange_name(prefix: str) -> str:
    """The fanout exchange every event goes through."""
    return f"{prefix}.events"


def work_queue_arguments(queue: str) -> dict[str, Any]:
    """Priorities up to MAX_PRIORITY; a rejected message lands in the dead queue."""
    return {
        "x-max-priority": MAX_PRIORITY,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": dead_queue_name(queue),
    }


def retry_queue_arguments(queue: str, delay_ms: int) -> dict[str, Any]:
    """Messages expire after delay_ms and are dead-lettered back onto the work queue."""
    return {"x-message-ttl": delay_ms, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue}


def clamp_priority(priority: int) -> int:
    """A priority RabbitMQ honours: 0..MAX_PRIORITY."""
    return max(0, min(MAX_PRIORITY, priority))


def work_message(
    body: bytes,
    *,
    message_id: str | None,
    message_type: str | None,
    priority: int,
    attempt: int,
) -> aio_pika.Message:
    """A persistent work message carrying its attempt number."""
    return aio_pika.Message(
        body,
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message_id,
        type=message_type,
        priority=clamp_priority(priority),
        headers={ATTEMPT_HEADER: attempt},
    )


def dead_message(incoming: AbstractIncomingMessage, *, queue: str, reason: str, attempts: int) -> aio_pika.Message:
    """A copy of incoming for the dead queue, saying why, from where and after how many attempts."""
    return aio_pika.Message(
        incoming.body,
        content_type=incoming.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=incoming.message_id,
        type=incoming.type,
        headers={
            REASON_HEADER: reason[:_MAX_REASON_CHARS],
            QUEUE_HEADER: queue,
            ATTEMPTS_HEADER: attempts,
        },
    )


def event_message(body: bytes, *, message_id: str, message_type: str) -> aio_pika.Message:
    """A transient event: it only lives in subscribers' own queues."""
    return aio_pika.Message(body, content_type="application/json", message_id=message_id, type=message_type)


def attempt_of(incoming: AbstractIncomingMessage) -> int:
    """The attempt number this delivery carries (1 when the header is absent or unreadable)."""
    raw = (incoming.headers or {}).get(ATTEMPT_HEADER, 1)
    if isinstance(raw, int):
        return max(1, raw)
    return max(1, ascii_int(raw) or 1) if isinstance(raw, str | bytes) else 1
