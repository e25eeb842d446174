"""Suite-wide fixtures: the small simulated card and an SSH camera serving it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.sample_card import PASSWORD, USER, build_small_card
from tools.camera_simulator.server import start_simulator


@pytest.fixture(scope="session")
def small_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample card, built once per session."""
    return build_small_card(tmp_path_factory.mktemp("card") / "sdcard")


@pytest.fixture
async def camera_server(small_card: Path) -> AsyncIterator[int]:
    """The sample card served over SSH/SFTP with password auth; yields the port."""
    simulator = await start_simulator(small_card, port=0, user=USER, password=PASSWORD)
    try:
        yield simulator.port
    finally:
        await simulator.close()
