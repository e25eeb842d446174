"""A day of 1080p clips scanned by the embedded product as `make run` starts it: thumbnails, previews, CPU and cores.

Run: .venv/bin/python bench/bench_embedded_day.py [--clips 1440] [--links loopback 5] [--naive-clips 3]
     [--settings NAME=VALUE ...] [--product DIR]

The day of bench_metadata_scan.py (one-minute 1080p30 clips, ~0.9 Mbit/s, 6.9 MB each; --clips N takes its first
N) is served by the camera simulator in its own process, over SFTP, on plain loopback or behind the camera-like
link `python -m libs.camera_simulator.slow_link` (5 ms each way, 5 MB/s). `python -m services.embedded` runs as
its own process with only that camera registered (its image worker processes are its children). The bench POSTs
a scan with thumbnails and previews and follows the scan's SSE stream from the web port. Times are from the POST:
first and last `clip.thumbnail`, the camera part collected (first `scan.progress` in an image phase), last
`clip.preview`, `scan.completed`. CPU is the embedded process and its children (from /proc, sampled every 0.2 s):
per clip over the whole scan (in brackets: of which the image worker processes), and cores busy = CPU seconds /
wall seconds over the whole scan and over the image phases (collected to completed). Link limit = bytes read /
5 MB/s. Naive = download each whole clip over SFTP on the same link, `ffprobe`, `ffmpeg` thumbnail, `ffmpeg`
animated preview (bench/naive_way.py). Prints Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import DAY, card_folder
from bench.bench_wire_speed import first_clips_card
from bench.embedded_process import REPO, CpuSampler, embedded_process
from bench.naive_way import naive_seconds_per_clip
from bench.wire_cameras import simulator_camera
from libs.camera_simulator.link_timing import LinkShape
from libs.common.service.logging_setup import configure_logging

RATE = 5_000_000
IMAGE_PHASES = ("thumbnails", "previews")


@dataclass
class ScanTimes:
    """Seconds from the POST to each moment of one scan (None: not seen)."""

    started: float
    first_thumbnail: float | None = None
    last_thumbnail: float | None = None
    collected: float | None = None
    last_preview: float | None = None
    completed: float | None = None
    kinds: dict[str, int] = field(default_factory=dict)

    def see(self, kind: str, data: dict[str, object]) -> None:
        """Note one event's moment."""
        now = time.perf_counter() - self.started
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind == "clip.thumbnail":
            self.first_thumbnail = self.first_thumbnail or now
            self.last_thumbnail = now
        elif kind == "clip.preview":
            self.last_preview = now
        elif kind == "scan.progress" and data.get("phase") in IMAGE_PHASES and self.collected is None:
            self.collected = now
        elif kind in ("scan.completed", "scan.failed"):
            self.completed = now


async def follow(api: httpx.AsyncClient, scan_id: str, times: ScanTimes, timeout_s: float) -> None:
    """Read the scan's SSE stream to its end, noting each event's moment as it arrives."""
    url = f"/api/v1/scans/{scan_id}/events"
    async with api.stream("GET", url, headers={"Accept": "text/event-stream"}, timeout=timeout_s) as answer:
        kind = ""
        async for line in answer.aiter_lines():
            if line.startswith("event:"):
                kind = line.partition(":")[2].strip()
            elif line.startswith("data:"):
                times.see(kind, json.loads(line.partition(":")[2]))
                if kind in ("scan.completed", "scan.failed"):
                    return


def cell(value: float | None, digits: int = 2) -> str:
    """A number for the table, '-' for none."""
    return "-" if value is None else f"{value:.{digits}f}"


