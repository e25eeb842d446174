"""A collector scan of a camera that stalls in the middle of a batch ends each clip with its reason and completes,
one whose link drops reads every clip again on a new connection (the simulator, and OpenSSH behind a link that
stalls or drops); a card root that is a symlink
(cameras mount the card elsewhere and link /mnt/sdcard to it) lists the same card over SFTP and over find."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.contracts.records import ScanStatus
from tests.camera.collector_scan import CollectorScans, local_scan
from tests.camera.conftest import SIM_PASSWORD, SIM_USER, ServedCamera
from tests.camera.cutting_link import cutting_link
from tests.camera.test_camera_batch_parts import NeverRetrieved
from tests.camera.test_camera_reads_over_the_link import card_clips
from tests.camera_pools import camera_pool

STALL_AFTER_BYTES = 60_000
SSHD_STALL_AFTER_BYTES = 40_000  # counted from the first byte of the SSH connection: a few clips in
CALL_TIMEOUT_S = 1.0


@pytest.mark.parametrize("sftp", [True, False], ids=["sftp", "exec"])
async def test_a_stall_in_the_middle_of_a_batch_ends_each_clip_ok_or_with_its_reason_and_the_scan_completes(
    small_card: Path, sftp: bool, tmp_path: Path
) -> None:
    async with await start_simulator(small_card, user=SIM_USER, password=SIM_PASSWORD, sftp=sftp,
                                     stall_after_bytes=STALL_AFTER_BYTES) as simulator:
        pool = camera_pool(tmp_path, 5, CALL_TIMEOUT_S, max_parallel=16)
        with NeverRetrieved() as unseen:
            try:
                scanned = await CollectorScans(pool, simulator.target(), tmp_path).scan()
            finally:
                await pool.close()
            await asyncio.sleep(0.1)
    assert unseen.reports == [], "an aborted batch left a task whose error nobody retrieved"
    assert scanned.record.status is ScanStatus.COMPLETED
    assert sorted(scanned.clips) == [remote.path for remote in card_clips(small_card)]
    # The call that meets the stall times out; the link is then closed, so clips in flight beside it end with
    # "connection lost" (which call meets it first, a clip's or the clock/card reads beside the listing, is timing)
    stalled = [clip for clip in scanned.clips.values()
               if clip.error and ("did not answer in time" in clip.error or "connection lost" in clip.error)]
    assert stalled, [clip.error for clip in scanned.clips.values()]
    for clip in scanned.clips.values():
        assert clip.status in ("ok", "incomplete", "unreadable")
        assert (clip.status == "ok") == (clip.error is None)
    assert all(clip.status == "unreadable" and clip.error and clip.error.startswith("camera read failed:")
               for clip in stalled)


@pytest.mark.parametrize("sftp", [True, False], ids=["sftp", "exec"])
async def test_a_link_dropped_in_the_middle_of_batches_is_reopened_and_every_clip_read(
    small_card: Path, sftp: bool, tmp_path: Path
) -> None:
    async with await start_simulator(small_card, user=SIM_USER, password=SIM_PASSWORD, sftp=sftp,
                                     latency_ms=30) as simulator:
        pool = camera_pool(tmp_path, 5, 10, max_parallel=16)
        with NeverRetrieved() as unseen:
            try:
                scanning = asyncio.ensure_future(CollectorScans(pool, simulator.target(), tmp_path / "camera").scan())
                await _first_clip_request(simulator)
                simulator.drop_connections()  # that request is still in its 30 ms of latency: it is cut off
                scanned = await scanning
            finally:
                await pool.close()
            await asyncio.sleep(0.1)
        assert simulator.connections_accepted == 2, "one reconnect served every clip's retry"
    assert unseen.reports == []
    assert scanned.outcomes() == (await local_scan(small_card, tmp_path / "local")).outcomes()


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


@pytest.fixture(params=["sshd_sftp", "sshd_exec"])
def sshd(request: pytest.FixtureRequest) -> ServedCamera:
    """OpenSSH with and without SFTP."""
    served: ServedCamera = request.getfixturevalue(request.param)
    return served


@pytest.mark.long(seconds=15)
async def test_openssh_stalling_in_the_middle_of_a_batch_ends_each_clip_ok_or_with_its_reason_and_the_scan_completes(
    sshd: ServedCamera, tmp_path: Path
) -> None:
    async with cutting_link(sshd.target.port, stall_after_bytes=SSHD_STALL_AFTER_BYTES) as link:
        pool = camera_pool(tmp_path, 2, CALL_TIMEOUT_S, max_parallel=16)
        try:
            scanned = await CollectorScans(pool, dataclasses.replace(sshd.target, port=link.port), tmp_path).scan()
        finally:
            await pool.close()
    assert link.server_bytes > SSHD_STALL_AFTER_BYTES
    assert scanned.record.status is ScanStatus.COMPLETED
    assert sorted(scanned.clips) == [remote.path for remote in card_clips(sshd.card_dir)]
    for clip in scanned.clips.values():
        assert clip.status in ("ok", "incomplete", "unreadable")
        assert (clip.status == "ok") == (clip.error is None)
    assert any(clip.error and clip.error.startswith("camera read failed:") for clip in scanned.clips.values())


async def test_openssh_dropping_the_link_in_the_middle_of_batches_is_reconnected_and_every_clip_read(
    sshd: ServedCamera, tmp_path: Path
) -> None:
    async with cutting_link(sshd.target.port, drop_after_bytes=STALL_AFTER_BYTES) as link:
        pool = camera_pool(tmp_path, 5, 10, max_parallel=16)
        try:
            target = dataclasses.replace(sshd.target, port=link.port)
            scanned = await CollectorScans(pool, target, tmp_path / "camera").scan()
        finally:
            await pool.close()
    assert link.dropped.is_set() and link.connections == 2, "one reconnect served every clip's retry"
    assert scanned.outcomes() == (await local_scan(sshd.card_dir, tmp_path / "local")).outcomes()
