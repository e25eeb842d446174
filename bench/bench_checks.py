"""Benchmark the recording checks: a 1,440-clip day judged from stored facts, server time per request.

Run: .venv/bin/python bench/bench_checks.py
"""

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.media.clip_facts import (
    CLIP_FACTS_VERSION,
    AudioFacts,
    ClipFacts,
    ClipTiming,
    FrameStep,
    VideoFacts,
)
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.checks import CheckQuery
from libs.common.contracts.records import ClipRecord, DayRecord, ScanRecord, StorageRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.check_run import load_check_run
from libs.common.documents.day_index import update_day_index
from libs.common.domain.checks.runner import run_checks
from libs.common.domain.clip_identity import ClipRef, fingerprint
from libs.common.domain.schedule import WEEKDAYS
from services.gateway.app import create_app
from services.gateway.state import GatewayState

CAMERA, DATE, ROUNDS = "BENCH01", "2026-11-20", 30
SCAN_ID = "0" * 32
VIDEO = VideoFacts(codec="h264", profile="Main", level=4.0, width=1920, height=1080, fps=30.0, fps_nominal=None,
                   bitrate_kbps=909.4, frames=1800, keyframe_interval_s=1.0, keyframe_interval_frames=30,
                   keyframe_regular=True)
AUDIO = AudioFacts(codec="aac", sample_rate=16000, channels=1)


def facts(minute: int) -> ClipFacts:
    """A one-minute 1080p30 clip; every 97th drops 12 frames, so the day has some issues to report."""
    dropped = minute % 97 == 13
    steps = [FrameStep(at_s=20.0, step_s=0.433, missing_frames=12)] if dropped else []
    timing = ClipTiming(frame_step_s=1 / 30, long_steps=steps, long_step_count=len(steps),
                        missing_frames=12 if dropped else 0, backwards_steps=0, first_is_keyframe=True,
                        max_keyframe_interval_s=1.0, video_duration_s=60.0, audio_duration_s=60.02)
    return ClipFacts(container="mp4", duration_s=60.02, video=VIDEO, audio=AUDIO, fragmented=False, timing=timing)


async def fill_store(store: LocalFolderStore) -> None:
    """One continuous day of one clip a minute (a 10-minute hole at 14:00), schedule, storage, scan, index."""
    start = datetime.fromisoformat(f"{DATE}T00:00:00")
    clips = []
    for minute in [m for m in range(1440) if not 840 <= m < 850]:
        when = start + timedelta(minutes=minute)
        path = f"{DATE}/{when:%H}/{when:%Y%m%d-%H%M%S}.mp4"
        ref = ClipRef(CAMERA, DATE, fingerprint(CAMERA, path, 7_000_000, 1))
        closed = int(when.replace(tzinfo=UTC).timestamp() + 61)
        clips.append(ClipRecord(clip_id=ref.clip_id, path=path, start=when, size_bytes=7_000_000 + minute,
                                mtime=closed, status="ok", facts=facts(minute), bytes_read=36_000,
                                facts_version=CLIP_FACTS_VERSION))
    day = DayRecord(camera_id=CAMERA, date=DATE, scan_id=SCAN_ID, clips=clips)
    await put_json(store, keys.day_doc(CAMERA, DATE), day.model_dump(mode="json"))
    await update_day_index(store, CAMERA, [day], None)
    storage = StorageRecord(total_bytes=64_000_000_000, used_bytes=11_000_000_000, free_bytes=53_000_000_000,
                            recordings_bytes=10_080_000_000, oldest=start, newest=start + timedelta(days=1))
    await put_json(store, keys.camera_doc(CAMERA, "storage"), storage.model_dump(mode="json"))
    await put_json(store, keys.camera_doc(CAMERA, "schedule"), {"days": {day: ["continuous"] * 48 for day in WEEKDAYS}})
    scan = ScanRecord(scan_id=SCAN_ID, camera_id=CAMERA, status="completed", started=start + timedelta(days=1, hours=1))
    await put_json(store, keys.scan_doc(SCAN_ID), scan.model_dump(mode="json"))