async def bench_link(card: Path, work: Path, shape: LinkShape, options: argparse.Namespace) -> str:
    """One scan of the card over one link by the embedded product, and the naive way on the same link."""
    settings = dict(pair.split("=", 1) for pair in options.settings)
    async with simulator_camera(card, True, shape, work) as camera:
        clips = sorted(path.relative_to(card).as_posix() for path in (card / DAY.isoformat()).rglob("*.mp4"))
        naive = await naive_seconds_per_clip(camera.target, clips[: options.naive_clips], work)
        async with embedded_process(camera.target, work, options.product, **settings) as product:
            load = os.getloadavg()[0]
            sampler, stop = CpuSampler(product.process.pid), asyncio.Event()
            sampling = asyncio.create_task(sampler.run(stop))
            await asyncio.sleep(0.5)  # the worker processes are up: their start-up is not the scan's CPU
            cpu_before = sampler.sample(), sampler.children_s()
            times = ScanTimes(time.perf_counter())
            answer = await product.api.post(f"/api/v1/cameras/{camera.target.camera_id}/scans",
                                            json={"thumbnails": True, "previews": True})
            answer.raise_for_status()
            scan_id = answer.json()["scan_id"]
            await follow(product.api, scan_id, times, options.timeout)
            stop.set()
            await sampling
            view = (await product.api.get(f"/api/v1/scans/{scan_id}")).json()
    return row(shape, view, times, sampler, cpu_before, naive, load)


def row(shape: LinkShape, view: dict[str, object], times: ScanTimes, sampler: CpuSampler,
        cpu_before: tuple[float, float], naive: float, load: float) -> str:
    """One Markdown row."""
    progress = view["progress"]
    assert isinstance(progress, dict)
    clips, wall = int(progress["clips_total"]), times.completed or float("nan")
    cpu, images_cpu = sampler.samples[-1][1] - cpu_before[0], sampler.children_s() - cpu_before[1]
    limit = progress["bytes_read"] / RATE if shape.shaped else None
    image_cores = None
    if times.collected is not None and times.completed is not None:
        image_cpu = sampler.at(times.started + times.completed) - sampler.at(times.started + times.collected)
        image_cores = image_cpu / (times.completed - times.collected)
    return " | ".join([
        f"| {shape}", str(view["status"]), str(clips), f"{progress['thumbnails_done']}/{progress['previews_done']}",
        cell(times.first_thumbnail), cell(times.last_thumbnail), cell(times.collected), cell(times.last_preview),
        cell(wall), cell(limit), cell(times.last_thumbnail / limit if limit and times.last_thumbnail else None),
        cell(wall / limit if limit else None), f"{naive:.2f}", f"{naive * clips / wall:.0f}x",
        f"{cpu * 1000 / clips:.0f} ({images_cpu * 1000 / clips:.0f})", cell(cpu / wall), cell(image_cores),
        f"{load:.1f} |",
    ])


async def main() -> None:
    """Build or reuse the day, then bench each link."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sdb-bench" / "metadata-day")
    parser.add_argument("--clips", type=int, default=1440)
    parser.add_argument("--links", nargs="+", default=["loopback", "5"], help="'loopback' or one-way ms")
    parser.add_argument("--naive-clips", type=int, choices=range(1, 101), default=3, metavar="1..100")
    parser.add_argument("--settings", nargs="*", default=[], metavar="NAME=VALUE",
                        help="SDB_ settings of the embedded product, e.g. image_processes=1")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--product", type=Path, default=REPO,
                        help="the checkout whose embedded product runs, e.g. an older commit unpacked by git archive")
    options = parser.parse_args()
    configure_logging("warning")
    options.cache.mkdir(parents=True, exist_ok=True)
    card = first_clips_card(card_folder(options.cache), options.clips)
    print(f"card: {card}; {os.cpu_count()} cores; product {options.product}; "
          f"settings {options.settings or 'default'}\n")
    print("| link | status | clips | thumbnails/previews | first thumbnail s | all thumbnails s | collected s | "
          "all previews s | scan s | link limit s | thumbnails / limit | scan / limit | naive s/clip | vs naive | "
          "CPU ms/clip (image processes) | cores busy (scan) | cores busy (image phases) | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-embedded-") as scratch:
        for link in options.links:
            shape = LinkShape() if link == "loopback" else LinkShape.of(float(link), RATE)
            print(await bench_link(card, Path(scratch), shape, options), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
