"""Benchmark the thumbnail farm end to end on a simulated 1080p camera over SSH, against the naive way.

Run: .venv/bin/python bench/bench_thumbnail_farm.py [clips]   (default 60 one-minute 1080p30 ~0.9 Mbit/s clips)
Replicas are ThumbnailWorker instances (one decoder each) in this process on the in-process broker. The first
table is the time to a day's last thumbnail with one replica (a thumbnail job and a lower-priority preview job per
clip; the one-job-per-clip comparison of issue 10 went with the one-job message in issue 20).
"""

import asyncio
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.naive_way import naive_seconds_per_clip
from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.server import RunningSimulator, start_simulator
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import TERMINAL_EVENTS, ClipPreviewEvent, ClipThumbnailEvent, open_event
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from services.thumbnailer.image_maker import ImageMaker
from services.thumbnailer.worker import ThumbnailWorker
from tests.sample_card import PASSWORD, USER

NAIVE_CLIPS = 4


def cpu_s() -> float:
    """User + system CPU seconds of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


async def farm_run(simulator: RunningSimulator, data_dir: Path, replicas: int) -> dict[str, float]:
    """One full scan with thumbnails and previews into an empty store; wall, CPU, bytes, images per second."""
    settings = Settings(data_dir=data_dir, camera_host_template="{id}.invalid", thumbnail_concurrency=1)
    system = EmbeddedSystem(settings, [simulator.target("CAM01")])
    extra = [ThumbnailWorker(system.broker, system.store, 1, settings.thumbnail_prefetch) for _ in range(replicas - 1)]
    await system.start()
    for worker in extra:
        await worker.start()
    ended = asyncio.Event()

    async def on_event(message: Envelope) -> None:
        if isinstance(open_event(message), TERMINAL_EVENTS):
            ended.set()

    await system.broker.subscribe_events(on_event)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=system.gateway_app), base_url="http://gw")
    try:
        wall, cpu = time.perf_counter(), cpu_s()
        scan_id = (await client.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"]
        await ended.wait()
        wall, cpu = time.perf_counter() - wall, cpu_s() - cpu
        scan = (await client.get(f"/api/v1/scans/{scan_id}")).json()
    finally:
        await client.aclose()
        await system.stop()
    progress = scan["progress"]
    clips = progress["thumbnails_done"]
    return {"clips": clips, "wall_s": wall, "per_clip_ms": 1000 * wall / clips, "thumbs_per_s": clips / wall,
            "cpu_ms_per_clip": 1000 * cpu / clips, "bytes_per_clip": progress["bytes_read"] / clips,
            "image_bytes_per_clip": progress["image_bytes_read"] / clips}


async def first_look_run(simulator: RunningSimulator, data_dir: Path, day: str) -> dict[str, float]:
    """One scan of the day (the day asked for: its image jobs at the on-screen priority) into an empty store with
    one replica; seconds from the POST to the last thumbnail, the last preview and scan.completed."""
    settings = Settings(data_dir=data_dir, camera_host_template="{id}.invalid", thumbnail_concurrency=1)
    system = EmbeddedSystem(settings, [simulator.target("CAM01")])
    await system.start()
    seen: dict[str, float] = {}
    ended = asyncio.Event()

    async def on_event(message: Envelope) -> None:
        event = open_event(message)
        if isinstance(event, ClipThumbnailEvent | ClipPreviewEvent):
            seen[event.kind] = time.perf_counter()
        elif isinstance(event, TERMINAL_EVENTS):
            seen[event.kind] = time.perf_counter()
            ended.set()

    await system.broker.subscribe_events(on_event)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=system.gateway_app), base_url="http://gw")
    try:
        start = time.perf_counter()
        await client.post("/api/v1/cameras/CAM01/scans", json={"dates": [day]})
        await ended.wait()
    finally:
        await client.aclose()
        await system.stop()
    return {kind: moment - start for kind, moment in seen.items()}


def decode_loop(data_dir: Path) -> tuple[float, float]:
    """Thumbnails/s and thumbnail+preview ms per clip of one ImageMaker over the stored keyframe packs (one core)."""
    packs = [path.read_bytes() for path in (data_dir / "store").rglob("*.bin") if "keyframes" in path.parts]
    maker = ImageMaker()
    maker.make("h264", packs[0], False)
    start = time.process_time()
    for pack in packs:
        maker.make("h264", pack, False)
    thumbs_per_s = len(packs) / (time.process_time() - start)
    start = time.process_time()
    for pack in packs:
        maker.make("h264", pack, True)
    return thumbs_per_s, 1000 * (time.process_time() - start) / len(packs)


async def first_look_table(card: Path, scratch: Path, day: str) -> None:
    """Time to the day's last thumbnail, last preview and scan end, on both links, one replica."""
    print("| link | last thumbnail s | last preview s | scan completed s |")
    print("|---|---|---|---|")
    for label, throttle in (("fast", {}), ("4 MB/s + 20 ms", {"latency_ms": 20, "rate_bytes_per_s": 4_000_000})):
        simulator = await start_simulator(card, port=0, user=USER, password=PASSWORD, **throttle)
        try:
            row = await first_look_run(simulator, scratch / f"first-{label[:4]}", day)
            print(f"| {label} | {row['clip.thumbnail']:.2f} | {row['clip.preview']:.2f} | "
                  f"{row['scan.completed']:.2f} |")
        finally:
            await simulator.close()
    print()


