"""Benchmark range export: one hour of one-minute 720p15 clips (~0.9 Mbit/s, AAC) as one MP4 and as a zip, over a
camera-like link and over loopback, against the physical limit (bytes read / link rate); and a 10-minute range
that starts and ends mid-clip, where the MP4 reads only the range and the zip (like copying clips) reads them whole.

Run: .venv/bin/python bench/bench_export.py [--cache DIR] [--latency-ms 10] [--rate-bytes-per-s 5000000]

The card is built once under the cache folder (hard-linked clips) and served by the camera simulator in its own
process. A loopback scan stores the clips' facts; then, per link, a gateway served by uvicorn streams the export to
an HTTP client that counts the bytes. The camera-like link is the simulator's Throttle: the latency is added to every
read request (10 ms = 5 ms each way) and each read is sent at the rate. Prints Markdown table rows.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import uuid4

import httpx
import structlog
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_metadata_scan import PASSWORD, USER, simulator
from libs.camera_simulator.card_builder import build_card
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import load_scan
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner
from services.gateway.app import create_app
from services.gateway.state import GatewayState
from tools.local_servers.asgi_server import serve_app

DAY = date(2026, 11, 22)
CAMERA = "BENCHEXPORT"
RANGES = {"1 h": {"start": "2026-11-22T02:00:00Z", "end": "2026-11-22T03:00:00Z"},
          "10 min mid-clip": {"start": "2026-11-22T02:00:30Z", "end": "2026-11-22T02:10:30Z"}}
BUILT_MARKER = "card-complete"


@dataclass(frozen=True)
class Figures:
    """One export over one link."""

    link: str
    range: str
    format: str
    seconds: float
    first_byte_s: float
    bytes_out: int
    bytes_read: int
    rate: int

    def row(self) -> str:
        """One Markdown table row: with a rate, the physical limit and how far above it the export ran."""
        limit = f"{self.bytes_read / self.rate:.1f}" if self.rate else "-"
        ratio = f"{self.seconds / (self.bytes_read / self.rate):.3f}" if self.rate else "-"
        return (f"| {self.link} | {self.range} | {self.format} | {self.bytes_out / 1e6:.1f} | "
                f"{self.bytes_read / 1e6:.1f} | {self.first_byte_s:.2f} | {self.seconds:.1f} | "
                f"{self.bytes_out / 1e6 / self.seconds:.1f} | {limit} | {ratio} |")


def card_folder(cache: Path) -> Path:
    """One hour (02:00-03:00) of one-minute clips under cache, built the first time."""
    card = cache / "sdcard"
    if not (cache / BUILT_MARKER).exists():
        build_card(card, days=[DAY], hours=[2], clips_per_hour=60, clip_seconds=60.0, width=1280, height=720,
                   fps=15, bitrate_kbps=900, audio=True, broken=False, hardlink=True)
        (cache / BUILT_MARKER).write_text("ok\n")
    return card


def target(port: int) -> CameraTarget:
    """The simulated camera on a loopback port."""
    return CameraTarget(camera_id=CAMERA, host="127.0.0.1", port=port, user=USER, password=SecretStr(PASSWORD),
                        config_ini="/etc/camera/camera.ini")


async def scan(card: Path, settings: Settings, store: ObjectStore) -> None:
    """Store the clips' facts with a loopback metadata scan."""
    broker = InMemoryBroker()
    await broker.start()
    async with simulator(card, True, 0.0) as port:
        cameras = make_camera_connections(settings)
        ctx = ScanContext(settings, broker, store, CameraRegistry(settings, [target(port)]), cameras)
        request = ScanRequested(scan_id=uuid4().hex, camera_id=CAMERA, dates=[DAY.isoformat()], thumbnails=False,
                                previews=False)
        try:
            await ScanRunner(ctx, request).run()
        finally:
            await cameras.close()
            await broker.close()
    assert (await load_scan(store, request.scan_id)).status == "completed"


async def export(card: Path, settings: Settings, store: ObjectStore, link: str, latency_ms: float, rate: int,
                 range_name: str, format: str) -> Figures:
    """Stream one export through a served gateway, counting bytes and time."""
    async with simulator(card, True, latency_ms, rate) as port:
        cameras = make_camera_connections(settings)
        broker = InMemoryBroker()
        app = create_app(GatewayState(settings, broker, store, CameraRegistry(settings, [target(port)]), cameras))
        try:
            async with serve_app(app) as url, httpx.AsyncClient(base_url=url, timeout=120) as client:
                with structlog.testing.capture_logs() as logs:
                    began, first, total = time.perf_counter(), 0.0, 0
                    async with client.stream("GET", f"/api/v1/cameras/{CAMERA}/export",
                                             params={**RANGES[range_name], "format": format}) as answer:
                        assert answer.status_code == 200, await answer.aread()
                        async for chunk in answer.aiter_raw():
                            first = first or time.perf_counter() - began
                            total += len(chunk)
                    elapsed = time.perf_counter() - began
        finally:
            await cameras.close()
    finished = next(entry for entry in logs if entry["event"] == "export finished")
    return Figures(link, range_name, format, elapsed, first, total, finished["bytes_read"], rate)


async def main() -> None:
    """Build or reuse the card, scan it, export the hour over each link, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sdb-bench" / "export-hour")
    parser.add_argument("--latency-ms", type=float, default=10.0, help="added to every camera request (round trip)")
    parser.add_argument("--rate-bytes-per-s", type=int, default=5_000_000, help="camera link rate")
    options = parser.parse_args()
    options.cache.mkdir(parents=True, exist_ok=True)
    card = card_folder(options.cache)
    work = options.cache / f"runs-{uuid4().hex[:8]}"
    settings = Settings(data_dir=work, demo_camera=False)
    store = LocalFolderStore(work / "store")
    try:
        await scan(card, settings, store)
        print("| link | range | format | MB out | MB read | first byte s | s | MB/s out | bytes read / rate s | "
              "ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        camera_like = f"{options.latency_ms:g} ms RTT, {options.rate_bytes_per_s / 1e6:g} MB/s"
        runs = [("loopback", 0.0, 0, "1 h"), (camera_like, options.latency_ms, options.rate_bytes_per_s, "1 h"),
                (camera_like, options.latency_ms, options.rate_bytes_per_s, "10 min mid-clip")]
        for link, latency, rate, range_name in runs:
            for format in ("mp4", "zip"):
                figures = await export(card, settings, store, link, latency, rate, range_name, format)
                print(figures.row(), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
