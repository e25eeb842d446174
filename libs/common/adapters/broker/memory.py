"""In-process broker for the embedded mode and unit tests: asyncio queues with priorities."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict

import structlog

from libs.common.adapters.broker.port import BrokerHealth, DeadHandler, Handler, PermanentFailure, QueueStats
from libs.common.contracts.envelope import Envelope

log = structlog.get_logger(__name__)

_QueueItem = tuple[int, int, int, Envelope]


class InMemoryBroker:
    """Same semantics as the RabbitMQ adapter, inside one process (nothing outlives it: not durable)."""

    durable = False

    def __init__(self) -> None:
        """Create empty queues; nothing runs until consumers are added."""
        self._queues: dict[str, asyncio.PriorityQueue[_QueueItem]] = defaultdict(asyncio.PriorityQueue)
        self._dead: dict[str, list[tuple[Envelope, str]]] = defaultdict(list)
        self._subscribers: list[asyncio.Queue[Envelope]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._consumers: dict[str, int] = defaultdict(int)
        self._order = itertools.count()
        self._timers: set[asyncio.TimerHandle] = set()
        self._running = False

    async def start(self) -> None:
        """Mark the broker usable."""
        self._running = True

    async def close(self) -> None:
        """Cancel every consumer and subscriber task."""
        self._running = False
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        self._consumers.clear()

    async def publish(self, queue: str, message: Envelope, priority: int = 0) -> None:
        """Queue a message; higher priority first, then first in first out."""
        self._queues[queue].put_nowait((-priority, next(self._order), 1, message))

    async def publish_delayed(self, queue: str, message: Envelope, delay_s: float) -> None:
        """Queue the message after delay_s on the event loop's clock (the equivalent of a TTL holding queue)."""
        if delay_s <= 0:
            await self.publish(queue, message)
            return

        def arrive() -> None:
            self._timers.discard(timer)
            self._queues[queue].put_nowait((0, next(self._order), 1, message))

        timer = asyncio.get_running_loop().call_later(delay_s, arrive)
        self._timers.add(timer)

    async def consume(
        self,
        queue: str,
        handler: Handler,
        *,
        prefetch: int = 1,
        max_tries: int = 3,
        on_dead: DeadHandler | None = None,
    ) -> None:
        """Start prefetch workers on the queue."""
        for _ in range(max(1, prefetch)):
            self._consumers[queue] += 1
            self._tasks.append(asyncio.create_task(self._work(queue, handler, max_tries, on_dead)))

    async def _work(self, queue: str, handler: Handler, max_tries: int, on_dead: DeadHandler | None) -> None:
        """Take messages one at a time and settle each."""
        pending = self._queues[queue]
        while True:
            priority, _, attempt, message = await pending.get()
            try:
                await handler(message)
            except asyncio.CancelledError:
                pending.put_nowait((priority, next(self._order), attempt, message))
                raise
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, PermanentFailure) or attempt >= max_tries:
                    log.warning("message dead-lettered", queue=queue, message_id=message.id, reason=reason)
                    self._dead[queue].append((message, reason))
                    if on_dead is not None:
                        await on_dead(message, reason)
                else:
                    log.info("message retried", queue=queue, message_id=message.id, attempt=attempt, reason=reason)
                    pending.put_nowait((priority, next(self._order), attempt + 1, message))

    async def publish_event(self, message: Envelope) -> None:
        """Hand the event to every subscriber's queue."""
        for subscriber in self._subscribers:
            subscriber.put_nowait(message)

    async def subscribe_events(self, handler: Handler) -> None:
        """Deliver every later event to handler, in order."""
        inbox: asyncio.Queue[Envelope] = asyncio.Queue()
        self._subscribers.append(inbox)
        self._tasks.append(asyncio.create_task(self._deliver(inbox, handler)))

    @staticmethod
    async def _deliver(inbox: asyncio.Queue[Envelope], handler: Handler) -> None:
        """Feed one subscriber; a failing handler loses nothing but that event's delivery."""
        while True:
            message = await inbox.get()
            try:
                await handler(message)
            except Exception:
                log.exception("event handler failed", message_id=message.id, type=message.type)

    async def health(self) -> BrokerHealth:
        """Always connected while running."""
        return BrokerHealth(connected=self._running, consumers=dict(self._consumers))

    async def queue_stats(self, queue: str) -> QueueStats:
        """Waiting messages, consumer tasks and dead letters of queue in this process."""
        waiting = self._queues[queue].qsize() if queue in self._queues else 0
        return QueueStats(waiting, self._consumers.get(queue, 0), len(self._dead.get(queue, ())))

    def dead_letters(self, queue: str) -> list[tuple[Envelope, str]]:
        """Messages given up on, with the reason (for tests and diagnostics)."""
        return list(self._dead[queue])