async def main(clip_count: int) -> None:
    """Build the card, then run every measurement and print a Markdown table."""
    with tempfile.TemporaryDirectory(prefix="bench-farm-") as scratch_name:
        scratch = Path(scratch_name)
        card = build_card(scratch / "sdcard", days=[date(2026, 11, 20)], hours=range((clip_count + 29) // 30),
                          clips_per_hour=min(30, clip_count), width=1920, height=1080, fps=30, bitrate_kbps=900,
                          hardlink=True, broken=False)
        clips = sorted(p.relative_to(card).as_posix() for p in card.rglob("*.mp4"))
        clip_bytes = sum((card / p).stat().st_size for p in clips) / len(clips)
        print(f"{len(clips)} clips of 1080p30 ~0.9 Mbit/s, {clip_bytes / 1e6:.2f} MB each\n")
        await first_look_table(card, scratch, "2026-11-20")
        print("| run | per clip ms | thumbs/s | CPU ms/clip | bytes read/clip | image bytes/clip | % of clip |")
        print("|---|---|---|---|---|---|---|")
        for label, throttle in (("fast", {}), ("4 MB/s + 20 ms", {"latency_ms": 20, "rate_bytes_per_s": 4_000_000})):
            simulator = await start_simulator(card, port=0, user=USER, password=PASSWORD, **throttle)
            try:
                for replicas in (1, 2):
                    data_dir = scratch / f"data-{label[:4]}-{replicas}"
                    row = await farm_run(simulator, data_dir, replicas)
                    print(f"| farm, {replicas} replica(s), {label} | {row['per_clip_ms']:.0f} | "
                          f"{row['thumbs_per_s']:.1f} | {row['cpu_ms_per_clip']:.0f} | {row['bytes_per_clip']:.0f} | "
                          f"{row['image_bytes_per_clip']:.0f} | {100 * row['image_bytes_per_clip'] / clip_bytes:.2f} "
                          f"(all reads {100 * row['bytes_per_clip'] / clip_bytes:.2f}) |")
                naive = 1000 * await naive_seconds_per_clip(simulator.target(), clips[:NAIVE_CLIPS], scratch)
                print(f"| naive (SFTP whole clip + ffprobe + ffmpeg), {label} | {naive:.0f} | "
                      f"{1000 / naive:.2f} | - | {clip_bytes:.0f} | {clip_bytes:.0f} | 100 |")
            finally:
                await simulator.close()
        thumbs_per_s, both_ms = decode_loop(scratch / "data-fast-1")
        print(f"\ndecode loop, one core: {thumbs_per_s:.0f} thumbnails/s; "
              f"thumbnail + preview {both_ms:.1f} ms CPU per clip")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
