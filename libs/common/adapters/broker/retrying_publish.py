"""Publishing a work message that must not be lost: a broker outage is waited out with backoff."""

from __future__ import annotations

import asyncio
import time

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.contracts.envelope import Envelope

log = structlog.get_logger(__name__)


async def publish_until_confirmed(
    broker: Broker,
    queue: str,
    message: Envelope,
    *,
    priority: int = 0,
    deadline_s: float = 300.0,
    first_delay_s: float = 0.5,
    max_delay_s: float = 5.0,
) -> None:
    """Publish; while the broker is unavailable wait (doubling) and try again, re-raising after deadline_s.

    Workers use this for jobs; the gateway publishes once so a request answers 503 quickly instead.
    """
    give_up_at = time.monotonic() + deadline_s
    delay, attempt = first_delay_s, 1
    while True:
        try:
            await broker.publish(queue, message, priority=priority)
            return
        except BrokerUnavailable as exc:
            if time.monotonic() + delay > give_up_at:
                raise BrokerUnavailable(
                    f"{exc} (publish to {queue!r} still failing after {attempt} tries over {deadline_s:.0f}s)"
                ) from exc
            log.warning("broker unavailable, publish retried", queue=queue, message_id=message.id,
                        attempt=attempt, delay_s=delay, reason=str(exc))
        await asyncio.sleep(delay)
        delay, attempt = min(delay * 2, max_delay_s), attempt + 1
