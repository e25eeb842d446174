"""The webhook outbox, owned here: one stored delivery per (issue, URL) until its receiver confirms it.

A new issue becomes deliveries (`queue_deliveries`): each is written to the store first, then announced on
the delivery queue, whose consumers POST it (services/collector/webhook_sender.py). A delivery id is derived
from the issue and the URL, so queuing the same issue again rewrites the same entry and the receiver sees the
same `X-SDB-Delivery` key. The entry is deleted once a receiver answers 2xx; a restart neither loses an entry
(it is stored) nor re-sends a confirmed one (it is gone). A broker that forgets its queue (the in-process one)
is fed again from the stored entries by `resume_deliveries`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import ClassVar

import structlog
from pydantic import BaseModel, Field

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.issues import HistoryIssue
from libs.common.contracts.envelope import Envelope, Payload
from libs.common.contracts.records import utc_now

log = structlog.get_logger(__name__)

WEBHOOK_QUEUE = "sdb.webhook.deliveries"


class Delivery(BaseModel):
    """One POST still owed to a receiver: the exact body (what the signature covers), how often it was tried."""

    delivery_id: str
    url: str
    body: str
    created: datetime = Field(default_factory=utc_now)
    attempts: int = 0
    last_error: str = ""


class DeliveryDue(Payload):
    """Time to try a delivery (again)."""

    TYPE: ClassVar[str] = "webhook.delivery"
    delivery_id: str


def issue_body(camera_id: str, issue: HistoryIssue) -> str:
    """The JSON a receiver gets for a new issue (API.md)."""
    payload = {"event": "check.issue", "camera_id": camera_id, "issue": issue.model_dump(mode="json")}
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def delivery_id(issue_id: str, url: str) -> str:
    """The idempotency key of one issue's delivery to one URL."""
    return hashlib.sha256(f"{issue_id}|{url}".encode()).hexdigest()[:32]


async def load_delivery(store: ObjectStore, delivery: str) -> Delivery | None:
    """The stored delivery, or None once it was confirmed (or given up)."""
    try:
        return Delivery.model_validate(await get_json(store, keys.outbox_doc(delivery)))
    except ObjectMissing:
        return None


async def save_delivery(store: ObjectStore, delivery: Delivery) -> None:
    """Store a delivery's attempts so far."""
    await put_json(store, keys.outbox_doc(delivery.delivery_id), delivery.model_dump(mode="json"))


async def drop_delivery(store: ObjectStore, delivery: str) -> None:
    """Forget a delivery: its receiver confirmed it, or it was given up."""
    await store.delete(keys.outbox_doc(delivery))


async def queue_deliveries(store: ObjectStore, broker: Broker, urls: list[str], camera_id: str,
                           issues: list[HistoryIssue]) -> None:
    """Store one delivery per issue and URL, then put each on the delivery queue (a broker outage leaves them
    stored; the next start of an in-process broker, or a later queueing of the same issue, sends them)."""
    wanted = [Delivery(delivery_id=delivery_id(issue.issue_id, url), url=url, body=issue_body(camera_id, issue))
              for issue in issues for url in urls]
    for delivery in wanted:
        await save_delivery(store, delivery)
    for delivery in wanted:
        try:
            await broker.publish(WEBHOOK_QUEUE, Envelope.wrap(DeliveryDue(delivery_id=delivery.delivery_id)))
        except BrokerUnavailable as exc:
            log.warning("webhook delivery not queued", delivery_id=delivery.delivery_id, reason=str(exc))


async def resume_deliveries(store: ObjectStore, broker: Broker) -> int:
    """Queue every stored delivery again on a broker that is not durable; how many."""
    if broker.durable:
        return 0
    stored = await store.list(keys.OUTBOX_PREFIX)
    for key in stored:
        name = key.removeprefix(keys.OUTBOX_PREFIX).removesuffix(".json")
        await broker.publish(WEBHOOK_QUEUE, Envelope.wrap(DeliveryDue(delivery_id=name)))
    return len(stored)
