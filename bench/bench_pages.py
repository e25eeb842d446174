"""Benchmark the dashboard's server time with a 1,440-clip day: each page and the JSON each page fetches.

Run: .venv/bin/python bench/bench_pages.py
"""

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.media.clip_facts import ClipFacts, VideoFacts
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import ClipRecord, DayRecord, StorageRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.day_index import update_day_index
from libs.common.domain.clip_identity import ClipRef, fingerprint
from services.gateway.app import create_app
from services.gateway.state import GatewayState
from services.web.app import create_web_app

CAMERA, DATE, ROUNDS = "BENCH01", "2026-11-20", 30
FACTS = ClipFacts(container="mp4", duration_s=60.0, fragmented=False, audio=None, video=VideoFacts(
    codec="h264", profile="Main", level=4.0, width=1920, height=1080, fps=30.0, fps_nominal=30.0, bitrate_kbps=909.4,
    frames=1800, keyframe_interval_s=1.0, keyframe_interval_frames=30, keyframe_regular=True))


async def fill_store(store: LocalFolderStore) -> None:
    """One day of one clip a minute, each with a thumbnail and a preview, plus storage and the day index."""
    start = datetime.fromisoformat(f"{DATE}T00:00:00")
    clips = []
    for minute in range(1440):
        when = start + timedelta(minutes=minute)
        path = f"{DATE}/{when:%H}/{when:%Y%m%d-%H%M%S}.mp4"
        ref = ClipRef(CAMERA, DATE, fingerprint(CAMERA, path, 7_000_000, 1))
        clips.append(ClipRecord(clip_id=ref.clip_id, path=path, start=when, size_bytes=7_000_000 + minute, mtime=1,
                                status="ok", facts=FACTS, bytes_read=20_000))
        for kind in ("thumbs", "previews"):
            await store.put(keys.clip_image(kind, ref), b"RIFF")
    day = DayRecord(camera_id=CAMERA, date=DATE, scan_id="0" * 32, clips=clips)
    await put_json(store, keys.day_doc(CAMERA, DATE), day.model_dump(mode="json"))
    await update_day_index(store, CAMERA, [day], None)
    storage = StorageRecord(total_bytes=64_000_000_000, used_bytes=11_000_000_000, free_bytes=53_000_000_000,
                            recordings_bytes=10_080_000_000, oldest=start, newest=start + timedelta(days=1))
    await put_json(store, keys.camera_doc(CAMERA, "storage"), storage.model_dump(mode="json"))


async def main() -> None:
    """Serve gateway and web in process over ASGI, time each URL ROUNDS times, print median and p95 in ms."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), demo_camera=False)
        store = LocalFolderStore(Path(folder) / "store")
        await fill_store(store)
        broker = InMemoryBroker()
        await broker.start()
        gateway = create_app(GatewayState(settings, broker, store, CameraRegistry(settings),
                                          make_camera_connections(settings, store)))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway), base_url="http://gateway") as inner:
            web = create_web_app(settings, broker, inner)
            web.state.gateway = inner
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://web") as client:
                urls = ["/", f"/{CAMERA}", f"/{CAMERA}/{DATE}", "/api/v1/cameras", f"/api/v1/cameras/{CAMERA}/storage",
                        f"/api/v1/cameras/{CAMERA}/dates", f"/api/v1/cameras/{CAMERA}/recordings?date={DATE}",
                        f"/api/v1/cameras/{CAMERA}/recordings?date={DATE}&format=csv",
                        f"/api/v1/cameras/{CAMERA}/coverage?date={DATE}"]
                print(f"{'URL':<62} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'bytes':>9}")
                for url in urls:
                    times, answer = [], None
                    for _ in range(ROUNDS):
                        began = time.perf_counter()
                        answer = await client.get(url)
                        times.append((time.perf_counter() - began) * 1000)
                    assert answer is not None
                    p95 = sorted(times)[int(0.95 * len(times)) - 1]
                    print(f"{url:<62} {answer.status_code:>6} {statistics.median(times):>10.1f} {p95:>8.1f} "
                          f"{len(answer.content):>9}")
        await broker.close()


if __name__ == "__main__":
    asyncio.run(main())
