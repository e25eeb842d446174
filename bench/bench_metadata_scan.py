"""Benchmark the collector's metadata pass over SSH on one full simulated day (1,440 one-minute 1080p30 clips).

Run: .venv/bin/python bench/bench_metadata_scan.py [--cache DIR] [--latency-ms MS]

The card is built once under the cache folder (hard-linked clips) and served by the camera simulator in its
own process; the collector's ScanRunner scans it with thumbnails off, then rescans it, over SFTP and over
exec (`dd`). Prints one Markdown table row per transport.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import uuid4

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libs.camera_simulator.card_builder import build_card
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.records import DayRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import load_scan
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner

REPO = Path(__file__).resolve().parents[1]
DAY = date(2026, 11, 22)  # a Sunday: continuous recording all day in the simulator's schedule
USER, PASSWORD = "bench", "bench-camera-pw"
CLIPS = 1440
BUILT_MARKER = "card-complete"


@dataclass(frozen=True)
class Result:
    """Figures of one transport."""

    transport: str
    first_s: float
    rescan_s: float
    clips: int
    mean_bytes: float
    max_bytes: int
    rescan_bytes: int


def card_folder(cache: Path) -> Path:
    """The day's card under cache, built the first time (about a minute of encoding)."""
    card = cache / "sdcard"
    if not (cache / BUILT_MARKER).exists():
        build_card(card, days=[DAY], hours=range(24), clips_per_hour=60, clip_seconds=60.0, width=1920,
                   height=1080, fps=30, bitrate_kbps=900, audio=True, broken=False, hardlink=True)
        (cache / BUILT_MARKER).write_text("ok\n")
    return card


@asynccontextmanager
async def simulator(card: Path, sftp: bool, latency_ms: float, rate_bytes_per_s: int = 0
                    ) -> AsyncIterator[tuple[int, str]]:
    """The camera simulator in its own process (as a camera is its own machine); yields its port and host key
    fingerprint."""
    command = [sys.executable, "-m", "libs.camera_simulator", "--card", str(card), "--user", USER,
               "--password", PASSWORD, "--latency-ms", str(latency_ms), "--rate-bytes-per-s", str(rate_bytes_per_s)]
    command += [] if sftp else ["--no-sftp"]
    process = await asyncio.create_subprocess_exec(*command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                                   cwd=REPO)
    try:
        assert process.stdout is not None
        line = ""
        while not line.startswith("camera simulator on "):  # log lines come first
            line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
            if not line:
                raise RuntimeError("the camera simulator exited before listening")
        yield int(line.split()[3].rsplit(":", 1)[1]), line.rsplit("host_key_fingerprint=", 1)[1].strip()
    finally:
        process.terminate()
        await process.wait()


async def scan_once(ctx: ScanContext, camera_id: str) -> tuple[float, int]:
    """One metadata-only scan of the day: seconds taken and bytes read from the camera."""
    request = ScanRequested(scan_id=uuid4().hex, camera_id=camera_id, dates=[DAY.isoformat()], thumbnails=False,
                            previews=False)
    began = time.perf_counter()
    await ScanRunner(ctx, request).run()
    elapsed = time.perf_counter() - began
    record = await load_scan(ctx.store, request.scan_id)
    assert record.status == "completed" and record.clips_total == CLIPS, record
    return elapsed, record.bytes_read


async def bench_transport(card: Path, work: Path, sftp: bool, latency_ms: float) -> Result:
    """First scan and rescan over one transport, with a fresh store."""
    camera_id = "BENCH" + ("SFTP" if sftp else "EXEC")
    settings = Settings(data_dir=work / camera_id, demo_camera=False)
    async with simulator(card, sftp, latency_ms) as (port, fingerprint):
        target = CameraTarget(camera_id=camera_id, host="127.0.0.1", port=port, user=USER,
                              password=SecretStr(PASSWORD), config_ini="/etc/camera/camera.ini",
                              host_key_fingerprint=fingerprint)
        broker, store = InMemoryBroker(), LocalFolderStore(settings.data_dir / "store")
        await broker.start()
        cameras = make_camera_connections(settings, store)
        ctx = ScanContext(settings, broker, store, CameraRegistry(settings, [target]), cameras)
        try:
            first_s, _ = await scan_once(ctx, camera_id)
            rescan_s, rescan_bytes = await scan_once(ctx, camera_id)
        finally:
            await cameras.close()
            await broker.close()
    day = DayRecord.model_validate(await get_json(store, keys.day_doc(camera_id, DAY.isoformat())))
    per_clip = [clip.bytes_read for clip in day.clips]
    return Result("sftp" if sftp else "exec (dd)", first_s, rescan_s, len(per_clip), statistics.fmean(per_clip),
                  max(per_clip), rescan_bytes)


def row(result: Result) -> str:
    """One Markdown table row."""
    return (f"| {result.transport} | {result.clips} | {result.first_s:.1f} | {result.mean_bytes / 1024:.1f} | "
            f"{result.max_bytes / 1024:.1f} | {result.rescan_s:.2f} | {result.rescan_bytes} |")


async def main() -> None:
    """Build or reuse the card, bench both transports, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sdb-bench" / "metadata-day")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="simulated camera latency per request")
    options = parser.parse_args()
    options.cache.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    card = card_folder(options.cache)
    print(f"card ready in {time.perf_counter() - began:.1f} s: {card}", flush=True)
    work = options.cache / f"runs-{uuid4().hex[:8]}"
    print("| transport | clips | metadata pass s | mean KiB/clip | max KiB/clip | rescan s | rescan bytes |")
    print("|---|---|---|---|---|---|---|")
    try:
        for sftp in (True, False):
            print(row(await bench_transport(card, work, sftp, options.latency_ms)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
