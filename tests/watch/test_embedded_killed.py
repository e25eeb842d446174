"""`python -m services.embedded` killed with SIGKILL mid-watch and started again over the same data: the watch
goes on from its stored record, and an issue pushed before the kill is not pushed again after it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from libs.camera_simulator.server import start_simulator
from tests.sample_card import PASSWORD, USER
from tests.watch.recorder import CLIP_S, Recorder, continuous_card
from tests.watch.sse_follower import Follower
from tests.watch.webhook_receiver import WebhookReceiver
from tools.local_servers.asgi_server import serve_app
from tools.local_servers.polling import eventually
from tools.local_servers.ports import free_port

pytestmark = [pytest.mark.fault]
REPO = Path(__file__).resolve().parents[2]
SECRET = "kill-test-secret"
STOP_S = 15.0


@asynccontextmanager
async def embedded_process(env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """The embedded product as its own process, healthy on SDB_WEB_PORT; SIGKILLed at the end if still alive."""
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "services.embedded", cwd=REPO, env=env,
                                                       stdout=output, stderr=output)
    url = f"http://127.0.0.1:{env['SDB_WEB_PORT']}/healthz"

    async def healthy() -> bool:
        try:
            async with httpx.AsyncClient() as client:
                return (await client.get(url, timeout=1)).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        await eventually(healthy, 60, f"the embedded service\n{log.read_text()[-2000:]}")
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.long(seconds=25)
async def test_a_watch_survives_a_sigkill_of_the_embedded_service_and_pushes_nothing_twice(tmp_path: Path) -> None:
    recorder = Recorder(continuous_card(tmp_path / "card" / "sdcard"), tmp_path / "scratch")
    receiver = WebhookReceiver(SECRET)
    follower, restarted = Follower(), Follower()
    recorder.start()
    try:
        await eventually(lambda: len(recorder.clips) >= 2, 30, "the recorder's first clips")
        async with await start_simulator(recorder.card, user=USER, password=PASSWORD) as simulator, \
                serve_app(receiver.app()) as hook_base:
            cameras = tmp_path / "cameras.ini"
            cameras.write_text(f"[CAM01]\nhost = 127.0.0.1\nport = {simulator.port}\nuser = {USER}\n"
                               f"password = {PASSWORD}\n"
                               f"host_key_fingerprint = {simulator.host_key.get_fingerprint('sha256')}\n")
            port = free_port()
            env = {**{key: value for key, value in os.environ.items() if not key.startswith("SDB_")},
                   "PYTHONPATH": str(REPO), "SDB_DATA_DIR": str(tmp_path / "data"), "SDB_WEB_PORT": str(port),
                   "SDB_CAMERAS_FILE": str(cameras), "SDB_WATCH_MIN_EVERY_S": "0.5",
                   "SDB_WEBHOOK_URLS": f"{hook_base}/hook", "SDB_WEBHOOK_SECRET": SECRET,
                   "SDB_CAMERA_CONNECT_TIMEOUT_S": "5"}
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=base, timeout=30) as api:
                async with embedded_process(env, tmp_path / "first.log") as first:
                    follower.follow(api, "/api/v1/events")
                    watch_id = (await api.post("/api/v1/cameras/CAM01/watch", json={"every_s": 1})).json()["watch_id"]
                    recorder.stop_for(STOP_S)
                    await eventually(lambda: bool(_gap_ids(receiver, recorder)), CLIP_S * 1.5 + 40,
                                     "the stop's webhook")
                    before = await _watch(api, watch_id)
                    first.send_signal(signal.SIGKILL)
                    await first.wait()
                await follower.close()
                async with embedded_process(env, tmp_path / "second.log"):
                    restarted.follow(api, "/api/v1/events")
                    await eventually(lambda: _ticked(api, watch_id, before["ticks"] + 4), 60, "ticks after the kill")
                    after = await _watch(api, watch_id)
                    await restarted.close()
    finally:
        await recorder.close()
    assert after["status"] == "active" and after["watch_id"] == watch_id
    assert len(_gap_ids(receiver, recorder)) == 1, "the stop was pushed again after the restart"
    assert len(receiver.issue_ids()) == len(set(receiver.issue_ids())), "an issue was pushed twice"
    assert restarted.kinds("/api/v1/events", "watch.tick"), "no tick seen on the fleet stream after the restart"
    pushed_after = restarted.kinds("/api/v1/events", "check.issue")
    assert all(data["issue"]["issue_id"] not in _gap_ids(receiver, recorder) for data in pushed_after), pushed_after


def _gap_ids(receiver: WebhookReceiver, recorder: Recorder) -> list[str]:
    """The issue ids the receiver got for the planted stop (a gap starting where the recorder stopped)."""
    stopped = recorder.stopped_at
    return [] if stopped is None else [
        entry.body["issue"]["issue_id"] for entry in receiver.received
        if entry.body["issue"]["check"] == "gap" and entry.body["issue"]["start"].startswith(
            stopped.strftime("%Y-%m-%dT%H:%M:%S"))]


async def _watch(api: httpx.AsyncClient, watch_id: str) -> dict[str, Any]:
    body: dict[str, Any] = (await api.get(f"/api/v1/watches/{watch_id}")).json()
    return body


async def _ticked(api: httpx.AsyncClient, watch_id: str, ticks: int) -> bool:
    return bool((await _watch(api, watch_id))["ticks"] >= ticks)
