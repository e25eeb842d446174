"""Webhook deliveries: POST each stored delivery, signed, retried with backoff for over an hour, off the tick path."""

from __future__ import annotations

import hashlib
import hmac

import httpx
import structlog

from libs.common.adapters.broker.port import Broker, PermanentFailure
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.envelope import Envelope, MalformedMessage
from libs.common.documents.process_counters import WEBHOOK_DELIVERIES, ProcessCounters
from libs.common.documents.webhook_outbox import (
    WEBHOOK_QUEUE,
    Delivery,
    DeliveryDue,
    drop_delivery,
    load_delivery,
    resume_deliveries,
    save_delivery,
)

log = structlog.get_logger(__name__)

RETRY_DELAYS_S = (10, 30, 60, 120, 300, 600, 900, 1200, 1800)  # 84 minutes in all, then it is given up
POST_TIMEOUT_S = 10.0


def signature(secret: str, body: bytes) -> str:
    """The X-SDB-Signature value: sha256=<hex HMAC-SHA256 of the body with the shared secret>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookSender:
    """Consumes the delivery queue; a dead receiver costs its own retries, never a watch tick."""

    def __init__(self, broker: Broker, store: ObjectStore, secret: str, concurrency: int = 4) -> None:
        """Keep the adapters and the signing secret; concurrency bounds POSTs in flight in this process."""
        self._broker, self._store, self._secret, self._concurrency = broker, store, secret, concurrency
        self._http = httpx.AsyncClient(timeout=POST_TIMEOUT_S, follow_redirects=False)
        self._results = ProcessCounters(store, WEBHOOK_DELIVERIES)  # summed over processes by /metrics

    async def start(self) -> None:
        """Queue again what an in-process broker forgot, then consume the delivery queue."""
        resumed = await resume_deliveries(self._store, self._broker)
        if resumed:
            log.info("webhook deliveries resumed", deliveries=resumed)
        await self._broker.consume(WEBHOOK_QUEUE, self.handle, prefetch=self._concurrency)

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._http.aclose()

    async def handle(self, message: Envelope) -> None:
        """Try one delivery: confirmed → dropped; refused or unreachable → tried again later, or given up."""
        try:
            due = message.open(DeliveryDue)
        except MalformedMessage as exc:
            raise PermanentFailure(str(exc)) from exc
        delivery = await load_delivery(self._store, due.delivery_id)
        if delivery is None:
            return
        body = delivery.body.encode()
        headers = {"Content-Type": "application/json", "X-SDB-Delivery": delivery.delivery_id,
                   "X-SDB-Signature": signature(self._secret, body), "User-Agent": "sdcard-browser-webhook/1"}
        try:
            answer = await self._http.post(delivery.url, content=body, headers=headers)
            error = "" if answer.is_success else f"HTTP {answer.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        await self._results.add("failed" if error else "delivered")
        if not error:
            await drop_delivery(self._store, delivery.delivery_id)
            log.info("webhook delivered", delivery_id=delivery.delivery_id, attempts=delivery.attempts + 1)
            return
        await self._retry_or_give_up(delivery.model_copy(update={"attempts": delivery.attempts + 1,
                                                                  "last_error": error}))

    async def _retry_or_give_up(self, delivery: Delivery) -> None:
        """Save the failed attempt and schedule the next, or drop the delivery after the last delay."""
        if delivery.attempts > len(RETRY_DELAYS_S):
            log.error("webhook given up", delivery_id=delivery.delivery_id, attempts=delivery.attempts,
                      reason=delivery.last_error)
            await self._results.add("given_up")
            await drop_delivery(self._store, delivery.delivery_id)
            return
        await save_delivery(self._store, delivery)
        delay = RETRY_DELAYS_S[delivery.attempts - 1]
        log.warning("webhook failed, retried later", delivery_id=delivery.delivery_id, attempts=delivery.attempts,
                    delay_s=delay, reason=delivery.last_error)
        await self._broker.publish_delayed(WEBHOOK_QUEUE, Envelope.wrap(DeliveryDue(
            delivery_id=delivery.delivery_id)), delay)
