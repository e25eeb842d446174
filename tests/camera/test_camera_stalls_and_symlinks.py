"""A camera that stalls in the middle of a batch ends each clip with its reason, one whose link drops reads every
clip again on a new connection; a card root that is a symlink
(cameras mount the card elsewhere and link /mnt/sdcard to it) lists the same card over SFTP and over find."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.media.tail_first import TailGuess
from tests.camera.clip_flow import local_opener, read_clip
from tests.camera.conftest import SIM_PASSWORD, SIM_USER, ServedCamera
from tests.camera.test_camera_batch_parts import NeverRetrieved
from tests.camera.test_camera_batched_reads import same_outcome
from tests.camera.test_camera_reads_over_the_link import card_clips
from tests.camera_pools import camera_pool

STALL_AFTER_BYTES = 100_000
CALL_TIMEOUT_S = 1.0


@pytest.mark.parametrize("sftp", [True, False], ids=["sftp", "exec"])
async def test_a_stall_in_the_middle_of_a_batch_ends_each_clip_ok_or_with_its_reason(
    small_card: Path, sftp: bool, tmp_path: Path
) -> None:
    clips = card_clips(small_card)
    async with await start_simulator(small_card, user=SIM_USER, password=SIM_PASSWORD, sftp=sftp,
                                     stall_after_bytes=STALL_AFTER_BYTES) as simulator:
        pool = camera_pool(tmp_path, 5, CALL_TIMEOUT_S, max_parallel=16)
        with NeverRetrieved() as unseen:
            try:
                session = await pool.session(simulator.target())
                guess = TailGuess()
                results = await asyncio.gather(*(read_clip(session.open_clip, remote, guess) for remote in clips))
            finally:
                await pool.close()
            await asyncio.sleep(0.1)
    assert unseen.reports == [], "an aborted batch left a task whose error nobody retrieved"
    stalled = [result for result in results if result.reason and "did not answer in time" in result.reason]
    assert stalled, [result.reason for result in results]
    for result in results:
        assert result.status in ("ok", "incomplete", "unreadable")
        assert (result.status == "ok") == (result.reason is None)
    assert all(result.status == "unreadable" and result.reason.startswith("camera read failed:")
               for result in stalled if result.reason)


@pytest.mark.parametrize("sftp", [True, False], ids=["sftp", "exec"])
async def test_a_link_dropped_in_the_middle_of_batches_is_reopened_and_every_clip_read(
    small_card: Path, sftp: bool, tmp_path: Path
) -> None:
    clips = card_clips(small_card)
    async with await start_simulator(small_card, user=SIM_USER, password=SIM_PASSWORD, sftp=sftp,
                                     latency_ms=30) as simulator:
        pool = camera_pool(tmp_path, 5, 10, max_parallel=16)
        with NeverRetrieved() as unseen:
            try:
                session = await pool.session(simulator.target())
                guess = TailGuess()
                reading = asyncio.gather(*(read_clip(session.open_clip, remote, guess) for remote in clips))
                await _first_clip_request(simulator)
                simulator.drop_connections()  # that request is still in its 30 ms of latency: it is cut off
                results = await reading
            finally:
                await pool.close()
            await asyncio.sleep(0.1)
        assert simulator.connections_accepted == 2, "one reconnect served every clip's retry"
    assert unseen.reports == []
    local = [await read_clip(local_opener(small_card), remote, TailGuess()) for remote in clips]
    assert [same_outcome(result) for result in results] == [same_outcome(result) for result in local]


async def _first_clip_request(simulator: RunningSimulator) -> None:
    """Return as soon as the simulator has received a read of clip data (SFTP read or dd)."""
    for _ in range(5000):
        counts = simulator.counts
        if counts.sftp_reads or any(command.startswith("dd ") for command in counts.exec_commands):
            return
        await asyncio.sleep(0.001)
    raise AssertionError("no clip was read within 5 s")


@pytest.fixture(params=[True, False], ids=["sftp", "exec"])
def sshd_behind_a_symlinked_root(
    request: pytest.FixtureRequest, small_card: Path, tmp_path_factory: pytest.TempPathFactory
) -> ServedCamera:
    """OpenSSH whose card root is a symlink to the card folder."""
    sftp: bool = request.param
    folder = tmp_path_factory.mktemp("sshd-symlinked-root")
    (folder / "sdcard").symlink_to(small_card, target_is_directory=True)
    sshd = request.getfixturevalue("sshd_sftp" if sftp else "sshd_exec")
    return dataclasses.replace(sshd, target=dataclasses.replace(sshd.target, sd_root=str(folder / "sdcard")))


async def test_a_card_root_that_is_a_symlink_lists_the_same_card(
    sshd_behind_a_symlinked_root: ServedCamera, connections: CameraConnections
) -> None:
    served = sshd_behind_a_symlinked_root
    linked = await (await connections.session(served.target)).list_files()
    real_root = dataclasses.replace(served.target, sd_root=str(served.card_dir), camera_id="REALROOT")
    direct = await (await connections.session(real_root)).list_files()
    assert linked and linked == direct
    assert (await connections.session(served.target)).transport == served.transport
