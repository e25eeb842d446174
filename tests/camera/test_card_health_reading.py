"""The card's own state read over SSH: mount, kernel I/O errors, identity; whatever fails is 'not available'."""

from __future__ import annotations

import shutil
from pathlib import Path

from libs.camera_simulator.server import start_simulator
from libs.camera_simulator.system_files import default_system_path, write_system_files
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.domain.card_health import card_mount, kernel_io_errors, mmc_block_device
from services.collector.card_health_reader import read_card_health
from tests.camera.conftest import SIM_PASSWORD, SIM_USER, ServedCamera
from tests.camera_pools import camera_pool

IO_ERRORS = [
    "[ 5012.112233] mmc0: Timeout waiting for hardware interrupt.",
    "[ 5012.200100] blk_update_request: I/O error, dev mmcblk0, sector 1234567 op 0x1:(WRITE)",
    "[ 5012.300400] FAT-fs (mmcblk0p1): error, fat_get_cluster: invalid cluster chain",
]


async def test_every_camera_answers_without_failing_and_names_what_it_could_not_read(
    served_camera: ServedCamera, connections: CameraConnections
) -> None:
    session = await connections.session(served_camera.target)
    health = await read_card_health(session, served_camera.target.sd_root)
    assert health.mount is not None or "mount" in health.not_available
    assert health.kernel_log is not None or "kernel_log" in health.not_available
    assert health.identity is not None or "identity" in health.not_available
    if served_camera.name.startswith("simulator"):
        assert health.mount is not None and health.identity is not None and health.kernel_log is not None
        assert (health.mount.device, health.mount.fs_type, health.mount.read_only) == ("/dev/mmcblk0p1", "vfat", False)
        assert (health.identity.name, health.identity.manfid, health.identity.date) == ("SD32G", "0x000003", "06/2025")
        assert health.kernel_log.io_error_count == 0, "a dirty-volume notice after a power cut is no I/O error"
        assert health.not_available == {}


async def test_a_read_only_card_with_io_errors_in_the_kernel_log_is_seen(small_card: Path, tmp_path: Path) -> None:
    card = tmp_path / "sdcard"
    shutil.copytree(small_card / "2026-11-20" / "01", card / "2026-11-20" / "01")
    write_system_files(default_system_path(card), read_only=True, kernel_errors=IO_ERRORS)
    async with await start_simulator(card, user=SIM_USER, password=SIM_PASSWORD, sftp=False) as simulator:
        pool = camera_pool(tmp_path)
        try:
            health = await read_card_health(await pool.session(simulator.target()), simulator.sd_root)
        finally:
            await pool.close()
    assert health.mount is not None and health.mount.read_only
    assert health.kernel_log is not None and health.kernel_log.io_error_count == 3
    assert health.kernel_log.io_errors[1].startswith("[ 5012.200100] blk_update_request: I/O error")


async def test_a_camera_without_system_files_or_dmesg_rights_says_why(small_card: Path, tmp_path: Path) -> None:
    card = tmp_path / "bare" / "sdcard"
    shutil.copytree(small_card / "2026-11-20" / "01", card / "2026-11-20" / "01")
    async with await start_simulator(card, user=SIM_USER, password=SIM_PASSWORD) as simulator:
        pool = camera_pool(tmp_path)
        try:
            health = await read_card_health(await pool.session(simulator.target()), simulator.sd_root)
        finally:
            await pool.close()
    assert (health.mount, health.kernel_log, health.identity) == (None, None, None)
    assert "Operation not permitted" in health.not_available["kernel_log"]
    assert "/proc/mounts" in health.not_available["mount"]
    assert health.not_available["identity"] == "the card's device is not known"


def test_the_mount_holding_the_card_root_is_the_longest_that_contains_it() -> None:
    mounts = ("/dev/root / squashfs ro 0 0\n/dev/mmcblk1p1 /mnt/sd\\040card vfat rw,noatime 0 0\n"
              "/dev/mmcblk0p1 /mnt/sdcard vfat ro,relatime 0 0\n/dev/sda1 /mnt/sdcard2 ext4 rw 0 0\n")
    mount = card_mount(mounts, "/mnt/sdcard/")
    assert mount is not None and (mount.device, mount.read_only) == ("/dev/mmcblk0p1", True)
    spaced = card_mount(mounts, "/mnt/sd card")
    assert spaced is not None and spaced.device == "/dev/mmcblk1p1"
    assert card_mount("garbage\n", "/mnt/sdcard") is None


def test_only_mmc_block_devices_have_an_sd_identity() -> None:
    assert mmc_block_device("/dev/mmcblk0p1") == "mmcblk0" and mmc_block_device("/dev/mmcblk12") == "mmcblk12"
    for device in ("/dev/sda1", "overlay", "/dev/mmcblk0p1/../sda", "/dev/mmcblk0boot0", "/dev/mmcblk0p1 x"):
        assert mmc_block_device(device) is None


def test_kernel_lines_count_only_when_they_name_the_card_and_an_error() -> None:
    log = "\n".join(["[1.0] mmc0: new high speed SDHC card at address aaaa", "[2.0] eth0: I/O error on link",
                     "[3.0] EXT4-fs error (device mmcblk0p1): ext4_find_entry:1455: reading directory lblock 0",
                     "[4.0] EXT4-fs (mmcblk0p1): Remounting filesystem read-only"])
    found = kernel_io_errors(log, truncated=False)
    assert found.io_error_count == 2 and found.io_errors[0].startswith("[3.0] EXT4-fs error")
