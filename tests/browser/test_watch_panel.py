"""The camera page's watch panel in Chromium, over a simulated camera a recorder writes while the test runs:
start a watch, see ticks and the SLO move, a planted stop appear live on the timeline once, stop the watch."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from libs.camera_simulator.server import start_simulator
from services.embedded.system import EmbeddedSystem
from tests.embedded_system import EmbeddedFactory
from tests.watch.recorder import CLIP_S, Recorder, recording_card

pytestmark = pytest.mark.browser
STOP_S = 20.0


@pytest.fixture
async def recorder(tmp_path: Path) -> AsyncIterator[Recorder]:
    """A recorder closing a clip every CLIP_S seconds onto an empty continuous-schedule card."""
    async with recording_card(tmp_path) as writer:
        yield writer


@pytest.fixture
async def embedded(make_embedded: EmbeddedFactory, recorder: Recorder) -> AsyncIterator[EmbeddedSystem]:
    """The product with CAM01 on a simulator serving the recorded card; ticks allowed every half second."""
    async with await start_simulator(recorder.card) as simulator, \
            make_embedded([simulator.target("CAM01")], watch_min_every_s=0.5, camera_connect_timeout_s=5,
                          preview_frames=2) as system:
        yield system


async def test_the_watch_panel_starts_a_watch_shows_ticks_and_a_planted_stop_live_and_stops(
        page: Page, recorder: Recorder) -> None:
    await page.goto("/CAM01")
    await expect(page.locator("body[data-live=open]")).to_be_attached()
    await expect(page.locator("#watch-status")).to_have_text("Not watched.")

    await page.get_by_label("Every").fill("1")
    await page.get_by_label("for").fill("1")
    await page.get_by_role("button", name="Start watch").click()
    await expect(page.locator("body[data-watch=active]")).to_be_attached()
    await expect(page.locator("#watch-status")).to_have_text(re.compile(r"[1-9]\d* ticks; SLO 0\.\d{5}|SLO 1\.0"),
                                                            timeout=30_000)

    recorder.stop_for(STOP_S)
    gap = page.locator('#watch-timeline .marker.fail[data-check="gap"]')
    await expect(gap).to_have_count(1, timeout=int((CLIP_S * 1.5 + 2 + 15) * 1000))
    await expect(page.locator("#watch-issues li.fail")).to_contain_text("gap")
    href = await gap.get_attribute("href")
    assert href is not None and re.fullmatch(r"/CAM01/\d{4}-\d\d-\d\d#t=\d\d:\d\d:\d\d", href)

    await page.get_by_role("button", name="Stop watch").click()
    await expect(page.locator("body[data-watch=stopped]")).to_be_attached()
    await expect(page.locator("#watch-status")).to_contain_text("Watch stopped")
    await expect(page.get_by_role("button", name="Start watch")).to_be_visible()
    await expect(gap).to_have_count(1)
