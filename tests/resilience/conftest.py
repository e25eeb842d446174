"""Fixtures of the resilience tests: a card whose images take seconds, a camera serving it, a 12 MB disk."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.server import start_simulator
from tests.sample_card import CARD_DAY, PASSWORD, SAMPLE_HOST_KEY, USER
from tests.servers.require import require_service


@pytest.fixture(scope="session")
def images_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 thirty-second 720p clips in one day: with long previews their images take seconds to make. Served with
    SAMPLE_HOST_KEY (the key camera_target pins), written beside the card where the simulator looks for it."""
    root = tmp_path_factory.mktemp("images-card") / "sdcard"
    card = build_card(root, days=[CARD_DAY], hours=[1, 2, 3, 4], clips_per_hour=6, clip_seconds=30.0, width=1280,
                      height=720, fps=10, bitrate_kbps=800, audio=False, broken=False, hardlink=True)
    key_file = root.parent / "simulator_host_key"
    SAMPLE_HOST_KEY.write_private_key(str(key_file))
    key_file.chmod(0o600)
    return card


@pytest.fixture
async def images_camera(images_card: Path) -> AsyncIterator[int]:
    """The images card served over SSH/SFTP with the test login; yields the port."""
    async with await start_simulator(images_card, port=0, user=USER, password=PASSWORD) as simulator:
        yield simulator.port


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 12 MB tmpfs mounted for the test (root only), unmounted afterwards."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        require_service("a 12 MB tmpfs", mounted.stderr.strip() or "mount refused")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, check=False)
