"""Scans still queued or running, found through the cameras' active-scan pointers, and resuming them after a restart.

The gateway asks for a camera's open scan (`active_scan`) before queueing one: a running scan is joined.

The embedded broker's messages die with its process, so on start every open scan's request is published again;
the collector's cached facts and the scan's per-clip markers make running it again idempotent (images already made
count as done, the missing ones are queued again). A scan whose request cannot be published ends failed.
"""

from __future__ import annotations

import structlog

from libs.common.adapters.broker.port import Broker, BrokerUnavailable
from libs.common.adapters.store.port import ObjectMissing, ObjectStore
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.messages import SCAN_QUEUE, ScanRequested
from libs.common.contracts.records import ScanRecord, ScanStatus
from libs.common.documents.camera_scans import active_scan_id
from libs.common.documents.scan_lifecycle import end_scan, load_scan

log = structlog.get_logger(__name__)

_POINTER = "/active_scan.json"


async def active_scan(store: ObjectStore, camera_id: str) -> ScanRecord | None:
    """The camera's scan that is still queued or running, if any."""
    scan_id = await active_scan_id(store, camera_id)
    try:
        record = None if scan_id is None else await load_scan(store, scan_id)
    except (ObjectMissing, ValueError):
        return None
    return None if record is None or record.status.ended else record


async def open_scans(store: ObjectStore) -> list[ScanRecord]:
    """Every camera's scan that is still queued or running."""
    found = []
    for key in await store.list("cameras/"):
        if key.endswith(_POINTER) and key.count("/") == 2:
            record = await active_scan(store, key.split("/")[1])
            found += [record] if record is not None else []
    return found


async def resume_open_scans(store: ObjectStore, broker: Broker) -> list[str]:
    """Publish every open scan's request again (failing the scans whose request cannot be); the ids resumed."""
    resumed = []
    for record in await open_scans(store):
        request = ScanRequested(scan_id=record.scan_id, camera_id=record.camera_id, dates=record.dates,
                                thumbnails=record.thumbnails, previews=record.previews)
        try:
            await broker.publish(SCAN_QUEUE, Envelope.wrap(request, request.scan_id))
        except BrokerUnavailable as exc:
            await end_scan(store, broker, record.scan_id, ScanStatus.FAILED,
                           f"could not be resumed after a restart: {exc}")
            continue
        log.info("scan resumed after a restart", scan_id=record.scan_id, camera_id=record.camera_id,
                 was=record.status.value)
        resumed.append(record.scan_id)
    return resumed
