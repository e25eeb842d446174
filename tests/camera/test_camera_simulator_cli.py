"""The simulator's command line puts the camera-like link in front of the SSH server and writes what it was asked."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from pydantic import SecretStr

from libs.common.adapters.camera.target import CameraTarget
from tests.camera.conftest import SIM_PASSWORD, SIM_USER
from tests.camera.test_camera_card_access import first_clip
from tests.camera_pools import camera_pool

REPO = Path(__file__).resolve().parents[2]


async def test_the_command_line_serves_behind_a_link_and_writes_its_counts_on_exit(
    small_card: Path, tmp_path: Path
) -> None:
    counts_file = tmp_path / "counts.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "libs.camera_simulator", "--card", str(small_card), "--user", SIM_USER,
        "--password", SIM_PASSWORD, "--delay-ms", "5", "--rate", "5000000", "--counts-file", str(counts_file),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=REPO,
    )
    assert process.stdout is not None
    try:
        line = ""
        while not line.startswith("camera simulator on "):
            line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
            assert line, "the simulator exited before listening"
        assert "link=5 ms, 5.0 MB/s" in line
        port = int(line.split()[3].rsplit(":", 1)[1])
        pinned = line.rsplit("host_key_fingerprint=", 1)[1].strip()  # the key it announces is the key it serves
        target = CameraTarget(camera_id="CLI", host="127.0.0.1", port=port, user=SIM_USER,
                              password=SecretStr(SIM_PASSWORD), host_key_fingerprint=pinned)
        pool = camera_pool(tmp_path, 10, 10)
        try:
            session = await pool.session(target)
            async with session.open_clip(first_clip(small_card)) as clip:
                await clip.read_ranges([(0, 100), (5000, 100)])
        finally:
            await pool.close()
    finally:
        process.terminate()
        await process.wait()
    counts = json.loads(counts_file.read_text())
    clip_path = f"/mnt/sdcard/{first_clip(small_card)}"
    assert (counts["sftp_opens"][clip_path], counts["sftp_reads"][clip_path]) == (1, 2)
    assert counts["exec_commands"] == []
