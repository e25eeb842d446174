"""A tick's scan: join the camera's running scan or queue one, then wait (bounded) for it to end."""

from __future__ import annotations

import asyncio
import time
import uuid

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import ScanRecord
from libs.common.documents.open_scans import active_scan
from libs.common.documents.scan_lifecycle import load_scan, queue_scan

POLL_S = 0.25


async def scan_for_tick(store: ObjectStore, broker: Broker, camera_id: str, wait_s: float) -> ScanRecord:
    """The scan this tick judges after: the running one of the camera (never a second), else a new incremental
    scan (cached facts make an unchanged card a listing); as it stands when it ended or wait_s passed."""
    record = await active_scan(store, camera_id)
    if record is None:
        record = await queue_scan(store, broker, ScanRequested(scan_id=uuid.uuid4().hex, camera_id=camera_id))
    deadline = time.monotonic() + wait_s
    while not record.status.ended and time.monotonic() < deadline:
        await asyncio.sleep(POLL_S)
        record = await load_scan(store, record.scan_id)
    return record
