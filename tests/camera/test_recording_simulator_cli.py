"""The simulator's command line can go on recording onto its card with a camera clock set off the real one."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from pydantic import SecretStr

from libs.common.adapters.camera.target import CameraTarget
from libs.common.contracts.records import utc_now
from libs.common.domain.camera_clock import CLOCK_COMMAND, reading_from_output
from tests.camera.conftest import SIM_PASSWORD, SIM_USER
from tests.camera.recording_camera import live_card
from tests.camera_pools import camera_pool

REPO = Path(__file__).resolve().parents[2]


async def test_the_command_line_records_clips_on_a_camera_clock_off_the_real_one(tmp_path: Path) -> None:
    card = live_card(tmp_path)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "libs.camera_simulator", "--card", str(card), "--user", SIM_USER,
        "--password", SIM_PASSWORD, "--record-clip-s", "3", "--clock-offset-s", "40", "--no-sftp",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=REPO,
    )
    assert process.stdout is not None
    try:
        line = ""
        while not line.startswith("camera simulator on "):
            line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
            assert line, "the simulator exited before listening"
        port = int(line.split()[3].rsplit(":", 1)[1])
        fingerprint = next(word.split("=", 1)[1] for word in line.split() if word.startswith("host_key_fingerprint="))
        target = CameraTarget(camera_id="CLIREC", host="127.0.0.1", port=port, user=SIM_USER,
                              password=SecretStr(SIM_PASSWORD), sd_root="/mnt/sdcard", host_key_fingerprint=fingerprint)
        pool = camera_pool(tmp_path, 10, 10)
        try:
            session = await pool.session(target)
            sent = utc_now()
            output, _ = await session.command_output(CLOCK_COMMAND)
            reading = reading_from_output(output, "cli", sent, utc_now())
            assert reading is not None and abs(reading.offset_s - 40) < 0.5
            files = await session.list_files()
            assert files and all(remote.path.endswith(".mp4") for remote in files)
            assert max(remote.mtime for remote in files) >= reading.camera_time.timestamp() - 5, "on the camera clock"
        finally:
            await pool.close()
    finally:
        process.terminate()
        await process.wait()
