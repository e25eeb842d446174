"""Scan at the speed of the wire: the collector's scan of a day of 1080p clips, facts only, with the images'
keyframes, and with the images made.

Run: .venv/bin/python bench/bench_wire_speed.py [--clips N] [--links loopback 5 20] [--naive-clips 3]
     [--servers simulator OpenSSH] [--transports sftp exec] [--passes facts reads full] [--in-flight 64]

The day (1,440 one-minute 1080p30 clips, ~0.9 Mbit/s) is built once under ~/.cache/sdb-bench/metadata-day (with
--clips N, a card of its first N clips is hard-linked beside it) and served by the camera simulator and by
OpenSSH's sshd, with and without SFTP, on plain loopback and behind a slow-link process (5 ms or 20 ms each way,
5 MB/s each direction). The collector itself scans it: ScanRunner (connect, list, df, schedule and card state, the
day's clips, up to --in-flight at once after its slow start) with the embedded in-process broker and a local-folder
store. Passes: `facts` asks for no images; `reads` asks for thumbnails and previews with no thumbnailer running
(every camera byte of the scan, timed until the camera part is done); `full` runs the real ThumbnailWorker with
its images made in its two image worker processes and is timed until the scan completes.
"First thumbnail" is the time from the scan's start to its first thumbnail event. Counts of opens, read requests
and exec calls come from the servers (listing, df, schedule and card state included). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import DAY, card_folder
from bench.naive_way import naive_seconds_per_clip
from bench.wire_cameras import CAMERAS, BenchCamera
from libs.camera_simulator.link_timing import LinkShape
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ClipThumbnailEvent, ScanCompletedEvent, ScanFailedEvent, open_event
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.service.logging_setup import configure_logging
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner
from services.thumbnailer.worker import ThumbnailWorker

CLIPS_IN_FLIGHT = 64
RATE = 5_000_000
PREVIEW_FRAMES = 10
SCAN_DEADLINE_S = 1800
THUMBNAILERS = 2


@dataclass
class Run:
    """Figures of one scan."""

    clips: int
    wall_s: float
    bytes_read: int
    first_thumbnail_s: float | None
    not_ok: int


PASSES = {"facts": "facts", "reads": "facts + keyframes", "full": "facts + images"}

class ScanWatch:
    """The times of a scan's first thumbnail event and of its end, from the scan's start."""

    def __init__(self, started: float) -> None:
        """Count from `started` (perf_counter)."""
        self.started = started
        self.first_thumbnail_s: float | None = None
        self.ended = asyncio.Event()

    async def see(self, message: Envelope) -> None:
        """Note the first thumbnail and the end of the scan."""
        event = open_event(message)
        if isinstance(event, ClipThumbnailEvent) and self.first_thumbnail_s is None:
            self.first_thumbnail_s = time.perf_counter() - self.started
        if isinstance(event, ScanCompletedEvent | ScanFailedEvent):
            self.ended.set()


async def scan(camera: BenchCamera, kind: str, in_flight: int, work: Path) -> Run:
    """One collector scan of the camera's card; `full` with the thumbnailer running, until the scan completes."""
    folder = Path(tempfile.mkdtemp(prefix="bench-collector-", dir=work))
    settings = Settings(data_dir=folder, demo_camera=False, camera_connect_timeout_s=10, camera_call_timeout_s=120,
                        camera_max_parallel=in_flight, preview_frames=PREVIEW_FRAMES, scan_deadline_s=SCAN_DEADLINE_S)
    broker, store = InMemoryBroker(), LocalFolderStore(folder / "store")
    pool = make_camera_connections(settings, store)
    ctx = ScanContext(settings, broker, store, CameraRegistry(settings, [camera.target]), pool)
    images = kind != "facts"
    request = ScanRequested(scan_id=uuid.uuid4().hex, camera_id=camera.target.camera_id, thumbnails=images,
                            previews=images)
    await broker.start()
    thumbnailer = ThumbnailWorker(broker, store, concurrency=THUMBNAILERS, prefetch=2 * THUMBNAILERS)
    try:
        if kind == "full":
            await thumbnailer.start()
        watch = ScanWatch(time.perf_counter())
        await broker.subscribe_events(watch.see)
        await ScanRunner(ctx, request).run()
        if kind == "full":
            await asyncio.wait_for(watch.ended.wait(), SCAN_DEADLINE_S)
        wall = time.perf_counter() - watch.started
    finally:
        await pool.close()
        await broker.close()
        await thumbnailer.close()
    record = await load_scan(store, request.scan_id)
    shutil.rmtree(folder, ignore_errors=True)
    return Run(record.clips_total, wall, record.bytes_read, watch.first_thumbnail_s, record.clip_errors)


