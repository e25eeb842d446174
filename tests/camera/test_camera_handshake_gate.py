"""SSH handshakes in flight stay within SDB_CAMERA_MAX_HANDSHAKES over all cameras of a process, as the camera
sees them (connections not yet logged in), while every camera still gets its one connection."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from libs.camera_simulator.server import start_simulator
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.settings import Settings

CAMERAS = 16


@pytest.mark.parametrize(("limit", "bounded"), [(3, True), (100, False)], ids=["limit-3", "no-real-limit"])
async def test_many_cameras_connecting_together_hand_shake_a_few_at_a_time(
        small_card: Path, tmp_path: Path, limit: int, bounded: bool) -> None:
    settings = Settings(data_dir=tmp_path, camera_connect_timeout_s=20, camera_max_handshakes=limit)
    pool = make_camera_connections(settings, LocalFolderStore(tmp_path / "store"))
    async with await start_simulator(small_card, user="qa", password="pw") as simulator:
        try:
            targets = [simulator.target(f"ID-GATE{number:02d}") for number in range(CAMERAS)]
            sessions = await asyncio.gather(*(pool.session(target) for target in targets))
            await asyncio.gather(*(session.disk_usage() for session in sessions))
        finally:
            await pool.close()
        assert simulator.connections_accepted == CAMERAS, "one connection per camera"
        if bounded:
            assert simulator.handshakes_peak <= limit and pool.handshakes.peak <= limit
        else:
            assert simulator.handshakes_peak > 3, "without the gate they overlap (the test can tell)"


async def test_host_key_reads_at_once_take_places_in_the_same_gate(small_card: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, camera_connect_timeout_s=20, camera_max_handshakes=2)
    pool = make_camera_connections(settings, LocalFolderStore(tmp_path / "store"))
    async with await start_simulator(small_card, user="qa", password="pw") as simulator:
        targets = [simulator.target(f"ID-KEY{number:02d}") for number in range(10)]
        keys = await asyncio.gather(*(pool.host_key_probe.presented(target) for target in targets))
        sessions = await asyncio.gather(*(pool.session(target) for target in targets))
        await asyncio.gather(*(session.disk_usage() for session in sessions))
        await pool.close()
        assert {key.source for key in keys} == {"pinned"}
        assert simulator.connections_accepted == 20, "ten key reads, then one connection per camera"
        assert simulator.handshakes_peak <= 2 and pool.handshakes.peak <= 2
