"""Fault 4: a camera that stalls mid-read or refuses the password ends with clear errors; other cameras' scans
are unaffected. The faults are in the cameras, so the embedded system is enough."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from libs.camera_simulator.server import RunningSimulator, start_simulator
from tests.embedded_system import EmbeddedFactory
from tests.sample_card import CARD_DAY, PASSWORD, USER, camera_target
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client

pytestmark = [pytest.mark.fault]

CALL_TIMEOUT_S = 1.0
STALL_AFTER_BYTES = 30_000


@pytest.fixture
async def stalling_camera(small_card: Path) -> AsyncIterator[RunningSimulator]:
    """The sample card on a camera whose file reads hang for good after a few clips' worth of bytes."""
    stalling = start_simulator(small_card, port=0, user=USER, password=PASSWORD, stall_after_bytes=STALL_AFTER_BYTES)
    async with await stalling as simulator:
        yield simulator


@pytest.fixture
async def web(
    make_embedded: EmbeddedFactory, camera_server: int, stalling_camera: RunningSimulator
) -> AsyncIterator[httpx.AsyncClient]:
    """The embedded system with a healthy CAM01, a stalling CAM02 and CAM03 whose password is wrong."""
    settings = {"camera_connect_timeout_s": 5, "camera_call_timeout_s": CALL_TIMEOUT_S, "preview_frames": 4}
    wrong_password = dataclasses.replace(camera_target(camera_server, "CAM03"), password=SecretStr("not-it"))
    cameras = [camera_target(camera_server, "CAM01"), camera_target(stalling_camera.port, "CAM02"), wrong_password]
    async with make_embedded(cameras, **settings) as system, served_client(system.web_app) as client:
        yield client


async def test_a_stalling_camera_gives_per_clip_errors_while_another_camera_scans_normally(
    web: httpx.AsyncClient,
) -> None:
    healthy, stalled = await asyncio.gather(scan_and_wait(web, "cam01", 60), scan_and_wait(web, "cam02", 120))

    healthy_clips = await _clips(web, "CAM01")
    assert healthy["status"] == "completed"
    assert healthy["progress"]["errors"] == len([clip for clip in healthy_clips if clip["status"] != "ok"])
    assert not [clip for clip in healthy_clips if "camera read failed" in (clip["error"] or "")]

    assert stalled["status"] == "completed", stalled
    assert stalled["progress"]["clips_done"] == stalled["progress"]["clips_total"] > 0
    stalled_clips = await _clips(web, "CAM02")
    timed_out = [clip for clip in stalled_clips if clip["status"] == "unreadable"
                 and clip["error"].startswith("camera read failed:") and "did not answer in time" in clip["error"]]
    assert timed_out, stalled_clips
    problems = (await web.get(f"/api/v1/scans/{stalled['scan_id']}/errors")).json()
    assert {clip["clip_id"] for clip in timed_out} <= {problem["clip_id"] for problem in problems
                                                       if problem["stage"] == "metadata"}


async def test_a_camera_that_refuses_the_password_fails_its_scan_with_the_reason(web: httpx.AsyncClient) -> None:
    scan = await scan_and_wait(web, "cam03", 30)
    assert scan["status"] == "failed"
    assert "refused the login" in scan["error"] and "not-it" not in scan["error"]


async def _clips(web: httpx.AsyncClient, camera_id: str) -> list[dict[str, Any]]:
    """The camera's clips of the sample card's day."""
    clips: list[dict[str, Any]] = (await web.get(f"/api/v1/cameras/{camera_id}/recordings",
                                                 params={"date": CARD_DAY.isoformat()})).json()
    return clips

