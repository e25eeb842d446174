"""An image worker process killed in the middle of a job: that job is tried again (or fails alone), the scan settles."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import TERMINAL_EVENTS, ClipFailedEvent, ScanEvent, open_event
from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import camera_target
from tools.local_servers.polling import eventually


@asynccontextmanager
async def scanned_with_a_worker_killed(system: EmbeddedSystem) -> AsyncIterator[tuple[dict[str, object],
                                                                                       list[ScanEvent]]]:
    """Stop one image worker, scan CAM01, SIGKILL that worker once it holds a job; the scan's REST answer and events
    once the scan ended."""
    events: list[ScanEvent] = []

    async def record(message: Envelope) -> None:
        events.append(open_event(message))

    await system.broker.subscribe_events(record)
    victim = system.thumbnailer.images.pids()[0]
    os.kill(victim, signal.SIGSTOP)  # the first job it is sent stays in it until the kill
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=system.gateway_app), base_url="http://gw") as api:
        scan_id = (await api.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
        await eventually(lambda: victim in system.thumbnailer.images.pids(busy=True), 30,
                         "the stopped worker to be sent a job")
        os.kill(victim, signal.SIGKILL)
        await eventually(lambda: any(isinstance(event, TERMINAL_EVENTS) for event in events), 60, "the scan's end")
        yield (await api.get(f"/api/v1/scans/{scan_id}")).json(), events


@pytest.mark.parametrize("tries", [3, 1])
async def test_a_killed_image_worker_costs_one_try_of_one_job_and_the_scan_completes(
    make_embedded: EmbeddedFactory, camera_server: int, tries: int
) -> None:
    async with make_embedded([camera_target(camera_server)], preview_frames=4, thumbnail_concurrency=2,
                             job_max_tries=tries) as system, scanned_with_a_worker_killed(system) as (scan, events):
        progress = scan["progress"]
        assert isinstance(progress, dict)
        assert scan["status"] == "completed"
        failed = [event for event in events if isinstance(event, ClipFailedEvent)]
        made = progress["thumbnails_done"] + progress["previews_done"]
        if tries > 1:
            assert failed == [] and made == 2 * progress["images_expected"], "the job was made on its next try"
        else:
            assert len(failed) == 1 and "image worker process died" in failed[0].error
            assert made == 2 * progress["images_expected"] - 1, "only the killed worker's job is missing"
        assert len(system.thumbnailer.images.pids()) == 2, "a new worker took the killed one's place"
