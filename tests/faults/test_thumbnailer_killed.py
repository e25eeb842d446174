"""Fault 1: a thumbnailer SIGKILLed mid-scan; its unacked jobs go to the other replica, nothing lost or doubled."""

from __future__ import annotations

import signal
from collections import Counter

import httpx
import pytest

from tests.e2e.sse_client import read_events
from tests.faults.conftest import StackFactory
from tests.sample_card import CARD_DAY
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.fault, pytest.mark.distributed]


async def test_jobs_of_a_killed_thumbnailer_are_finished_by_another_once_each(fault_stack: StackFactory) -> None:
    with fault_stack(thumbnailers=2, SDB_THUMBNAIL_PREFETCH="8") as stack:
        services = stack.services
        async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web:
            scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
            first = await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=60,
                                      stop_after_kind="clip.thumbnail")
            services.processes["thumbnailer-0"].send_signal(signal.SIGKILL)
            rest = await read_events(web, f"/api/v1/scans/{scan_id}/events", last_event_id=first[-1].id,
                                     timeout_s=120)
            events = first + rest
            assert events[-1].kind == "scan.completed", services.log_text()

            clips = (await web.get("/api/v1/cameras/CAM01/recordings", params={"date": CARD_DAY.isoformat()})).json()
            good = {clip["clip_id"] for clip in clips if clip["status"] == "ok"}
            thumbnails = Counter(event.data["clip_id"] for event in events if event.kind == "clip.thumbnail")
            assert set(thumbnails) == good and set(thumbnails.values()) == {1}
            scan = (await web.get(f"/api/v1/scans/{scan_id}")).json()
            assert scan["progress"]["thumbnails_done"] == len(good)

            async def one_consumer_left() -> bool:
                health = (await web.get("/api/v1/health")).json()
                return health["queues"]["sdb.thumbnail.jobs"]["consumers"] == 1

            await eventually(one_consumer_left, 30, "the broker to drop the killed thumbnailer's consumer")
            health = (await web.get("/api/v1/health")).json()
            assert health["status"] == "degraded"
            assert ("sdb.thumbnail.jobs has 1 consumer(s), 2 expected (SDB_EXPECTED_THUMBNAILERS)"
                    in health["problems"]), health

        store = stack.store()
        await store.start()
        stored = [key for key in await store.list("") if key.startswith("thumbs/") and key.endswith(".webp")]
        assert len(stored) == len(good)
