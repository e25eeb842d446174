"""The small simulated card most end-to-end tests scan, and the camera login that serves it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import asyncssh
from pydantic import SecretStr

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.server import start_simulator
from libs.common.adapters.camera.target import CameraTarget

CARD_DAY = date(2026, 11, 20)
USER, PASSWORD = "qa", "s3cret-camera-pw"


# The host key every simulator over the small card serves (start_simulator's default key file beside the card)
SAMPLE_HOST_KEY = asyncssh.generate_private_key("ssh-ed25519")
SAMPLE_FINGERPRINT = SAMPLE_HOST_KEY.get_fingerprint("sha256")


def build_small_card(root: Path) -> Path:
    """One day, two hours, four short 640x360 clips an hour, plus power-cut leftovers; SAMPLE_HOST_KEY beside it."""
    card = build_card(root, days=[CARD_DAY], hours=[2, 3], clips_per_hour=4, clip_seconds=6.0, width=640,
                      height=360, fps=15, bitrate_kbps=400)
    key_file = root.parent / "simulator_host_key"
    SAMPLE_HOST_KEY.write_private_key(str(key_file))
    key_file.chmod(0o600)
    return card


def camera_target(port: int, camera_id: str = "CAM01") -> CameraTarget:
    """The registry entry of a simulator serving the small card on a loopback port, SAMPLE_HOST_KEY pinned (a
    simulator over another card: use its own .target(), which pins its key)."""
    return CameraTarget(camera_id=camera_id, host="127.0.0.1", port=port, user=USER,
                        password=SecretStr(PASSWORD), model="DomePlus", config_ini=DEFAULT_CONFIG_INI,
                        host_key_fingerprint=SAMPLE_FINGERPRINT)


@asynccontextmanager
async def camera_with_key(card: Path, port: int, key_file: Path) -> AsyncIterator[None]:
    """The card served with the test login on a fixed port, its host key kept in key_file (a new file, a new key)."""
    simulator = await start_simulator(card, port=port, user=USER, password=PASSWORD, host_key_file=key_file)
    try:
        yield
    finally:
        await simulator.close()
