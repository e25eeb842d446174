"""The broker port: durable work queues with retries and dead letters, and fanout events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from libs.common.contracts.envelope import Envelope

Handler = Callable[[Envelope], Awaitable[None]]
DeadHandler = Callable[[Envelope, str], Awaitable[None]]


class BrokerUnavailable(RuntimeError):
    """The broker cannot be reached or did not confirm a publish in time."""


class PermanentFailure(Exception):
    """Raised by a handler for a job that can never succeed: dead-letter it at once."""


@dataclass
class BrokerHealth:
    """Whether the broker is connected and how many consumers each queue has here."""

    connected: bool
    consumers: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueStats:
    """One queue as the broker counts it across every process: waiting messages, consumers, dead letters."""

    messages: int
    consumers: int
    dead_letters: int


class Broker(Protocol):
    """Work queues (competing consumers, at-least-once) and events (every subscriber gets each).

    `durable` says whether queued and delayed messages outlive a restart of the broker and of this process
    (RabbitMQ: yes; the in-process broker: no, so whoever schedules with it seeds its messages again on start).
    """

    durable: bool

    async def start(self) -> None:
        """Connect and declare what is needed."""

    async def close(self) -> None:
        """Stop consumers and disconnect."""

    async def publish(self, queue: str, message: Envelope, priority: int = 0) -> None:
        """Put a persistent message on a work queue; returns once the broker has confirmed it."""

    async def publish_delayed(self, queue: str, message: Envelope, delay_s: float) -> None:
        """Put a persistent message on queue after delay_s, timed by the broker itself (confirmed at once)."""

    async def consume(
        self,
        queue: str,
        handler: Handler,
        *,
        prefetch: int = 1,
        max_tries: int = 3,
        on_dead: DeadHandler | None = None,
    ) -> None:
        """Run handler on each message; ack when it returns, retry when it raises, dead-letter after max_tries."""

    async def publish_event(self, message: Envelope) -> None:
        """Broadcast an event to every subscriber."""

    async def subscribe_events(self, handler: Handler) -> None:
        """Receive every event published from now on."""

    async def health(self) -> BrokerHealth:
        """Connection state and consumer counts."""

    async def queue_stats(self, queue: str) -> QueueStats:
        """The broker's own counts for queue (zeros for a queue never declared); BrokerUnavailable when down."""
