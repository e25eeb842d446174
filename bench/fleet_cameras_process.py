"""The many-cameras bench's cameras: `python -m libs.camera_simulator.fleet_main` in its own process (so its CPU
is not the product's), the targets that reach each camera, and what the cameras counted once it has stopped."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from libs.camera_simulator.camera_fleet import fleet_targets
from libs.camera_simulator.fleet_main import ANNOUNCE
from libs.common.adapters.camera.target import CameraTarget

REPO = Path(__file__).resolve().parents[1]


@dataclass
class FleetProcess:
    """The running fleet: its process, its cameras as the product reaches them, and (after the block) its counts."""

    process: asyncio.subprocess.Process
    targets: list[CameraTarget]
    counts: dict[str, Any] = field(default_factory=dict)


@asynccontextmanager
async def camera_fleet_process(folder: Path, cameras: int, clip_s: float, backfill: int) -> AsyncIterator[FleetProcess]:
    """Start the fleet over cards in `folder` (made if missing), wait for its announcement; stop it after and read
    its counts."""
    counts_file = folder / "counts.json"
    command = [sys.executable, "-m", "libs.camera_simulator.fleet_main", "--folder", str(folder), "--cameras",
               str(cameras), "--clip-s", str(clip_s), "--backfill", str(backfill), "--counts-file", str(counts_file)]
    process = await asyncio.create_subprocess_exec(*command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                                   cwd=REPO)
    assert process.stdout is not None
    fleet: FleetProcess | None = None
    try:
        line = ""
        while not line.startswith(ANNOUNCE):
            line = (await asyncio.wait_for(process.stdout.readline(), 300)).decode()
            if not line:
                raise RuntimeError("the camera fleet exited before listening")
        fleet = FleetProcess(process, fleet_targets(json.loads(line[len(ANNOUNCE):])))
        yield fleet
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()
        if fleet is not None and counts_file.is_file():
            fleet.counts = json.loads(counts_file.read_text())
