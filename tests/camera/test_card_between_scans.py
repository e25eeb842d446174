"""The card between two scans over SSH: only new kernel errors count, a swapped card is seen; options are no error."""

from __future__ import annotations

import shutil
from pathlib import Path

from libs.camera_simulator.server import start_simulator
from libs.camera_simulator.system_files import KERNEL_LOG_NAME, default_system_path, write_system_files
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.api.checks import Tolerances
from libs.common.contracts.card_health import CardHealthRecord
from libs.common.documents.card_health import load_card_health
from libs.common.domain.card_health import kernel_io_errors
from libs.common.domain.checks.card_check import CardInputs, card_issues
from services.collector.card_health_reader import store_card_health
from tests.camera.conftest import SIM_PASSWORD, SIM_USER
from tests.camera_pools import camera_pool

OLD_ERROR = "[ 5012.200100] blk_update_request: I/O error, dev mmcblk0, sector 1234567 op 0x1:(WRITE)"
NEW_ERROR = "[ 7310.004000] mmc0: Timeout waiting for hardware interrupt."
EXT4_MOUNT = "[    4.120000] EXT4-fs (mmcblk0p1): mounted filesystem with ordered data mode. Opts: errors=remount-ro"


def judged(health: CardHealthRecord) -> list[str]:
    """The card issues' details for this reading."""
    card = CardInputs(health=health, retention_days=None, retention_basis=None, date="2026-11-20",
                      observed=health.read.replace(tzinfo=None))
    return [issue.detail for issue in card_issues(card, Tolerances())]


async def test_an_old_kernel_error_fails_one_scan_and_a_swapped_card_is_reported_by_the_next(small_card: Path,
                                                                                  tmp_path: Path) -> None:
    card = tmp_path / "sdcard"
    shutil.copytree(small_card / "2026-11-20" / "01", card / "2026-11-20" / "01")
    system = write_system_files(default_system_path(card), kernel_errors=[EXT4_MOUNT, OLD_ERROR])
    store = LocalFolderStore(tmp_path / "store")
    async with await start_simulator(card, user=SIM_USER, password=SIM_PASSWORD, sftp=False) as simulator:
        pool = camera_pool(tmp_path)
        target = simulator.target("CAM01")

        async def scan_card() -> CardHealthRecord:
            await store_card_health(store, await pool.session(target), target)
            stored = await load_card_health(store, "CAM01")
            assert stored is not None
            return stored

        try:
            first, second = await scan_card(), await scan_card()
            log = system / KERNEL_LOG_NAME
            log.write_text(log.read_text() + NEW_ERROR + "\n")
            (system / "sys" / "block" / "mmcblk0" / "device" / "serial").write_text("0x99990001\n")
            third = await scan_card()
        finally:
            await pool.close()
    assert first.kernel_log is not None and first.kernel_log.io_error_count == 1, "errors=remount-ro is a setting"
    assert [detail.split(",")[0] for detail in judged(first)] == [
        "1 new kernel log lines since the previous scan report I/O errors on the card"]
    assert judged(second) == [], "the same error seen again is not new"
    assert third.kernel_log is not None and third.kernel_log.new_io_errors == [NEW_ERROR]
    details = judged(third)
    assert len(details) == 2 and NEW_ERROR in details[0] and OLD_ERROR not in details[0]
    assert "swapped" in details[1] and "serial 0x1a2b3c4d before" in details[1] and "0x99990001 now" in details[1]


def test_a_new_boot_makes_every_error_line_new_and_a_rotated_out_line_keeps_the_rest_new() -> None:
    log = "\n".join([OLD_ERROR, NEW_ERROR])
    assert kernel_io_errors(log, False, seen_until=OLD_ERROR).new_io_errors == [NEW_ERROR]
    assert kernel_io_errors(log, False, seen_until=NEW_ERROR).new_io_error_count == 0
    assert kernel_io_errors(NEW_ERROR, False, seen_until=OLD_ERROR).new_io_errors == [NEW_ERROR]
    assert kernel_io_errors(log, False).new_io_error_count == 2


def test_ext4_mount_options_and_fat_option_lists_are_no_io_errors() -> None:
    lines = [EXT4_MOUNT, "[ 4.2] EXT4-fs (mmcblk0p1): re-mounted. Opts: errors=remount-ro,commit=600",
             "[ 4.3] EXT4-fs (mmcblk0p1): Remounting filesystem read-only",
             "[ 4.4] EXT4-fs error (device mmcblk0p1): ext4_find_entry:1455: reading directory lblock 0"]
    found = kernel_io_errors("\n".join(lines), False)
    assert found.io_errors == lines[2:]