def per_clip_counts(camera: BenchCamera, clips: int) -> tuple[float, float, float]:
    """SFTP opens, SFTP read requests and exec calls per clip, as the server counted them (df, listing included)."""
    counts = camera.counts()
    return (sum(counts.sftp_opens.values()) / clips, sum(counts.sftp_reads.values()) / clips,
            counts.exec_calls / clips)


def first_clips_card(card: Path, clips: int) -> Path:
    """The card itself, or (for fewer clips than the day holds) a card of its first `clips` clips, hard-linked."""
    day = sorted((card / DAY.isoformat()).rglob("*.mp4"))
    if clips >= len(day):
        return card
    subset = card.parent.parent / f"first-{clips}" / "sdcard"
    if not subset.exists():
        for path in day[:clips]:
            (subset / path.relative_to(card)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, subset / path.relative_to(card))
        for beside in ("config", "system"):
            shutil.copytree(card.parent / beside, subset.parent / beside)
    return subset


async def bench_link(card: Path, work: Path, shape: LinkShape, options: argparse.Namespace) -> None:
    """Every camera kind and transport, facts and full, then the naive way, on one link."""
    naive: dict[str, float] = {}
    for server in options.servers:
        camera_of = CAMERAS[server]
        async with camera_of(card, True, shape, work) as camera:
            clips = sorted(path.relative_to(card).as_posix() for path in (card / DAY.isoformat()).rglob("*.mp4"))
            naive[server] = await naive_seconds_per_clip(camera.target, clips[: options.naive_clips], work)
        for sftp in (transport == "sftp" for transport in options.transports):
            for kind in options.passes:
                load = os.getloadavg()[0]
                async with camera_of(card, sftp, shape, work) as camera:
                    run = await scan(camera, kind, options.in_flight, work)
                print(row(server, "sftp" if sftp else "exec", shape, kind, run,
                          per_clip_counts(camera, run.clips), naive[server], load), flush=True)


def row(server: str, transport: str, shape: LinkShape, kind: str, run: Run, counts: tuple[float, float, float],
        naive_s: float, load: float) -> str:
    """One Markdown row."""
    limit = run.bytes_read / shape.rate_bytes_per_s if shape.rate_bytes_per_s else None
    opens, reads, calls = counts
    per_clip = run.wall_s / run.clips
    return " | ".join([
        f"| {server}", transport, str(shape), PASSES[kind], str(run.clips),
        f"{run.wall_s:.2f}", f"{run.bytes_read / run.clips / 1024:.1f}",
        f"{limit:.2f}" if limit else "-", f"{run.wall_s / limit:.2f}" if limit else "-",
        f"{opens:.2f}" if transport == "sftp" else "-", f"{reads:.1f}" if transport == "sftp" else "-",
        f"{calls:.2f}" if transport == "exec" else "-",
        f"{run.first_thumbnail_s:.2f}" if run.first_thumbnail_s is not None else "-",
        f"{naive_s:.2f}", f"{naive_s / per_clip:.0f}x", f"{load:.1f} |",
    ])


async def main() -> None:
    """Build or reuse the day, then bench each link."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sdb-bench" / "metadata-day")
    parser.add_argument("--clips", type=int, default=1440)
    parser.add_argument("--links", nargs="+", default=["loopback", "5", "20"], help="'loopback' or one-way ms")
    parser.add_argument("--naive-clips", type=int, choices=range(1, 101), default=3, metavar="1..100",
                        help="clips the naive way downloads and decodes, per server and link")
    parser.add_argument("--servers", nargs="+", choices=list(CAMERAS), default=list(CAMERAS))
    parser.add_argument("--transports", nargs="+", choices=["sftp", "exec"], default=["sftp", "exec"])
    parser.add_argument("--passes", nargs="+", choices=list(PASSES), default=list(PASSES))
    parser.add_argument("--in-flight", type=int, default=CLIPS_IN_FLIGHT, help="clips in flight per camera")
    options = parser.parse_args()
    configure_logging("warning")  # the table only
    options.cache.mkdir(parents=True, exist_ok=True)
    card = first_clips_card(card_folder(options.cache), options.clips)
    print(f"card: {card}; {os.cpu_count()} cores; {options.in_flight} clips in flight\n")
    print("| server | transport | link | pass | clips | wall s | KiB/clip | link limit s | ratio | opens/clip | "
          "reads/clip | exec calls/clip | first thumbnail s | naive s/clip | vs naive | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-wire-") as scratch:
        for link in options.links:
            shape = LinkShape() if link == "loopback" else LinkShape.of(float(link), RATE)
            await bench_link(card, Path(scratch), shape, options)


if __name__ == "__main__":
    asyncio.run(main())
