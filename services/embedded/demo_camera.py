"""The demo camera: a simulated card served over SSH on loopback, registered as DEMO01, that goes on recording."""

from __future__ import annotations

import math
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI, DEFAULT_SD_ROOT
from libs.camera_simulator.card_recorder import CardRecorder
from libs.camera_simulator.demo_card import build_demo_card, ensure_recording_template
from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.target import CameraTarget

DEMO_CAMERA_ID = "DEMO01"
DEMO_USER = "demo"
DEMO_CLIP_S = 60.0
HOUR_S = 3600


@dataclass
class DemoCamera:
    """The running demo: its simulator, its registry entry, and the recorder writing its current clip."""

    simulator: RunningSimulator
    target: CameraTarget
    recorder: CardRecorder

    async def close(self) -> None:
        """Stop recording (the clip being written stays without its index, as a power cut leaves it) and serving."""
        await self.recorder.stop()
        await self.simulator.close()


def ensure_demo_card(data_dir: Path, **sizes: int) -> Path:
    """Build the demo card unless it is already there: a clean hour before now, the same hour yesterday with a
    defect of each kind, event clips in the boost hours before them (libs/camera_simulator/demo_plan.py)."""
    card = data_dir / "demo-camera" / "sdcard"
    if not card.is_dir():
        build_demo_card(card, datetime.now(UTC), clip_s=DEMO_CLIP_S, **sizes)
    return card


async def start_demo_camera(data_dir: Path, **sizes: int) -> DemoCamera:
    """Serve the demo card on a free loopback port with a password made for this run, its host key pinned,
    recording on from the clean hour: the minutes of this hour so far are closed clips, the present minute's clip
    is being written and closes on the minute. `sizes` (width, height, fps, bitrate_kbps) make a smaller demo for
    tests."""
    card = ensure_demo_card(data_dir, **sizes)
    recorder = CardRecorder(card, ensure_recording_template(card, clip_s=DEMO_CLIP_S, **sizes), DEMO_CLIP_S)
    recorder.backfill(math.floor(time.time() % HOUR_S / DEMO_CLIP_S))
    password = secrets.token_urlsafe(16)
    simulator = await start_simulator(card, port=0, user=DEMO_USER, password=password)
    target = CameraTarget(camera_id=DEMO_CAMERA_ID, host="127.0.0.1", port=simulator.port, user=DEMO_USER,
                          password=SecretStr(password), model="DomePlus (simulated)", sd_root=DEFAULT_SD_ROOT,
                          config_ini=DEFAULT_CONFIG_INI,
                          host_key_fingerprint=simulator.host_key.get_fingerprint("sha256"))
    recorder.start()
    return DemoCamera(simulator, target, recorder)
