"""Benchmark range export: one hour of one-minute 720p15 clips (~0.9 Mbit/s, AAC) as one MP4 and as a zip, over a
camera-like link and over loopback, against the physical limit (bytes read / link rate); and a 10-minute range
that starts and ends mid-clip, where the MP4 reads only the range and the zip (like copying clips) reads them whole.

Run: .venv/bin/python bench/bench_export.py [--cache DIR] [--servers simulator OpenSSH] [--links 0 5 20]
     [--rate 5000000]

The card is built once under the cache folder (hard-linked clips). Each camera (the simulator, or OpenSSH's sshd
with its sftp-server logging every request) runs in its own process; a loopback scan stores the clips' facts. Then
every export gets a fresh camera, behind the slow-link TCP proxy (`python -m libs.camera_simulator.slow_link`, its
own process: the one-way delay in each direction, the rate each way), and a gateway served by uvicorn streams the
export to an HTTP client that counts the bytes. The camera counts the opens. Prints Markdown table rows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import uuid4

import httpx
import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.wire_cameras import CAMERAS, BenchCamera
from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.link_timing import LinkShape
from libs.camera_simulator.request_counts import RequestCounts
from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.camera.registry import CameraRegistry
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import ObjectStore
from libs.common.contracts.messages import ScanRequested
from libs.common.contracts.settings import Settings
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.service.logging_setup import configure_logging
from services.collector.scan_context import ScanContext
from services.collector.scan_runner import ScanRunner
from services.gateway.app import create_app
from services.gateway.state import GatewayState
from tools.local_servers.asgi_server import serve_app

DAY = date(2026, 11, 22)
RANGES = {"1 h": {"start": "2026-11-22T02:00:00Z", "end": "2026-11-22T03:00:00Z"},
          "10 min mid-clip": {"start": "2026-11-22T02:00:30Z", "end": "2026-11-22T02:10:30Z"}}
BUILT_MARKER = "card-complete"
CameraFactory = Callable[[Path, bool, LinkShape, Path], AbstractAsyncContextManager[BenchCamera]]
HEADER = ("| camera | link | range | format | MB out | MB read | first byte s | s | MB/s out | bytes read / rate s | "
          "ratio | opens/clip | load |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|")


@dataclass(frozen=True)
class Figures:
    """One export over one link."""

    camera: str
    link: LinkShape
    range: str
    format: str
    seconds: float
    first_byte_s: float
    bytes_out: int
    bytes_read: int
    counts: RequestCounts
    load: float

    def opens_per_clip(self) -> float:
        """SFTP opens of clip files per clip the export touched, as the camera counted them."""
        opens = {path: count for path, count in self.counts.sftp_opens.items() if path.endswith(".mp4")}
        return sum(opens.values()) / max(len(opens), 1)

    def row(self) -> str:
        """One Markdown table row: with a rate, the physical limit and how far above it the export ran."""
        rate = self.link.rate_bytes_per_s
        limit = f"{self.bytes_read / rate:.1f}" if rate else "-"
        ratio = f"{self.seconds / (self.bytes_read / rate):.3f}" if rate else "-"
        return (f"| {self.camera} | {self.link} | {self.range} | {self.format} | {self.bytes_out / 1e6:.1f} | "
                f"{self.bytes_read / 1e6:.1f} | {self.first_byte_s:.2f} | {self.seconds:.1f} | "
                f"{self.bytes_out / 1e6 / self.seconds:.1f} | {limit} | {ratio} | {self.opens_per_clip():.2f} | "
                f"{self.load:.1f} |")


def card_folder(cache: Path) -> Path:
    """One hour (02:00-03:00) of one-minute clips under cache, built the first time."""
    card = cache / "sdcard"
    if not (cache / BUILT_MARKER).exists():
        build_card(card, days=[DAY], hours=[2], clips_per_hour=60, clip_seconds=60.0, width=1280, height=720,
                   fps=15, bitrate_kbps=900, audio=True, broken=False, hardlink=True)
        (cache / BUILT_MARKER).write_text("ok\n")
    return card


def _gateway_settings(work: Path) -> Settings:
    return Settings(data_dir=work, demo_camera=False)


async def scan(target: CameraTarget, settings: Settings, store: ObjectStore) -> None:
    """Store the clips' facts with a metadata scan."""
    broker = InMemoryBroker()
    await broker.start()
    cameras = make_camera_connections(settings, store)
    ctx = ScanContext(settings, broker, store, CameraRegistry(settings, [target]), cameras)
    request = ScanRequested(scan_id=uuid4().hex, camera_id=target.camera_id, dates=[DAY.isoformat()],
                            thumbnails=False, previews=False)
    try:
        await ScanRunner(ctx, request).run()
    finally:
        await cameras.close()
        await broker.close()
    assert (await load_scan(store, request.scan_id)).status == "completed"


