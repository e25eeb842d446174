"""A real scan (ScanRunner and a ThumbnailWorker, in-memory broker, local-folder store) of one camera, and what it
stored per clip.

The camera tests run it over a camera pool (through the link, against the simulator and OpenSSH) and over a card
folder (the reference: the same clips read straight from disk), then compare what each scan stored.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import ObjectMissing, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import ClipRecord, DayRecord, ScanRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.domain.clip_identity import ClipRef
from services.collector.camera_port import CameraSessions
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner
from services.thumbnailer.worker import ThumbnailWorker
from tests.camera.conftest import CARD_DAY
from tests.flows.card_folder import CardFolder
from tools.local_servers.polling import eventually

PREVIEW_FRAMES = 3


@dataclass(frozen=True)
class ScannedCard:
    """A scan's record, and per clip path its stored row, the keyframe pack its images were made of and its
    thumbnail."""

    record: ScanRecord
    clips: dict[str, ClipRecord]
    keyframe_packs: dict[str, bytes]
    thumbnails: dict[str, bytes]

    def outcomes(self) -> dict[str, tuple[object, ...]]:
        """What must not depend on how the clips were read: status, reason, facts, keyframes, thumbnail."""
        return {path: (clip.status, clip.error, clip.facts, self.keyframe_packs.get(path), self.thumbnails.get(path))
                for path, clip in self.clips.items()}


class CollectorScans:
    """Scans of one camera by the collector into one store: a second scan sees what the first stored."""

    def __init__(self, cameras: CameraSessions, target: CameraTarget, folder: Path, **settings: Any) -> None:
        """Scan `target` through `cameras`, storing under folder; settings override the collector's."""
        self._settings = Settings(**{"data_dir": folder, "demo_camera": False, "preview_frames": PREVIEW_FRAMES,
                                     **settings})
        self._target, self._cameras = target, cameras
        self.store = LocalFolderStore(folder / "store")

    async def scan(self, thumbnails: bool = True) -> ScannedCard:
        """Run one scan of the card's day to its end, a thumbnailer making the images it asks for."""
        broker = InMemoryBroker()
        await broker.start()
        thumbnailer = ThumbnailWorker(broker, self.store, concurrency=1, max_tries=1)
        try:
            await thumbnailer.start()
            ctx = ScanContext(self._settings, broker, self.store, CameraRegistry(self._settings, [self._target]),
                              self._cameras)
            request = ScanRequested(scan_id=uuid.uuid4().hex, camera_id=self._target.camera_id,
                                    thumbnails=thumbnails, previews=thumbnails)
            await ScanRunner(ctx, request).run()
            await eventually(lambda: self._ended(request.scan_id), timeout_s=30, what="the scan to end")
        finally:
            await broker.close()
            await thumbnailer.close()
        return await self._stored(await load_scan(self.store, request.scan_id))

    async def _ended(self, scan_id: str) -> bool:
        """Whether the scan is completed or failed."""
        return (await load_scan(self.store, scan_id)).status.ended

    async def _stored(self, record: ScanRecord) -> ScannedCard:
        """The day's rows and keyframe packs as the scan stored them."""
        try:
            day = DayRecord.model_validate(await get_json(
                self.store, keys.day_doc(self._target.camera_id, CARD_DAY.isoformat())))
        except ObjectMissing:
            return ScannedCard(record, {}, {}, {})
        packs, thumbnails = {}, {}
        for clip in day.clips:
            ref = ClipRef.parse(clip.clip_id)
            with contextlib.suppress(ObjectMissing):
                packs[clip.path] = await self.store.get(keys.clip_keyframes(ref))
                thumbnails[clip.path] = await self.store.get(keys.clip_image("thumbs", ref))
        return ScannedCard(record, {clip.path: clip for clip in day.clips}, packs, thumbnails)


async def local_scan(card: Path, folder: Path) -> ScannedCard:
    """The collector's scan of the card straight from disk: the reference a camera's scan is compared with."""
    target = CameraTarget(camera_id="LOCALCARD", host="card-folder", config_ini="/etc/camera.ini")
    return await CollectorScans(CardFolder(card), target, folder).scan()
