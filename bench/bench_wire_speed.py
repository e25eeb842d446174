"""Scan at the speed of the wire: facts, then facts + image keyframes (+ images), of a day of 1080p clips.

Run: .venv/bin/python bench/bench_wire_speed.py [--clips N] [--links loopback 5 20] [--naive-clips 3]
     [--servers simulator OpenSSH] [--transports sftp exec] [--passes facts reads full] [--in-flight 64]

The day (1,440 one-minute 1080p30 clips, ~0.9 Mbit/s) is built once under ~/.cache/sdb-bench/metadata-day and
served by the camera simulator and by OpenSSH's sshd, with and without SFTP, on plain loopback and behind a
slow-link process (5 ms or 20 ms each way, 5 MB/s each direction). The client drives CameraSession.open_clip the
way the collector is meant to (tests/camera/clip_flow.py): connect, df, list the day, then every clip with up to
CLIPS_IN_FLIGHT in flight: one open, facts tail first, then (passes `reads` and `full`) the 10 image keyframes in
one batch; in the `full` pass two worker processes with an ImageMaker each (two thumbnailer replicas) make each
clip's thumbnail and animated preview. Counts of opens, read requests and exec calls come from the servers.
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import DAY, card_folder
from bench.naive_way import naive_seconds_per_clip
from bench.wire_cameras import CAMERAS, BenchCamera
from libs.camera_simulator.link_timing import LinkShape
from libs.common.adapters.camera.remote_file import RemoteFile
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.media.tail_first import TailGuess
from libs.common.contracts.keyframe_pack import PackedKeyframe, pack_keyframes
from libs.common.contracts.settings import Settings
from services.thumbnailer.image_maker import ImageMaker
from tests.camera.clip_flow import ClipResult, read_clip

CLIPS_IN_FLIGHT = 64
RATE = 5_000_000
PREVIEW_FRAMES = 10


@dataclass
class Run:
    """Figures of one pass over the clips."""

    clips: int
    wall_s: float
    bytes_read: int
    first_thumbnail_s: float | None
    not_ok: int


_MAKER: ImageMaker | None = None


def make_images(codec: str, pack: bytes) -> int:
    """In a worker process: thumbnail and animated preview of one clip with the process's ImageMaker."""
    global _MAKER
    _MAKER = _MAKER or ImageMaker()
    images = _MAKER.make(codec, pack, True)
    return len(images.thumbnail) + len(images.preview or b"")


PASSES = {"facts": "facts", "reads": "facts + keyframes", "full": "facts + images"}


async def scan(camera: BenchCamera, clip_count: int, kind: str, in_flight: int) -> Run:
    """Connect, df, list the day, then read (and in the full pass, picture) the first clip_count clips."""
    keys_folder = Path(tempfile.mkdtemp(prefix="bench-keys-"))
    pool = make_camera_connections(Settings(data_dir=keys_folder, camera_connect_timeout_s=10,
                                            camera_call_timeout_s=120, camera_max_parallel=in_flight))
    thumbnailers = ProcessPoolExecutor(2)
    limit, guess = asyncio.Semaphore(in_flight), TailGuess()
    first_thumbnail: list[float] = []
    loop = asyncio.get_running_loop()
    await asyncio.gather(*(loop.run_in_executor(thumbnailers, time.sleep, 0.2) for _ in range(2)))  # start both
    started = time.perf_counter()

    async def one(remote: RemoteFile) -> ClipResult:
        async with limit:
            frames = 0 if kind == "facts" else PREVIEW_FRAMES
            result = await read_clip(session.open_clip, remote, guess, frames)
        if kind == "full" and result.status == "ok" and result.keyframes and result.probe is not None:
            pack = pack_keyframes([PackedKeyframe(0.0, data) for data in result.keyframes])
            await loop.run_in_executor(thumbnailers, make_images, result.probe.video_codec, pack)
            first_thumbnail.append(time.perf_counter() - started)
        return result

    try:
        session = await pool.session(camera.target)
        await session.disk_usage()
        clips = [remote for remote in await session.list_files(DAY.isoformat()) if remote.path.endswith(".mp4")]
        results = await asyncio.gather(*(one(remote) for remote in clips[:clip_count]))
        wall = time.perf_counter() - started
    finally:
        await pool.close()
        thumbnailers.shutdown()
    return Run(len(results), wall, session.bytes_read, min(first_thumbnail, default=None),
               sum(result.status != "ok" for result in results))


def per_clip_counts(camera: BenchCamera, clips: int) -> tuple[float, float, float]:
    """SFTP opens, SFTP read requests and exec calls per clip, as the server counted them (df, listing included)."""
    counts = camera.counts()
    return (sum(counts.sftp_opens.values()) / clips, sum(counts.sftp_reads.values()) / clips,
            counts.exec_calls / clips)


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
                    run = await scan(camera, options.clips, kind, options.in_flight)
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
    parser.add_argument("--naive-clips", type=int, default=3)
    parser.add_argument("--servers", nargs="+", choices=list(CAMERAS), default=list(CAMERAS))
    parser.add_argument("--transports", nargs="+", choices=["sftp", "exec"], default=["sftp", "exec"])
    parser.add_argument("--passes", nargs="+", choices=list(PASSES), default=list(PASSES))
    parser.add_argument("--in-flight", type=int, default=CLIPS_IN_FLIGHT, help="clips in flight per camera")
    options = parser.parse_args()
    options.cache.mkdir(parents=True, exist_ok=True)
    card = card_folder(options.cache)
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
