"""The demo camera: a simulated card served over SSH on loopback, registered as DEMO01."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI, DEFAULT_SD_ROOT
from libs.camera_simulator.demo_card import build_demo_card
from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.target import CameraTarget

DEMO_CAMERA_ID = "DEMO01"
DEMO_USER = "demo"


def ensure_demo_card(data_dir: Path) -> Path:
    """Build the demo card unless it is already there: a clean hour before now, the same hour yesterday with a
    defect of each kind, event clips in the boost hours before them (libs/camera_simulator/demo_plan.py)."""
    card = data_dir / "demo-camera" / "sdcard"
    if not card.is_dir():
        build_demo_card(card, datetime.now(UTC))
    return card


async def start_demo_camera(data_dir: Path) -> tuple[RunningSimulator, CameraTarget]:
    """Serve the demo card on a free loopback port with a password made for this run, its host key pinned."""
    card = ensure_demo_card(data_dir)
    password = secrets.token_urlsafe(16)
    simulator = await start_simulator(card, port=0, user=DEMO_USER, password=password)
    target = CameraTarget(camera_id=DEMO_CAMERA_ID, host="127.0.0.1", port=simulator.port, user=DEMO_USER,
                          password=SecretStr(password), model="DomePlus (simulated)", sd_root=DEFAULT_SD_ROOT,
                          config_ini=DEFAULT_CONFIG_INI,
                          host_key_fingerprint=simulator.host_key.get_fingerprint("sha256"))
    return simulator, target
