"""Across processes: a scan whose request died with its broker ends 'stalled', and the camera can be scanned again."""

from __future__ import annotations

import uuid

import httpx
import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.contracts.messages import ScanRequested
from libs.common.documents.scan_lifecycle import load_scan, queue_scan
from tests.faults.conftest import StackFactory
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.fault, pytest.mark.distributed]


async def test_the_gateways_stall_watch_ends_a_dead_scan_and_the_next_post_starts_a_new_one(
    fault_stack: StackFactory,
) -> None:
    with fault_stack(thumbnailers=1, SDB_SCAN_STALL_DEADLINE_S="2") as stack:
        store = stack.store()
        await store.start()
        dead = ScanRequested(scan_id=uuid.uuid4().hex, camera_id="CAM01")
        await queue_scan(store, InMemoryBroker(), dead)  # queued, its request on a broker that is gone

        async def stalled() -> bool:
            return (await load_scan(store, dead.scan_id)).status.ended

        await eventually(stalled, 60, "the gateway's stall watch to end the dead scan")
        record = await load_scan(store, dead.scan_id)
        assert (record.status.value, record.error) == ("failed", "stalled: no progress for 2 s")
        async with httpx.AsyncClient(base_url=stack.services.web_url, timeout=30) as web:
            answer = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()
        assert answer["scan_id"] != dead.scan_id
