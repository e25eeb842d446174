"""Flow fixtures: the collector and thumbnailer at their ports, over a card folder, on both brokers.

Every test here runs twice, on the in-memory broker and on RabbitMQ in a fresh vhost (faststream's
tests/brokers shape: one test body, a parametrized broker fixture). The camera is a CardFolder: real clips
served from disk with no SSH; the store is a local folder.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from libs.camera_simulator.card_builder import build_card, default_config_path
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.broker.port import Broker
from libs.common.adapters.broker.rabbitmq import RabbitMQBroker
from libs.common.adapters.broker.retry_policy import RetryPolicy
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanEvent, open_event
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import ScanRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.documents.scan_progress import ImageProgress, image_progress
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner
from services.thumbnailer.worker import ThumbnailWorker
from tests.flows.card_folder import CardFolder
from tests.servers.rabbit_vhost import fresh_vhost
from tools.local_servers.polling import eventually

CAMERA_ID = "FLOW01"
DAYS = [date(2026, 11, day) for day in (20, 21, 22)]
FAST_RETRIES = RetryPolicy(base_delay_s=0.05, max_delay_s=0.2)


@pytest.fixture(scope="session")
def days_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three days, two 3-second 320x180 clips each, no broken files: for the order days are scanned in."""
    return build_card(tmp_path_factory.mktemp("flow-days") / "sdcard", days=DAYS, hours=[4], clips_per_hour=2,
                      clip_seconds=3.0, width=320, height=180, fps=10, bitrate_kbps=200, broken=False)


@pytest.fixture(params=["memory", "rabbitmq"])
def broker_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for the in-memory broker; for RabbitMQ the URL of a fresh vhost, so queues start empty."""
    if request.param == "memory":
        yield None
        return
    with fresh_vhost(str(request.getfixturevalue("rabbitmq_url"))) as url:
        yield url


@pytest.fixture
async def broker(broker_url: str | None) -> AsyncIterator[Broker]:
    """A started broker of each kind, closed afterwards."""
    adapter: Broker = InMemoryBroker() if broker_url is None else RabbitMQBroker(
        broker_url, publish_timeout_s=5.0, retry_policy=FAST_RETRIES, connection_name="flow-test")
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.close()


@dataclass
class Flow:
    """A collector context over a card folder, a thumbnailer to start when the test wants, and the events seen."""

    ctx: ScanContext
    card: CardFolder
    thumbnailer: ThumbnailWorker
    events: list[ScanEvent] = field(default_factory=list)

    def request(self, **fields: Any) -> ScanRequested:
        """A scan request of the flow camera with a new id (dates, thumbnails, previews as given)."""
        return ScanRequested(scan_id=uuid.uuid4().hex, camera_id=CAMERA_ID, **fields)

    async def run(self, request: ScanRequested) -> None:
        """What the collector does with one delivery of the request."""
        await ScanRunner(self.ctx, request).run()

    async def collect(self, **fields: Any) -> ScanRequested:
        """Make a new scan request and run the collector's part of it; the request (its scan_id)."""
        request = self.request(**fields)
        await self.run(request)
        return request

    async def ended(self, scan_id: str, timeout_s: float = 30) -> ScanRecord:
        """The scan once it is completed or failed and its terminal event arrived."""
        async def done() -> bool:
            record = await load_scan(self.ctx.store, scan_id)
            return record.status.ended and f"scan.{record.status.value}" in self.kinds(scan_id)

        await eventually(done, timeout_s=timeout_s, what=f"scan {scan_id} to end")
        return await load_scan(self.ctx.store, scan_id)

    async def scan(self, **fields: Any) -> ScanRecord:
        """Run a new scan to its end (the thumbnailer must be running for image jobs to settle)."""
        request = await self.collect(**fields)
        return await self.ended(request.scan_id)

    def kinds(self, scan_id: str) -> list[str]:
        """The kinds of the scan's events, in the order they arrived."""
        return [event.kind for event in self.events if event.scan_id == scan_id]

    async def images(self, scan_id: str) -> ImageProgress:
        """The scan's image counts as the API shows them."""
        return await image_progress(self.ctx.store, scan_id)

    async def _record(self, message: Envelope) -> None:
        """Keep every event, typed."""
        self.events.append(open_event(message))


FlowFactory = Callable[..., AbstractAsyncContextManager[Flow]]


@pytest.fixture
def make_flow(broker: Broker, tmp_path: Path) -> FlowFactory:
    """Build a Flow over a card folder with settings overrides; the thumbnailer starts unless told not to."""

    @contextlib.asynccontextmanager
    async def build(card: Path, start_thumbnailer: bool = True, **settings: Any) -> AsyncIterator[Flow]:
        options: dict[str, Any] = {"data_dir": tmp_path / "data", "demo_camera": False, "preview_frames": 3,
                                   **settings}
        target = CameraTarget(camera_id=CAMERA_ID, host="card-folder", model="DomePlus",
                              config_ini=DEFAULT_CONFIG_INI)
        folder = CardFolder(card, default_config_path(card))
        store = LocalFolderStore(tmp_path / "store")
        ctx = ScanContext(Settings(**options), broker, store, CameraRegistry(Settings(**options), [target]), folder)
        flow = Flow(ctx, folder, ThumbnailWorker(broker, store, concurrency=1, prefetch=2, max_tries=2))
        await broker.subscribe_events(flow._record)
        if start_thumbnailer:
            await flow.thumbnailer.start()
        try:
            yield flow
        finally:
            await flow.thumbnailer.close()

    return build
