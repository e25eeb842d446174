"""The checks in real Chromium: the day's issues panel, timeline markers and flagged clips; the calendar's colours."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from libs.camera_simulator.card_builder import build_card
from libs.camera_simulator.schedule_ini import WEEKDAYS
from libs.camera_simulator.server import start_simulator
from libs.common.contracts.settings import Settings
from libs.common.domain.checks.expected import ExpectedOverrides
from services.embedded.system import EmbeddedSystem
from tests.e2e.test_embedded_scan import DAY
from tests.sample_card import CARD_DAY, PASSWORD, USER, camera_target
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import serve_app

pytestmark = pytest.mark.browser
DAY_PAGE = f"/CAM01/{DAY}"
NO_IMAGES = {"thumbnails": False, "previews": False}
EVENT_RECORDING_ONLY = {day: "5" * 24 for day in WEEKDAYS}  # boost all day: no time owes a recording


@pytest.fixture(scope="session")
def clean_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A card with four good event clips, recorded as its (boost-only) schedule allows."""
    return build_card(tmp_path_factory.mktemp("clean-card") / "sdcard", days=[CARD_DAY], hours=[5], clips_per_hour=4,
                      clip_seconds=4.0, width=320, height=180, fps=10, bitrate_kbps=200, broken=False,
                      schedule=EVENT_RECORDING_ONLY)


@pytest.fixture
async def site(tmp_path: Path, camera_server: int, clean_card: Path) -> AsyncIterator[str]:
    """The dashboard with CAM01 (the sample card: power-cut clips, a missed day) and CAMOK (a clean card)."""
    async with await start_simulator(clean_card, user=USER, password=PASSWORD) as clean:
        settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid")
        cameras = [camera_target(camera_server), clean.target("CAMOK")]
        async with EmbeddedSystem(settings, cameras) as system, serve_app(system.web_app) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
                for camera_id in ("CAM01", "CAMOK"):
                    assert (await scan_and_wait(client, camera_id, **NO_IMAGES))["status"] == "completed"
            yield base_url


@pytest.fixture
async def tab(browser: Browser, site: str) -> AsyncIterator[Page]:
    """A tab on the dashboard."""
    context = await browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def test_the_day_page_groups_the_issues_by_check_marks_them_and_badges_their_clips(tab: Page) -> None:
    await tab.goto(DAY_PAGE)
    await expect(tab.locator("#checks-verdict")).to_have_text("fail")
    await expect(tab.locator(".check-group")).to_have_count(2)
    await expect(tab.locator('.check-group[data-check="broken"] li')).to_have_count(2)
    await expect(tab.locator('.check-group[data-check="gap"] li')).to_contain_text("continuous recording was scheduled")
    await expect(tab.locator("#issue-track .marker.fail")).to_have_count(3)
    await expect(tab.locator(".tile.flagged")).to_have_count(2)
    await expect(tab.locator(".tile.flagged .badge").first).to_have_text("broken")
    await expect(tab.locator("#clip-table tr.flagged")).to_have_count(2)


async def test_an_issue_entry_jumps_to_its_time_and_clip(tab: Page) -> None:
    await tab.goto(DAY_PAGE)
    entry = tab.locator('.check-group[data-check="broken"] a.issue', has_text="03:45:00")
    await entry.click()
    await expect(tab).to_have_url(re.compile(r"#t=03:45:00$"))
    selected = tab.locator(".tile.selected")
    await expect(selected).to_have_count(1)
    await expect(selected.locator(".cap")).to_contain_text("03:45:00")
    await expect(tab.locator("#issue-track .marker.current")).to_have_count(1)


async def test_a_link_with_a_time_opens_the_day_at_that_issue(tab: Page) -> None:
    await tab.goto(f"{DAY_PAGE}#t=02:00:00")
    await expect(tab.locator(".tile.selected .cap")).to_contain_text("02:00:00")
    await expect(tab.locator(".issue.current")).to_contain_text("empty file")


async def test_the_calendar_colours_each_day_by_its_verdict(tab: Page) -> None:
    await tab.goto("/CAM01")
    await expect(tab.locator(f'a.day[href="/CAM01/{DAY}"]')).to_have_class(re.compile(r"\bverdict-fail\b"))
    await tab.goto("/CAMOK")
    day = tab.locator(f'a.day[href="/CAMOK/{DAY}"]')
    await expect(day).to_have_class(re.compile(r"\bverdict-pass\b"))
    await expect(day).to_have_attribute("title", re.compile("checks pass"))
    await tab.goto(f"/CAMOK/{DAY}")
    await expect(tab.locator("#checks-verdict")).to_have_text("pass")
    await expect(tab.locator("#checks-note")).to_contain_text("No issues in 4 clips")


@pytest.fixture
async def wrong_size_site(tmp_path: Path, clean_card: Path) -> AsyncIterator[str]:
    """The dashboard with CAMBIG: the clean card, for a camera configured to record 1920x1080 (it records 320x180)."""
    async with await start_simulator(clean_card, user=USER, password=PASSWORD) as camera:
        settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid")
        target = replace(camera_target(camera.port, "CAMBIG"), expected=ExpectedOverrides(width=1920, height=1080),
                         host_key_fingerprint=camera.host_key.get_fingerprint("sha256"))
        async with EmbeddedSystem(settings, [target]) as system, serve_app(system.web_app) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
                assert (await scan_and_wait(client, "CAMBIG", **NO_IMAGES))["status"] == "completed"
            yield base_url


async def test_a_day_at_the_wrong_size_is_one_issue_for_its_run_of_clips_on_the_page(browser: Browser,
                                                                                        wrong_size_site: str) -> None:
    context = await browser.new_context(base_url=wrong_size_site, viewport={"width": 1280, "height": 900})
    try:
        tab = await context.new_page()
        await tab.goto(f"/CAMBIG/{DAY}")
        await expect(tab.locator("#checks-verdict")).to_have_text("warn")
        entries = tab.locator('.check-group[data-check="profile_change"] li')
        await expect(entries).to_have_count(1)
        await expect(entries).to_contain_text(re.compile(r"05:00\u201305:45, 4 clips: 1920x1080 → 320x180"))
        await expect(tab.locator("#issue-track .marker.warn")).to_have_count(1)
        await expect(tab.locator(".tile.flagged")).to_have_count(4)
        await entries.locator("a.issue").click()
        await expect(tab).to_have_url(re.compile(r"#t=05:00:00$"))
        await expect(tab.locator(".tile.selected .cap")).to_contain_text("05:00:00")
    finally:
        await context.close()
