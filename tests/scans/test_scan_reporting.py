"""After each settled image job: progress announced when a kind of job runs out and at most every 0.5 s otherwise."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanEvent, ScanProgressEvent, open_event
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import CameraRecord, ScanStatus
from libs.common.documents.scan_lifecycle import ScanRun, load_scan
from libs.common.documents.scan_progress import (
    EXPECTED,
    PREVIEW_EXPECTED,
    PREVIEW_JOB,
    PREVIEW_SETTLED,
    SETTLED,
    THUMBNAIL_JOB,
    mark,
)
from services.thumbnailer.scan_reporting import ScanReporter
from tools.local_servers.polling import eventually

CLIPS = ["clip-1", "clip-2", "clip-3"]


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


class Scene:
    """A collected scan whose three clips each expect a thumbnail job and a preview job, and its events."""

    def __init__(self, store: LocalFolderStore, broker: InMemoryBroker) -> None:
        self.store, self.broker = store, broker
        self.events: list[ScanEvent] = []
        self.clock = Clock()
        self.reporter = ScanReporter(store, broker, every_s=0.5, clock=self.clock)
        self.scan_id = uuid.uuid4().hex

    async def keep(self, message: Envelope) -> None:
        self.events.append(open_event(message))

    async def settle(self, kind: str, clip_id: str, others_held: bool = False) -> None:
        """A thumbnailer ended one job of a clip (holding others of its kind or not)."""
        await mark(self.store, self.scan_id, kind, clip_id)
        await self.reporter.job_settled(self.scan_id, THUMBNAIL_JOB if kind == SETTLED else PREVIEW_JOB, others_held)

    def phases(self) -> list[str]:
        return [event.phase for event in self.events if isinstance(event, ScanProgressEvent)]


@pytest.fixture
async def scene(tmp_path: Path) -> AsyncIterator[Scene]:
    broker = InMemoryBroker()
    await broker.start()
    scene = Scene(LocalFolderStore(tmp_path / "store"), broker)
    await broker.subscribe_events(scene.keep)
    request = ScanRequested(scan_id=scene.scan_id, camera_id="CAM01")
    run = await ScanRun.begin(scene.store, broker, request, CameraRecord(id="CAM01", host="h", model="DomePlus"))
    assert run is not None
    run.plan(len(CLIPS))
    for clip_id in CLIPS:
        run.count_clip(ok=True, cached=False, bytes_read=10, image_bytes_read=5)
        await mark(scene.store, scene.scan_id, PREVIEW_EXPECTED, clip_id)
        await mark(scene.store, scene.scan_id, EXPECTED, clip_id)
    await run.collected()
    yield scene
    await broker.close()


async def test_the_phase_moves_on_when_the_last_thumbnail_settles_and_the_scan_completes_with_the_last_preview(
    scene: Scene,
) -> None:
    await scene.settle(SETTLED, CLIPS[0])
    scene.clock.now += 0.1
    await scene.settle(SETTLED, CLIPS[1])  # within 0.5 s of the last announcement: quiet
    scene.clock.now += 0.1
    await scene.settle(SETTLED, CLIPS[2])  # the last thumbnail: announced at once
    for clip_id in CLIPS:
        await scene.settle(PREVIEW_SETTLED, clip_id)
    await eventually(lambda: any(event.kind == "scan.completed" for event in scene.events), what="completion")

    assert scene.phases() == ["listing", "thumbnails", "thumbnails", "previews"]
    progress = [event for event in scene.events if isinstance(event, ScanProgressEvent)]
    assert (progress[-1].images_expected, progress[-1].thumbnails_done) == (len(CLIPS), 0), "no thumbs marker here"
    assert (await load_scan(scene.store, scene.scan_id)).status is ScanStatus.COMPLETED


async def test_previews_settling_before_their_thumbnails_do_not_complete_the_scan(scene: Scene) -> None:
    for clip_id in CLIPS:
        await scene.settle(PREVIEW_SETTLED, clip_id)
    assert (await load_scan(scene.store, scene.scan_id)).status is ScanStatus.RUNNING
    for clip_id in CLIPS:
        await scene.settle(SETTLED, clip_id)
    assert (await load_scan(scene.store, scene.scan_id)).status is ScanStatus.COMPLETED


async def test_a_job_settling_while_its_replica_holds_another_of_its_kind_lists_no_markers(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[str] = []
    list_keys = scene.store.list

    async def counted(prefix: str) -> list[str]:
        listed.append(prefix)
        return await list_keys(prefix)

    monkeypatch.setattr(scene.store, "list", counted)
    await scene.settle(SETTLED, CLIPS[0], others_held=True)  # announced (the first time): counts every marker
    listed.clear()
    await scene.settle(SETTLED, CLIPS[1], others_held=True)  # within 0.5 s, its kind not run out: nothing to list
    assert listed == []

    await scene.settle(SETTLED, CLIPS[2])  # the last one held looks: the thumbnails ran out
    assert listed
    await eventually(lambda: scene.phases()[-1] == "previews", what="the previews phase")