async def _stream(target: CameraTarget, settings: Settings, store: ObjectStore, params: dict[str, str]
                  ) -> tuple[float, float, int, int]:
    """Stream one export through a served gateway: (seconds, first byte s, bytes out, bytes read)."""
    cameras = make_camera_connections(settings, store)
    app = create_app(GatewayState(settings, InMemoryBroker(), store, CameraRegistry(settings, [target]), cameras))
    try:
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url, timeout=300) as client:
            with structlog.testing.capture_logs() as logs:
                began, first, total = time.perf_counter(), 0.0, 0
                async with client.stream("GET", f"/api/v1/cameras/{target.camera_id}/export",
                                         params=params) as answer:
                    assert answer.status_code == 200, await answer.aread()
                    async for chunk in answer.aiter_raw():
                        first = first or time.perf_counter() - began
                        total += len(chunk)
                elapsed = time.perf_counter() - began
    finally:
        await cameras.close()
    finished = next(entry for entry in logs if entry["event"] == "export finished")
    return elapsed, first, total, finished["bytes_read"]


async def export(camera: tuple[str, CameraFactory], card: Path, work: Path, store: ObjectStore, link: LinkShape,
                 range_name: str, format: str) -> Figures:
    """One export from a fresh camera process behind its own link process."""
    name, factory = camera
    async with factory(card, True, link, work) as bench_camera:
        seconds, first, out, read = await _stream(bench_camera.target, _gateway_settings(work), store,
                                                  {**RANGES[range_name], "format": format})
    return Figures(name, link, range_name, format, seconds, first, out, read, bench_camera.counts(),
                   os.getloadavg()[0])


async def bench_camera_kind(camera: tuple[str, CameraFactory], card: Path, work: Path, links: list[LinkShape]) -> None:
    """Scan the card once on loopback through this kind of camera, then print a row per link, range and format."""
    store = LocalFolderStore(work / f"store-{camera[0]}")
    async with camera[1](card, True, LinkShape(), work) as loopback:
        await scan(loopback.target, _gateway_settings(work), store)
    for link in links:
        ranges = ["1 h", "10 min mid-clip"] if link.delay_s == 0.005 else ["1 h"]
        for range_name in ranges:
            for format in ("mp4", "zip"):
                print((await export(camera, card, work, store, link, range_name, format)).row(), flush=True)


async def main() -> None:
    """Build or reuse the card, then for each kind of camera scan it and export over each link."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sdb-bench" / "export-hour")
    parser.add_argument("--servers", nargs="+", choices=list(CAMERAS), default=list(CAMERAS))
    parser.add_argument("--links", nargs="+", type=float, default=[0.0, 5.0, 20.0],
                        help="one-way delays in ms (0 = plain loopback, no rate limit)")
    parser.add_argument("--rate", type=float, default=5_000_000, help="link rate, bytes/s each direction")
    options = parser.parse_args()
    configure_logging()  # log lines to stderr, the table to stdout
    options.cache.mkdir(parents=True, exist_ok=True)
    card = card_folder(options.cache)
    links = [LinkShape.of(delay, options.rate if delay else 0.0) for delay in options.links]
    work = options.cache / f"runs-{uuid4().hex[:8]}"
    work.mkdir()
    print(HEADER, flush=True)
    try:
        for server in options.servers:
            await bench_camera_kind((server, CAMERAS[server]), card, work, links)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
