"""One SSH connection per camera, shared by every session and call, reopened when the camera drops it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.connections import CameraConnections
from tests.camera_pools import camera_pool
from tools.local_servers.polling import eventually


@pytest.fixture(params=[True, False], ids=["sftp", "exec"])
async def private_simulator(request: pytest.FixtureRequest, small_card: Path) -> AsyncIterator[RunningSimulator]:
    """A simulator of our own, so its connection count is ours alone."""
    async with await start_simulator(small_card, user="qa", password="pw", sftp=request.param) as simulator:
        yield simulator


async def test_many_calls_and_sessions_share_one_connection(
    private_simulator: RunningSimulator, connections: CameraConnections
) -> None:
    target = private_simulator.target("ID-REUSE")
    sessions = [await connections.session(target) for _ in range(3)]
    files = await sessions[0].list_files()
    clips = [remote.path for remote in files if remote.size > 4096]
    await asyncio.gather(*(session.read_range(clip, 0, 4096) for session in sessions for clip in clips))
    await sessions[1].disk_usage()
    assert private_simulator.connections_accepted == 1
    assert [session.bytes_read for session in sessions] == [4096 * len(clips)] * 3


async def test_a_dropped_connection_is_reopened_on_the_next_call(
    private_simulator: RunningSimulator, connections: CameraConnections
) -> None:
    session = await connections.session(private_simulator.target("ID-DROP"))
    before = await session.list_files()
    private_simulator.drop_connections()
    assert await session.list_files() == before
    assert private_simulator.connections_accepted == 2


async def test_closing_the_pool_closes_the_connection(small_card: Path, tmp_path: Path) -> None:
    simulator = await start_simulator(small_card, user="qa", password="pw")
    pool = camera_pool(tmp_path)
    try:
        await (await pool.session(simulator.target("ID-CLOSE"))).list_files()
        assert simulator.open_connections == 1
        await pool.close()
        await eventually(lambda: simulator.open_connections == 0, what="the simulator to see the close")
        assert simulator.connections_accepted == 1
    finally:
        await simulator.close()
