"""A watched camera in the fleet and in /metrics, on a card a recorder writes while the test runs: state
watching, the window's SLO, the issues the latest tick saw, the watch's state and webhook deliveries by result."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from libs.camera_simulator.server import start_simulator
from tests.embedded_system import running_system
from tests.sample_card import PASSWORD, USER
from tests.watch.conftest import FAST_WATCH
from tests.watch.recorder import Recorder, continuous_card
from tests.watch.webhook_receiver import WebhookReceiver
from tools.local_servers.asgi_server import serve_app
from tools.local_servers.polling import eventually

CAMERA = "CAMW2"


async def row_of(api: httpx.AsyncClient) -> dict:
    """The camera's fleet row."""
    [row] = (await api.get("/api/v1/fleet", params={"camera": CAMERA})).json()["cameras"]
    return row


async def samples(api: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape by name and sorted labels."""
    text = (await api.get("/metrics")).text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


@pytest.mark.long(seconds=30)
async def test_a_watched_camera_shows_its_watch_its_open_issues_and_its_webhooks(tmp_path: Path) -> None:
    card = continuous_card(tmp_path / "card" / "sdcard")
    recorder, receiver = Recorder(card, tmp_path / "scratch"), WebhookReceiver("fleet-hook-secret", refuse=1)
    recorder.start()
    try:
        await eventually(lambda: len(recorder.clips) >= 2, 30, "the recorder's first clips")
        async with await start_simulator(card, port=0, user=USER, password=PASSWORD) as simulator, \
                serve_app(receiver.app()) as hook_base, \
                running_system(tmp_path / "data", [simulator.target(CAMERA)], webhook_urls=f"{hook_base}/hook",
                               webhook_secret=SecretStr("fleet-hook-secret"), **FAST_WATCH) as system, \
                serve_app(system.web_app) as base, httpx.AsyncClient(base_url=base, timeout=30) as api:
            started = await api.post(f"/api/v1/cameras/{CAMERA}/watch", json={"every_s": 1})
            watch_id = started.json()["watch_id"]

            async def watching() -> bool:
                row = await row_of(api)
                return row["state"] == "watching" and (row["slo"] or 0) > 0  # once a clip closed in the window

            await eventually(watching, 60, "the row to show the watch and its SLO")
            assert (await row_of(api))["slo"] <= 1
            recorder.stop_for(30)

            async def gap_open() -> bool:
                return "gap" in (await row_of(api))["open_issues"]

            await eventually(gap_open, 60, "the planted stop among the open issues")
            await eventually(lambda: len(receiver.received) >= 2, 60, "the refused delivery sent again")
            scraped = await samples(api)
            camera = ("camera", CAMERA)
            assert scraped[("sdb_camera_state", (camera, ("state", "watching")))] == 1
            assert scraped[("sdb_camera_watch_state", (camera, ("state", "active")))] == 1
            assert 0 < scraped[("sdb_camera_watch_recording_slo", (camera,))] <= 1
            assert any(name == "sdb_camera_open_issues" and ("check", "gap") in labels
                       for name, labels in scraped)
            assert scraped[("sdb_webhook_deliveries_total", (("result", "failed"),))] >= 1
            assert scraped[("sdb_webhook_deliveries_total", (("result", "delivered"),))] >= 1

            assert (await api.delete(f"/api/v1/watches/{watch_id}")).status_code == 200
            assert (await row_of(api))["state"] == "idle"
            assert (await samples(api))[("sdb_camera_watch_state", (camera, ("state", "stopped")))] == 1
    finally:
        await recorder.close()
