"""The fleet page with many cameras: more cameras cloned from the watched ones' stored documents, registered at an
address nobody answers, and the page (`/`, `GET /api/v1/fleet`, Chromium until every row shows) timed."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path

from playwright.async_api import async_playwright
from pydantic import SecretStr

from bench.embedded_process import EmbeddedProcess
from bench.tick_log import percentile
from libs.common.adapters.camera.target import CameraTarget
from tools.local_servers.ports import free_port

ROUNDS = 20
CAMERA_FOLDERS = ("cameras", "clips")  # a camera's documents (days, storage, clock, schedule) and its clip facts


def clone_cameras(store: Path, sources: list[str], count: int, prefix: str = "COPY") -> list[str]:
    """`count` new camera ids whose stored documents are copies of the sources' (taken in turn), the id inside
    each document rewritten; their watches are not copied (they show idle)."""
    ids = []
    for number in range(count):
        source, camera_id = sources[number % len(sources)], f"{prefix}{number + 1:03d}"
        for folder in CAMERA_FOLDERS:
            if (store / folder / source).is_dir():
                shutil.copytree(store / folder / source, store / folder / camera_id)
                for path in (store / folder / camera_id).rglob("*.json"):
                    path.write_text(path.read_text().replace(f'"{source}"', f'"{camera_id}"'))
        ids.append(camera_id)
    return ids


def unreachable_targets(camera_ids: list[str]) -> list[CameraTarget]:
    """Registry entries at a loopback port nothing listens on (the page makes no camera call)."""
    port = free_port()
    return [CameraTarget(camera_id=camera_id, host="127.0.0.1", port=port, user="nobody", password=SecretStr("-"))
            for camera_id in camera_ids]


async def _timed_get(product: EmbeddedProcess, url: str) -> tuple[float, int]:
    """Milliseconds and bytes of one GET (raises on an error answer)."""
    began = time.perf_counter()
    answer = await product.api.get(url)
    answer.raise_for_status()
    return (time.perf_counter() - began) * 1000, len(answer.content)


async def chromium_ms(base_url: str, cameras: int) -> float:
    """Milliseconds from navigating to `/` to every camera's row shown, in headless Chromium (a warm browser)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            await page.goto(base_url + "/")  # warm: fonts, scripts and styles cached as for a returning operator
            began = time.perf_counter()
            await page.goto(base_url + "/")
            await page.locator("#cameras tr").nth(cameras - 1).wait_for(state="attached")  # the page's CSP: no eval
            return (time.perf_counter() - began) * 1000
        finally:
            await browser.close()


async def page_rows(product: EmbeddedProcess, cameras: int) -> list[str]:
    """Markdown lines: the first (nothing kept yet) and the later fleet answers, the page shell, and Chromium."""
    load = os.getloadavg()[0]
    first_ms, _ = await _timed_get(product, "/api/v1/fleet")
    rows = len((await product.api.get("/api/v1/fleet")).json()["cameras"])
    lines = [f"Fleet page with {rows} cameras (first answer, nothing kept yet: {first_ms:.0f} ms); load average "
             f"{load:.1f} at the start", "", "| request | median ms | p95 ms | bytes | load |",
             "|---|---:|---:|---:|---:|"]
    for url in ("/", "/api/v1/fleet"):
        timings = [await _timed_get(product, url) for _ in range(ROUNDS)]
        times = [ms for ms, _ in timings]
        lines.append(f"| `{url}` | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | "
                     f"{timings[-1][1]:,} | {os.getloadavg()[0]:.1f} |")
    browser_ms = [await chromium_ms(str(product.api.base_url).rstrip("/"), cameras) for _ in range(3)]
    lines.append(f"| Chromium: `/` until all {cameras} rows show (3 loads) | {statistics.median(browser_ms):.0f} | "
                 f"{max(browser_ms):.0f} | - | {os.getloadavg()[0]:.1f} |")
    return lines
