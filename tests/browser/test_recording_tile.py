"""The clip being written in real Chromium: a recording tile whose elapsed time goes on, and what judged_until means."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from libs.camera_simulator.card_recorder import CardRecorder, recording_template
from libs.camera_simulator.simulated_clock import SimulatedClock
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem
from tests.camera.recording_camera import at_phase, camera_day, live_card, simulated
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import serve_app

pytestmark = pytest.mark.browser
LIVE_CLIP_S = 30.0  # long enough that the tile is still the clip being written while the page is looked at


@pytest.fixture
async def recording_site(tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """The dashboard over a camera recording 30 s clips, scanned once mid-clip; yields its base URL and the day."""
    clock = SimulatedClock()
    card = live_card(tmp_path)
    recorder = CardRecorder(card, recording_template(tmp_path / "clip.mp4", LIVE_CLIP_S), LIVE_CLIP_S, now=clock.now)
    recorder.backfill(3)
    async with simulated(card, sftp=True, clock=clock) as simulator, recorder:
        settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid")
        async with EmbeddedSystem(settings, [simulator.target("CAMREC")]) as system, \
                serve_app(system.web_app) as base_url:
            await at_phase(recorder, clock, 0.05, 0.5)
            async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
                scan = await scan_and_wait(client, "CAMREC", thumbnails=False, previews=False)
                assert scan["status"] == "completed"
            yield base_url, camera_day(clock)


@pytest.fixture
async def tab(browser: Browser, recording_site: tuple[str, str]) -> AsyncIterator[Page]:
    """A tab on the dashboard."""
    context = await browser.new_context(base_url=recording_site[0], viewport={"width": 1280, "height": 900})
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def test_the_clip_being_written_is_a_recording_tile_counting_its_time_and_the_day_passes(
    tab: Page, recording_site: tuple[str, str]
) -> None:
    await tab.goto(f"/CAMREC/{recording_site[1]}")
    live = tab.locator(".tile.recording")
    await expect(live).to_have_count(1)
    caption = live.locator(".cap")
    await expect(caption).to_have_text(re.compile(r"● recording 0:\d\d$"))
    first = await caption.text_content()
    await expect(caption).not_to_have_text(first or "", timeout=3000)
    await expect(live).to_have_attribute("title", re.compile("not judged until the camera closes it"))
    await expect(tab.locator(".tile.bad")).to_have_count(0)
    await expect(tab.locator("#checks-verdict")).to_have_text("pass")
    await expect(tab.locator("#checks-note")).to_contain_text("Judged until")
    await expect(tab.locator("#checks-note")).to_contain_text("the start of the clip being written")
