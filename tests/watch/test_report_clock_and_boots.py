"""The soak report takes the camera's clock and boots from the checks: a camera whose clock runs 3 s ahead and
that reboots during the watch shows that offset and that reboot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from libs.camera_simulator.server import start_simulator
from libs.camera_simulator.simulated_clock import SimulatedClock
from tests.embedded_system import EmbeddedFactory
from tests.watch.conftest import FAST_WATCH
from tests.watch.recorder import Recorder, recording_card
from tools.local_servers.asgi_server import served_client
from tools.local_servers.polling import eventually

OFFSET_S = 3.0


@pytest.fixture
async def recorder(tmp_path: Path) -> AsyncIterator[Recorder]:
    """A recorder closing a clip every CLIP_S seconds onto an empty continuous-schedule card."""
    async with recording_card(tmp_path) as writer:
        yield writer


async def test_the_report_shows_the_camera_clock_offset_and_a_reboot_during_the_watch(
        make_embedded: EmbeddedFactory, recorder: Recorder) -> None:
    clock = SimulatedClock()
    clock.set_offset(OFFSET_S)
    async with await start_simulator(recorder.card, clock=clock) as simulator, \
            make_embedded([simulator.target("CAM01")], **FAST_WATCH) as system, \
            served_client(system.web_app) as api:
        watch_id = (await api.post("/api/v1/cameras/CAM01/watch", json={"every_s": 1})).json()["watch_id"]
        await eventually(lambda: _ticks_at_least(api, watch_id, 2), 60, "two ticks")
        rebooted = datetime.now(UTC)
        simulator.reboot()
        ticks = (await _watch(api, watch_id))["ticks"]
        await eventually(lambda: _ticks_at_least(api, watch_id, ticks + 3), 60, "three ticks after the reboot")
        report = (await api.get(f"/api/v1/watches/{watch_id}/report")).json()
    assert report["clock"]["offset_s"] == pytest.approx(OFFSET_S, abs=1.0), report["clock"]
    assert report["clock"]["max_abs_offset_s"] >= report["clock"]["offset_s"]
    [boot] = [moment for moment in report["reboots"]
              if abs(datetime.fromisoformat(moment) - rebooted - timedelta(seconds=OFFSET_S)) < timedelta(seconds=5)]
    assert boot


async def _watch(api: httpx.AsyncClient, watch_id: str) -> dict[str, Any]:
    body: dict[str, Any] = (await api.get(f"/api/v1/watches/{watch_id}")).json()
    return body


async def _ticks_at_least(api: httpx.AsyncClient, watch_id: str, ticks: int) -> bool:
    return bool((await _watch(api, watch_id))["ticks"] >= ticks)
