"""A collector whose scan another process ended (given up, stalled) stops at its next save and undoes nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import CameraRecord, ScanStatus
from libs.common.documents.scan_lifecycle import ScanEnded, ScanRun, give_up, load_scan, queue_scan

CAMERA = CameraRecord(id="CAM01", host="cam01.invalid", model="DomePlus")


async def _running(tmp_path: Path) -> tuple[LocalFolderStore, InMemoryBroker, ScanRun]:
    """A store, a broker and a scan the collector is running."""
    store, broker = LocalFolderStore(tmp_path / "store"), InMemoryBroker()
    request = ScanRequested(scan_id=uuid.uuid4().hex, camera_id="CAM01")
    await queue_scan(store, broker, request)
    run = await ScanRun.begin(store, broker, request, CAMERA)
    assert run is not None
    return store, broker, run


async def test_a_count_save_after_the_scan_was_given_up_stops_the_run_and_leaves_it_failed(tmp_path: Path) -> None:
    store, broker, run = await _running(tmp_path)
    await give_up(store, broker, run.record.scan_id, "the request failed for good")
    run.count_clip(ok=True, cached=False, bytes_read=10, image_bytes_read=0)

    with pytest.raises(ScanEnded, match="ended failed while it ran"):
        await run.progress(force=True)

    stored = await load_scan(store, run.record.scan_id)
    assert (stored.status, stored.clips_done) == (ScanStatus.FAILED, 0)


async def test_a_scan_ended_as_its_card_was_read_is_the_cameras_last_scan_as_failed(tmp_path: Path) -> None:
    store, broker, run = await _running(tmp_path)
    await give_up(store, broker, run.record.scan_id, "stalled")

    with pytest.raises(ScanEnded):
        await run.collected()

    camera = await get_json(store, keys.camera_doc("CAM01", "camera"))
    assert (camera["last_scan_id"], camera["last_scan_status"]) == (run.record.scan_id, "failed")
    assert not (await load_scan(store, run.record.scan_id)).collected
