"""Open scans after a restart and while nothing moves: resumed, or ended failed with the reason."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.broker.port import BrokerUnavailable
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.messages import SCAN_QUEUE, ScanRequested
from libs.common.contracts.records import CameraRecord, ScanStatus
from libs.common.documents.open_scans import open_scans, resume_open_scans
from libs.common.documents.scan_lifecycle import ScanRun, give_up, load_scan, queue_scan
from libs.common.service.stall_watch import StallWatch
from tests.embedded_system import EmbeddedFactory
from tools.local_servers.polling import eventually

CAMERA = CameraRecord(id="CAM02", host="cam02.invalid", model="DomePlus")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at zero."""
        self.now = 0.0

    def __call__(self) -> float:
        """The time now."""
        return self.now


@pytest.fixture
async def adapters(tmp_path: Path) -> AsyncIterator[tuple[LocalFolderStore, InMemoryBroker]]:
    """A local store and the in-memory broker."""
    broker = InMemoryBroker()
    await broker.start()
    yield LocalFolderStore(tmp_path / "store"), broker
    await broker.close()


def _request(camera_id: str) -> ScanRequested:
    """A new scan request of a camera."""
    return ScanRequested(scan_id=uuid.uuid4().hex, camera_id=camera_id, dates=["2026-11-20"], previews=False)


async def test_every_open_scan_is_published_again_and_ended_ones_are_left_alone(
    adapters: tuple[LocalFolderStore, InMemoryBroker],
) -> None:
    store, broker = adapters
    queued = await queue_scan(store, broker, _request("CAM01"))
    running_request = _request("CAM02")
    await queue_scan(store, broker, running_request)
    assert await ScanRun.begin(store, broker, running_request, CAMERA) is not None
    ended = await queue_scan(store, broker, _request("CAM03"))
    await give_up(store, broker, ended.scan_id, "test")
    fresh = InMemoryBroker()

    resumed = await resume_open_scans(store, fresh)

    assert sorted(resumed) == sorted([queued.scan_id, running_request.scan_id])
    assert (await fresh.queue_stats(SCAN_QUEUE)).messages == 2
    assert {record.scan_id for record in await open_scans(store)} == set(resumed)


async def test_a_scan_whose_request_cannot_be_published_again_ends_failed_with_the_reason(
    adapters: tuple[LocalFolderStore, InMemoryBroker],
) -> None:
    store, broker = adapters
    queued = await queue_scan(store, broker, _request("CAM01"))

    async def broker_down(queue: str, message: Envelope, priority: int = 0) -> None:
        raise BrokerUnavailable("broker down")

    broker.publish = broker_down  # type: ignore[method-assign]
    assert await resume_open_scans(store, broker) == []

    record = await load_scan(store, queued.scan_id)
    assert record.status is ScanStatus.FAILED
    assert record.error == "could not be resumed after a restart: broker down"


async def test_a_scan_whose_progress_stands_still_past_the_deadline_ends_failed_as_stalled(
    adapters: tuple[LocalFolderStore, InMemoryBroker],
) -> None:
    store, broker = adapters
    still = await queue_scan(store, broker, _request("CAM01"))
    moving_request = _request("CAM02")
    await queue_scan(store, broker, moving_request)
    moving = await ScanRun.begin(store, broker, moving_request, CAMERA)
    assert moving is not None
    clock = Clock()
    watch = StallWatch(store, broker, deadline_s=60, clock=clock)

    assert await watch.look() == []
    clock.now = 59
    moving.count_clip(ok=True, cached=False, bytes_read=10, image_bytes_read=0)
    await moving.progress(force=True)
    assert await watch.look() == []
    clock.now = 61
    assert await watch.look() == [still.scan_id]

    record = await load_scan(store, still.scan_id)
    assert (record.status, record.error) == (ScanStatus.FAILED, "stalled: no progress for 60 s")
    assert (await load_scan(store, moving_request.scan_id)).status is ScanStatus.RUNNING


async def test_a_camera_behind_a_dead_scan_gets_a_new_scan_once_the_dead_one_stalled(
    make_embedded: EmbeddedFactory,
) -> None:
    async with make_embedded(scan_stall_deadline_s=0.5) as system:
        dead = _request("CAM01")
        await queue_scan(system.store, InMemoryBroker(), dead)  # its request went to a broker that died
        transport = httpx.ASGITransport(app=system.gateway_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as api:
            assert (await api.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"] == dead.scan_id
            async def stalled() -> bool:
                return (await load_scan(system.store, dead.scan_id)).status is ScanStatus.FAILED

            await eventually(stalled, 10, "the dead scan to end stalled")
            answer = (await api.post("/api/v1/cameras/CAM01/scans", json={})).json()
        assert answer["scan_id"] != dead.scan_id
        assert (await load_scan(system.store, dead.scan_id)).error == "stalled: no progress for 0.5 s"
