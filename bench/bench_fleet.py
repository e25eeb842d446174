"""Benchmark the fleet with 200 cameras: GET /api/v1/fleet (first and later), /metrics, and the home page in
Chromium until every row is drawn. Each camera has 7 days of 96 fifteen-minute clips (today up to now).

Run: .venv/bin/python bench/bench_fleet.py [--cameras 200]
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import async_playwright

from bench.bench_pages import FACTS
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import put_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.records import CameraRecord, ClipRecord, DayRecord, ScanStatus, StorageRecord
from libs.common.contracts.settings import Settings
from libs.common.documents.day_index import update_day_index
from libs.common.domain.clip_identity import ClipRef, fingerprint
from services.embedded.system import EmbeddedSystem
from tools.local_servers.asgi_server import serve_app

DAYS, CLIPS_PER_DAY, ROUNDS = 7, 96, 10
CHROMIUM = "/usr/bin/chromium"


def day_record(camera_id: str, date: str, until: datetime) -> DayRecord:
    """A day of 15-minute clips up to `until`; camera 7's days miss an hour (a gap to find)."""
    start = datetime.fromisoformat(f"{date}T00:00:00")
    clips = []
    for index in range(CLIPS_PER_DAY):
        when = start + timedelta(minutes=15 * index)
        if when + timedelta(minutes=15) > until or (camera_id.endswith("007") and 10 <= when.hour < 11):
            continue
        path = f"{date}/{when:%H}/{when:%Y%m%d-%H%M%S}.mp4"
        ref = ClipRef(camera_id, date, fingerprint(camera_id, path, 100_000_000, 1))
        clips.append(ClipRecord(clip_id=ref.clip_id, path=path, start=when, size_bytes=100_000_000, mtime=1,
                                status="ok", facts=FACTS.model_copy(update={"duration_s": 900.0})))
    return DayRecord(camera_id=camera_id, date=date, scan_id="0" * 32, clips=clips)


async def fill_camera(store: LocalFolderStore, camera_id: str, now: datetime) -> None:
    """Seven days of one camera, its storage figures and its last scan."""
    naive_now = now.replace(tzinfo=None)
    dates = [(naive_now.date() - timedelta(days=back)).isoformat() for back in range(DAYS - 1, -1, -1)]
    days = [day_record(camera_id, date, naive_now) for date in dates]
    for day in days:
        await put_json(store, keys.day_doc(camera_id, day.date), day.model_dump(mode="json"))
    await update_day_index(store, camera_id, days, None)
    storage = StorageRecord(total_bytes=256_000_000_000, used_bytes=60_000_000_000, free_bytes=196_000_000_000,
                            recordings_bytes=60_000_000_000, oldest=None, newest=None, measured=now)
    await put_json(store, keys.camera_doc(camera_id, "storage"), storage.model_dump(mode="json"))
    camera = CameraRecord(id=camera_id, host=f"{camera_id.lower()}.local", model="DomePlus", last_scan_id="0" * 32,
                          last_scan_status=ScanStatus.COMPLETED, last_scan_time=now)
    await put_json(store, keys.camera_doc(camera_id, "camera"), camera.model_dump(mode="json"))


def summary(times: list[float]) -> str:
    """Median and p95 in ms."""
    ordered = sorted(times)
    return f"median {statistics.median(ordered):7.0f} ms  p95 {ordered[max(int(0.95 * len(ordered)) - 1, 0)]:7.0f} ms"


async def timed_get(base_url: str, path: str, rounds: int) -> list[float]:
    """Wall times of `rounds` GETs of one path."""
    import httpx

    times = []
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        for _ in range(rounds):
            began = time.perf_counter()
            answer = await client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            assert answer.status_code == 200, answer.text[:200]
    return times


async def page_loads(base_url: str, cameras: int, rounds: int) -> list[float]:
    """Wall times from navigation to every camera's row drawn, in Chromium."""
    times = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = await browser.new_page()
        for _ in range(rounds):
            began = time.perf_counter()
            await page.goto(f"{base_url}/")
            await page.wait_for_function(f"document.querySelectorAll('#cameras tr[data-camera]').length === {cameras}",
                                         timeout=120_000)
            times.append((time.perf_counter() - began) * 1000)
        await browser.close()
    return times


async def main(cameras: int) -> None:
    """Fill the store, serve the embedded product, time the fleet answer, the scrape and the page."""
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), demo_camera=False, camera_host_template="{id}.invalid")
        system = EmbeddedSystem(settings)
        began = time.perf_counter()
        for number in range(cameras):
            await fill_camera(system.store, f"FLEET{number:03d}", now)
        print(f"{cameras} cameras x {DAYS} days stored in {time.perf_counter() - began:.1f} s")
        async with system, serve_app(system.web_app) as base_url:
            for label, path, rounds in (("GET /api/v1/fleet, first (verdicts computed)", "/api/v1/fleet", 1),
                                        (f"GET /api/v1/fleet, later ({ROUNDS})", "/api/v1/fleet", ROUNDS),
                                        (f"GET /metrics ({ROUNDS})", "/metrics", ROUNDS)):
                print(f"{label:<46} {summary(await timed_get(base_url, path, rounds))}")
            drawn = await page_loads(base_url, cameras, ROUNDS)
            print(f"{f'home page, every row drawn ({ROUNDS})':<46} {summary(drawn)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=200)
    asyncio.run(main(parser.parse_args().cameras))
