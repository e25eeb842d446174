"""Save screenshots of the dashboard's three pages into docs/: a simulated camera is scanned, then shown in Chromium.

Run: .venv/bin/python -m tools.dashboard_screenshots
"""

from __future__ import annotations

import asyncio
import secrets
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from playwright.async_api import async_playwright
from pydantic import SecretStr

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.server import start_simulator
from libs.common.adapters.camera.target import CameraTarget
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tools.local_servers.asgi_server import serve_app

DOCS = Path(__file__).resolve().parents[1] / "docs"
DAY = (datetime.now(UTC) - timedelta(days=1)).date()  # yesterday: the home page's 7-day strip shows it
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


async def scan(base_url: str) -> None:
    """Scan QA-CAM1 and wait for the scan to end."""
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        scan_id = (await client.post("/api/v1/cameras/qa-cam1/scans", json={})).json()["scan_id"]
        async with client.stream("GET", f"/api/v1/scans/{scan_id}/events") as stream:
            async for _ in stream.aiter_lines():
                pass


async def shoot(base_url: str) -> None:
    """Home, camera and day page at 1280 px, full page, dark theme."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = await browser.new_page(base_url=base_url, viewport={"width": 1280, "height": 900})
        for name, path, ready in (("home", "/", "#cameras tr[data-camera]"), ("camera", "/QA-CAM1", "a.day"),
                                  ("day", f"/QA-CAM1/{DAY}", ".tile.has-image")):
            await page.goto(path)
            await page.wait_for_selector(ready)
            await page.wait_for_load_state("networkidle")
            if name == "day":
                await page.set_viewport_size({"width": 1280, "height": 1300})
                await page.locator(".tile.has-image").nth(3).hover()
            await page.screenshot(path=str(DOCS / f"screenshot-{name}.png"), full_page=name != "day")
        await browser.close()


async def main() -> None:
    """Build a one-day card (10 s clips, 6 an hour), serve it over SSH, run the product, scan, screenshot."""
    with tempfile.TemporaryDirectory() as folder:
        card = build_card(Path(folder) / "sdcard", days=[DAY], hours=range(24), clips_per_hour=6, clip_seconds=10.0,
                          width=640, height=360, fps=15, bitrate_kbps=400)
        password = secrets.token_urlsafe(16)
        simulator = await start_simulator(card, port=0, user="qa", password=password)
        target = CameraTarget(camera_id="QA-CAM1", host="127.0.0.1", port=simulator.port, user="qa",
                              password=SecretStr(password), model="DomePlus (simulated)",
                              config_ini=DEFAULT_CONFIG_INI,
                              host_key_fingerprint=simulator.host_key.get_fingerprint("sha256"))
        system = EmbeddedSystem(Settings(data_dir=Path(folder) / "data", demo_camera=False), [target])
        await system.start()
        try:
            async with serve_app(system.web_app) as base_url:
                await scan(base_url)
                await shoot(base_url)
        finally:
            await system.stop()
            await simulator.close()

if __name__ == "__main__":
    asyncio.run(main())
