"""The demo card is what a camera makes: recording as scheduled, a clean hour, an hour with a defect of each kind."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from libs.camera_simulator.demo_card import build_demo_card
from libs.camera_simulator.demo_plan import DEFECTS, demo_plan
from libs.camera_simulator.server import start_simulator
from libs.common.contracts.settings import Settings
from libs.common.domain.clip_identity import is_clip_path
from libs.common.domain.schedule import parse_schedule
from services.embedded.system import EmbeddedSystem
from tests.sample_card import PASSWORD, USER
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client

NOW = datetime(2026, 11, 26, 10, 48, 12, tzinfo=UTC)
DEFECT_CHECKS = {"gap", "overlap", "duration", "dropped_frames", "keyframe_interval", "clock_drift",
                 "profile_change", "broken"}


@pytest.mark.parametrize("now", [NOW, NOW.replace(hour=0, minute=5), NOW.replace(hour=1, minute=59)])
def test_no_clip_starts_after_now_and_the_schedule_owes_exactly_the_recorded_hours(now: datetime) -> None:
    plan = demo_plan(now)
    assert max(clip.start for clip in plan.clips) < now
    schedule = parse_schedule("[Recording]\n" + "\n".join(f"{day}={hours}" for day, hours in plan.schedule.items()))
    continuous_starts = {clip.start.replace(minute=0, second=0) for clip in plan.clips
                         if schedule.mode_at(clip.start) == "continuous"}
    assert len(continuous_starts) == 2, "one clean hour and the same hour a day earlier"
    assert {schedule.mode_at(clip.start) for clip in plan.clips} == {"continuous", "boost"}


def test_the_clean_hour_is_back_to_back_and_the_troubled_hour_holds_each_defect_once() -> None:
    plan = demo_plan(NOW)
    clean = [clip for clip in plan.clips if clip.start >= datetime(2026, 11, 26, 9, tzinfo=UTC)]
    assert len(clean) == 60 and {clip.template for clip in clean} == {"clean"}
    assert all(b.start - a.start == timedelta(seconds=60) for a, b in itertools.pairwise(clean))
    troubled = [clip for clip in plan.clips if datetime(2026, 11, 25, 9, tzinfo=UTC) <= clip.start
                < datetime(2026, 11, 25, 11, tzinfo=UTC)]
    assert {clip.template for clip in troubled} == {"clean", "short", "dropped", "long_gop", "wide"}
    assert sum(clip.cut for clip in troubled) == 1 and sum(bool(clip.mtime_off_s) for clip in troubled) == 1
    assert set(DEFECTS.values()) == {"short", "dropped", "long_gop", "mtime", "overlap", "wide", "gap", "cut"}


@pytest.fixture(scope="module")
def tiny_demo_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo card at thumbnail size (160x90, 5 fps) so it builds in a few seconds."""
    return build_demo_card(tmp_path_factory.mktemp("demo") / "sdcard", NOW, width=160, height=90, fps=5,
                           bitrate_kbps=40)


@pytest.fixture
async def demo_web(tiny_demo_card: Path, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The embedded system over the demo card as CAM01."""
    async with await start_simulator(tiny_demo_card, user=USER, password=PASSWORD) as simulator:
        settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid")
        async with EmbeddedSystem(settings, [simulator.target("CAM01")]) as system, \
                served_client(system.web_app) as web:
            yield web


async def test_a_first_scan_of_the_demo_finds_every_defect_beside_a_clean_day(
    demo_web: httpx.AsyncClient, tiny_demo_card: Path
) -> None:
    scan = await scan_and_wait(demo_web, "cam01", thumbnails=False, previews=False)
    clips = [path for path in tiny_demo_card.rglob("*.mp4")
             if is_clip_path(path.relative_to(tiny_demo_card).as_posix())]
    assert scan["progress"]["clips_total"] == len(clips)
    troubled = (await demo_web.get("/api/v1/cameras/CAM01/checks", params={"date": "2026-11-25"})).json()
    assert troubled["verdict"] == "fail"
    assert set(troubled["summary"]["by_check"]) == DEFECT_CHECKS
    assert troubled["summary"]["by_check"]["keyframe_interval"] == 1, "dropped frames keep the keyframes"
    assert troubled["summary"]["by_check"]["profile_change"] == 1, "one run of clips at the other resolution"
    assert all(count <= 2 for count in troubled["summary"]["by_check"].values())
    clean = (await demo_web.get("/api/v1/cameras/CAM01/checks", params={"date": "2026-11-26"})).json()
    assert (clean["verdict"], clean["issues"]) == ("pass", [])
    assert clean["summary"]["clips"] == 66