async def timed(client: httpx.AsyncClient, url: str) -> tuple[list[float], list[float], httpx.Response]:
    """ROUNDS requests of url: their wall and CPU times in ms, and the last answer."""
    walls, cpus, answer = [], [], None
    for _ in range(ROUNDS):
        began, began_cpu = time.perf_counter(), time.process_time()
        answer = await client.get(url)
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((time.process_time() - began_cpu) * 1000)
    assert answer is not None and answer.status_code == 200, answer
    return walls, cpus, answer


def row(label: str, walls: list[float], cpus: list[float], size: int | str) -> None:
    """One printed result row: wall median and p95, CPU median."""
    p95 = sorted(walls)[max(int(0.95 * len(walls)) - 1, 0)]
    print(f"{label:<44} {statistics.median(walls):>10.1f} {p95:>8.1f} {statistics.median(cpus):>8.1f} {size:>8}")


def naive_ffprobe_ms(folder: Path) -> float:
    """ffprobe -show_packets of one local 60 s 1080p30 clip (what finding drops without an index summary costs)."""
    clip = folder / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=60",
                    "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "900k", str(clip)], check=True)
    began = time.perf_counter()
    subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_packets", "-of", "csv", str(clip)],
                   check=True, capture_output=True)
    return (time.perf_counter() - began) * 1000


async def main() -> None:
    """Time the checks API over ASGI (gateway only), then the pure rules on the loaded day."""
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), demo_camera=False)
        store = LocalFolderStore(Path(folder) / "store")
        await fill_store(store)
        broker = InMemoryBroker()
        await broker.start()
        state = GatewayState(settings, broker, store, CameraRegistry(settings),
                             make_camera_connections(settings, store))
        gateway = create_app(state)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway), base_url="http://gateway") as client:
            print(f"{'request':<44} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'bytes':>8}")
            base = f"/api/v1/cameras/{CAMERA}/checks"
            for label, url in (("checks?date= (JSON)", f"{base}?date={DATE}"),
                               ("checks?date=&format=junit", f"{base}?date={DATE}&format=junit"),
                               ("checks?date=&format=csv", f"{base}?date={DATE}&format=csv")):
                walls, cpus, answer = await timed(client, url)
                row(label, walls, cpus, len(answer.content))
            await store.delete(keys.camera_doc(CAMERA, "check_verdicts"))
            began, began_cpu = time.perf_counter(), time.process_time()
            answer = await client.get(f"{base}/days")
            row("checks/days (first look: judged)", [(time.perf_counter() - began) * 1000],
                [(time.process_time() - began_cpu) * 1000], len(answer.content))
            walls, cpus, answer = await timed(client, f"{base}/days")
            row("checks/days (kept verdicts)", walls, cpus, len(answer.content))
            print(f"issues found: {(await client.get(f'{base}?date={DATE}')).json()['summary']}")
            loads, rules = [], []
            for _ in range(ROUNDS):
                began = time.process_time()
                run = await load_check_run(state, CAMERA, (DATE, DATE), CheckQuery())
                loaded = time.process_time()
                run_checks(CAMERA, DATE, DATE, run.days, run.setup)
                loads.append((loaded - began) * 1000)
                rules.append((time.process_time() - loaded) * 1000)
            row("  of which: loading the documents (CPU)", loads, loads, "-")
            row("  of which: the rules, run_checks (CPU)", rules, rules, "-")
        await broker.close()
        probe_ms = naive_ffprobe_ms(Path(folder))
        print(f"naive: ffprobe -show_packets of one local 60 s clip {probe_ms:.0f} ms -> x1,440 = "
              f"{probe_ms * 1440 / 1000:.0f} s, plus reading every clip whole from the camera")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
