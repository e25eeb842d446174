"""The many-cameras bench's cameras: one process serves a fleet of simulators, each over its own card that a
recorder writes clip after clip, and counts on the cameras' side the connections each saw."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from libs.camera_simulator.camera_fleet import fleet_targets, start_fleet
from libs.camera_simulator.fleet_main import ANNOUNCE
from tests.camera_pools import camera_pool
from tools.local_servers.polling import eventually

REPO = Path(__file__).resolve().parents[2]
CLIP_S = 2.0


async def test_each_camera_of_the_fleet_serves_its_own_card_as_its_recorder_closes_clips(tmp_path: Path) -> None:
    fleet = await start_fleet(tmp_path / "fleet", cameras=3, clip_s=CLIP_S, backfill_clips=2)
    pool = camera_pool(tmp_path)
    try:
        fleet.record()
        sessions = [await pool.session(target) for target in fleet_targets(fleet.describe())]
        first = await asyncio.gather(*(session.list_files() for session in sessions))
        assert [len(files) for files in first] == [3, 3, 3], "two closed clips and the one being written"
        ini = await sessions[0].read_text(fleet.describe()["config_ini"])
        assert "[Recording]" in ini

        async def every_card_grew() -> bool:
            listed = await asyncio.gather(*(session.list_files() for session in sessions))
            return all(len(files) > 3 for files in listed)

        await eventually(every_card_grew, timeout_s=4 * CLIP_S + 5, what="every recorder to close a clip")
        assert fleet.counts()["handshakes_most"] == 1, "one camera session at a time"
        counts = fleet.counts()["cameras"]
        assert [counts[camera]["accepted"] for camera in ("CAM001", "CAM002", "CAM003")] == [1, 1, 1]
        assert all(count["clips_closed"] >= 1 and count["open_most"] == 1 for count in counts.values())
    finally:
        await pool.close()
        await fleet.close()


async def test_the_fleet_command_announces_its_cameras_and_writes_their_counts_on_sigterm(tmp_path: Path) -> None:
    counts_file = tmp_path / "counts.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "libs.camera_simulator.fleet_main", "--folder", str(tmp_path / "fleet"), "--cameras",
        "2", "--clip-s", str(CLIP_S), "--backfill", "1", "--id-prefix", "LAB", "--counts-file", str(counts_file),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=REPO)
    assert process.stdout is not None
    try:
        line = ""
        while not line.startswith(ANNOUNCE):
            line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
            assert line, "the fleet exited before listening"
        targets = fleet_targets(json.loads(line[len(ANNOUNCE):]))
        assert [target.camera_id for target in targets] == ["LAB001", "LAB002"]
        pool = camera_pool(tmp_path)
        try:
            for target in targets:
                assert (await (await pool.session(target)).disk_usage()).total_bytes > 0
        finally:
            await pool.close()
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 30) == 0
    assert {camera: count["accepted"] for camera, count in json.loads(counts_file.read_text())["cameras"].items()} \
        == {"LAB001": 1, "LAB002": 1}
