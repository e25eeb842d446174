"""A scan that finds no clips because the card root is wrong or missing says so in a warning, against the simulator
and OpenSSH, with and without SFTP, instead of passing for an empty card."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from libs.common.contracts.records import ScanStatus
from tests.camera.collector_scan import CollectorScans, ScannedCard
from tests.camera.conftest import CARD_DAY, ServedCamera
from tests.camera_pools import camera_pool


async def scan_with_root(served: ServedCamera, sd_root: str, folder: Path) -> ScannedCard:
    """A collector scan of the served camera with its card root set to sd_root, into the store under folder."""
    pool = camera_pool(folder)
    try:
        return await CollectorScans(pool, dataclasses.replace(served.target, sd_root=sd_root), folder).scan()
    finally:
        await pool.close()


def root_warnings(scanned: ScannedCard) -> list[str]:
    """The scan's warnings about its card root."""
    return [text for text in scanned.record.warnings if "card root" in text]


async def test_a_card_root_with_files_but_no_clips_in_the_camera_layout_is_a_warning(
    served_camera: ServedCamera, tmp_path: Path
) -> None:
    day_folder = f"{served_camera.target.sd_root}/{CARD_DAY.isoformat()}"  # its files are "01/<name>.mp4"
    scanned = await scan_with_root(served_camera, day_folder, tmp_path)
    assert scanned.record.status is ScanStatus.COMPLETED and scanned.record.clips_total == 0
    (warning,) = root_warnings(scanned)
    assert f"the card root {day_folder} holds" in warning
    assert "no clip laid out as <YYYY-MM-DD>/<HH>/<name>-<HHMMSS>.mp4 (the first is '01/" in warning


async def test_a_missing_card_root_is_a_warning_with_the_reason_and_keeps_the_days_already_stored(
    served_camera: ServedCamera, tmp_path: Path
) -> None:
    root = served_camera.target.sd_root
    before = await scan_with_root(served_camera, root, tmp_path)
    missing = await scan_with_root(served_camera, f"{root}/not-mounted", tmp_path)
    assert missing.record.status is ScanStatus.COMPLETED and missing.record.clips_total == 0
    (warning,) = root_warnings(missing)
    assert f"the card root {root}/not-mounted could not be listed" in warning
    assert before.clips and missing.clips.keys() == before.clips.keys(), "a card not seen keeps its stored days"


async def test_a_good_card_root_gives_no_such_warning(served_camera: ServedCamera, tmp_path: Path) -> None:
    scanned = await scan_with_root(served_camera, served_camera.target.sd_root, tmp_path)
    assert scanned.record.clips_total > 0 and root_warnings(scanned) == []
