"""The life of a scan: each transition saves the record and emits its event; moves a scan does not have are refused."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.broker.port import BrokerUnavailable
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanEvent, ScanProgressEvent, open_event
from libs.common.contracts.messages import SCAN_QUEUE, ScanRequested
from libs.common.contracts.records import CameraRecord, ScanStatus
from libs.common.documents.open_scans import active_scan
from libs.common.documents.scan_lifecycle import (
    ScanRun,
    complete_if_done,
    give_up,
    load_scan,
    queue_scan,
)
from libs.common.documents.scan_progress import EXPECTED, SETTLED, mark
from tools.local_servers.polling import eventually

CAMERA = CameraRecord(id="CAM01", host="cam01.local", model="DomePlus")


class Lifecycle:
    """A store, a broker and the events it carried."""

    def __init__(self, store: LocalFolderStore, broker: InMemoryBroker) -> None:
        """Keep the adapters; events arrive in `events`."""
        self.store, self.broker = store, broker
        self.events: list[ScanEvent] = []

    async def keep(self, message: Envelope) -> None:
        """Record one event."""
        self.events.append(open_event(message))

    async def kinds(self, count: int) -> list[str]:
        """The kinds of the first `count` events, once they arrived."""
        await eventually(lambda: len(self.events) >= count, what=f"{count} events")
        return [event.kind for event in self.events]

    def phases(self) -> list[str]:
        """The phases of the scan.progress events so far."""
        return [event.phase for event in self.events if isinstance(event, ScanProgressEvent)]


@pytest.fixture
async def life(tmp_path: Path) -> AsyncIterator[Lifecycle]:
    """The in-memory broker and a local store."""
    broker = InMemoryBroker()
    await broker.start()
    lifecycle = Lifecycle(LocalFolderStore(tmp_path / "store"), broker)
    await broker.subscribe_events(lifecycle.keep)
    yield lifecycle
    await broker.close()


def request() -> ScanRequested:
    """A new scan request of CAM01."""
    return ScanRequested(scan_id=uuid.uuid4().hex, camera_id="CAM01")


async def test_a_queued_scan_is_saved_put_on_the_scan_queue_and_becomes_the_cameras_active_scan(
    life: Lifecycle,
) -> None:
    record = await queue_scan(life.store, life.broker, request())
    assert record.status is ScanStatus.QUEUED
    assert (await load_scan(life.store, record.scan_id)).status is ScanStatus.QUEUED
    assert (await life.broker.queue_stats(SCAN_QUEUE)).messages == 1
    assert (await active_scan(life.store, "CAM01")) == record


async def test_a_scan_that_cannot_be_queued_ends_failed_and_the_caller_hears_of_it(life: Lifecycle) -> None:
    async def broker_down(queue: str, message: Envelope, priority: int = 0) -> None:
        raise BrokerUnavailable("broker down")

    life.broker.publish = broker_down  # type: ignore[method-assign]
    scan = request()
    with pytest.raises(BrokerUnavailable):
        await queue_scan(life.store, life.broker, scan)
    record = await load_scan(life.store, scan.scan_id)
    assert (record.status, record.error) == (ScanStatus.FAILED, "message broker unavailable")
    assert await active_scan(life.store, "CAM01") is None
    assert await life.kinds(1) == ["scan.failed"]


async def test_running_collected_and_completed_each_save_and_announce(life: Lifecycle) -> None:
    scan = request()
    await queue_scan(life.store, life.broker, scan)
    run = await ScanRun.begin(life.store, life.broker, scan, CAMERA)
    assert run is not None
    assert (await load_scan(life.store, scan.scan_id)).status is ScanStatus.RUNNING
    run.plan(2)
    run.count_clip(ok=True, cached=False, bytes_read=100, image_bytes_read=40)
    run.count_clip(ok=False, cached=True, bytes_read=0, image_bytes_read=0)
    await mark(life.store, scan.scan_id, EXPECTED, "clip-1")
    await run.collected()
    waiting = await load_scan(life.store, scan.scan_id)
    assert (waiting.status, waiting.collected) == (ScanStatus.RUNNING, True)
    assert (waiting.clips_done, waiting.clips_cached, waiting.clip_errors, waiting.bytes_read) == (2, 1, 1, 100)

    await mark(life.store, scan.scan_id, SETTLED, "clip-1")
    assert await complete_if_done(life.store, life.broker, scan.scan_id)
    assert not await complete_if_done(life.store, life.broker, scan.scan_id), "completed once"
    done = await load_scan(life.store, scan.scan_id)
    assert done.status is ScanStatus.COMPLETED and done.finished is not None
    camera = CameraRecord.model_validate(await get_json(life.store, keys.camera_doc("CAM01", "camera")))
    assert (camera.last_scan_id, camera.last_scan_status) == (scan.scan_id, ScanStatus.COMPLETED)
    assert await life.kinds(4) == ["scan.running", "scan.progress", "scan.progress", "scan.completed"]
    assert life.phases() == ["listing", "thumbnails"]


async def test_a_scan_with_nothing_to_wait_for_completes_when_collected(life: Lifecycle) -> None:
    scan = request()
    run = await ScanRun.begin(life.store, life.broker, scan, CAMERA)
    assert run is not None
    await run.collected()
    assert (await load_scan(life.store, scan.scan_id)).status is ScanStatus.COMPLETED


async def test_an_ended_scan_is_not_run_again_nor_given_up_nor_completed_again(life: Lifecycle) -> None:
    scan = request()
    run = await ScanRun.begin(life.store, life.broker, scan, CAMERA)
    assert run is not None
    await run.fail("camera CAM01: name not resolved")
    ended = await load_scan(life.store, scan.scan_id)

    assert await ScanRun.begin(life.store, life.broker, scan, CAMERA) is None
    await give_up(life.store, life.broker, scan.scan_id, "PermanentFailure: whatever")
    assert not await complete_if_done(life.store, life.broker, scan.scan_id)
    assert await load_scan(life.store, scan.scan_id) == ended
    assert ended.error == "camera CAM01: name not resolved"
    assert await life.kinds(3) == ["scan.running", "scan.progress", "scan.failed"]


async def test_a_queued_scan_is_not_completed_before_it_ran(life: Lifecycle) -> None:
    record = await queue_scan(life.store, life.broker, request())
    assert not await complete_if_done(life.store, life.broker, record.scan_id)
    assert (await load_scan(life.store, record.scan_id)).status is ScanStatus.QUEUED


async def test_a_scan_given_up_ends_failed_with_the_reason_and_an_unknown_one_is_ignored(life: Lifecycle) -> None:
    record = await queue_scan(life.store, life.broker, request())
    await give_up(life.store, life.broker, record.scan_id, "TimeoutError: camera")
    await give_up(life.store, life.broker, uuid.uuid4().hex, "nothing to give up")
    failed = await load_scan(life.store, record.scan_id)
    assert (failed.status, failed.error) == (ScanStatus.FAILED, "scan gave up: TimeoutError: camera")
    assert await life.kinds(1) == ["scan.failed"]


async def test_a_redelivered_scan_runs_again_with_its_counts_started_over(life: Lifecycle) -> None:
    scan = request()
    first = await ScanRun.begin(life.store, life.broker, scan, CAMERA)
    assert first is not None
    first.count_clip(ok=True, cached=False, bytes_read=500, image_bytes_read=0)
    await first.progress(force=True)
    again = await ScanRun.begin(life.store, life.broker, scan, CAMERA)
    assert again is not None
    record = await load_scan(life.store, scan.scan_id)
    assert (record.status, record.clips_done, record.collected) == (ScanStatus.RUNNING, 0, False)
    assert record.bytes_read == 500, "bytes read from the camera stay counted"
