"""A watch of Debian's OpenSSH serving a card a recorder writes while the test runs: a planted stop of a minute
is found within one tick and pushed exactly once, over SSE (camera and fleet streams) and to a webhook, also
when the service is killed and started again mid-watch."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from libs.common.adapters.camera.target import CameraTarget
from tests.camera.camera_sshd import running_sshd
from tests.checks.junit_schema.validate import assert_valid_junit
from tests.embedded_system import running_system
from tests.watch.conftest import FAST_WATCH
from tests.watch.recorder import CLIP_S, Recorder, continuous_card
from tests.watch.sse_follower import Follower
from tests.watch.webhook_receiver import WebhookReceiver
from tools.local_servers.asgi_server import serve_app
from tools.local_servers.polling import eventually

SECRET = "hook-secret-for-tests"
CAMERA = "CAMW1"
EVERY_S = 2.0
STOP_S = 60.0
FOUND_AFTER_S = CLIP_S * 1.5 + 2.0  # a gap at the live edge is a stop once longer than the clip being made
STREAMS = (f"/api/v1/cameras/{CAMERA}/events", "/api/v1/events")


@contextlib.asynccontextmanager
async def service(data_dir: Path, target: CameraTarget, hook: str) -> AsyncIterator[httpx.AsyncClient]:
    """The embedded product over data_dir, its web service on a port; all of it gone (broker too) on exit."""
    async with running_system(data_dir, [target], webhook_urls=hook, webhook_secret=SecretStr(SECRET),
                              **FAST_WATCH) as system, serve_app(system.web_app) as base, \
            httpx.AsyncClient(base_url=base, timeout=30) as client:
        yield client


def _utc(text: str) -> datetime:
    """An issue time (naive UTC in the checks) as an aware time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _planted(issues: list[dict[str, Any]], stopped_at: datetime) -> list[dict[str, Any]]:
    """The gap issues that start where the recorder stopped."""
    return [issue for issue in issues
            if issue["check"] == "gap" and abs((_utc(issue["start"]) - stopped_at).total_seconds()) < 1]


async def _ticks(client: httpx.AsyncClient, watch_id: str) -> int:
    return int((await client.get(f"/api/v1/watches/{watch_id}")).json()["ticks"])


@pytest.mark.long(seconds=85)
@pytest.mark.parametrize("restart", [False, True], ids=["one-service", "killed-and-started-again"])
async def test_a_planted_stop_is_found_within_a_tick_and_pushed_exactly_once(tmp_path: Path, restart: bool) -> None:
    card = continuous_card(tmp_path / "card" / "sdcard")
    recorder = Recorder(card, tmp_path / "scratch")
    receiver = WebhookReceiver(SECRET, refuse=1)
    follower = Follower()
    data_dir = tmp_path / "data"
    with running_sshd(tmp_path / "sshd", sftp=True) as sshd:
        target = CameraTarget(camera_id=CAMERA, host="127.0.0.1", port=sshd.port, user=sshd.user,
                              key_file=str(sshd.client_key), sd_root=str(card),
                              config_ini=str(card.parent / "config" / "camera.ini"),
                              host_key_fingerprint=sshd.host_key_fingerprint)
        recorder.start()
        try:
            await eventually(lambda: len(recorder.clips) >= 2, 30, "the recorder's first clips")
            async with serve_app(receiver.app()) as hook_base:
                hook = f"{hook_base}/hook"
                async with service(data_dir, target, hook) as api:
                    follower.follow(api, *STREAMS)
                    started = await api.post(f"/api/v1/cameras/{CAMERA}/watch", json={"every_s": EVERY_S})
                    assert started.status_code == 201, started.text
                    watch_id = started.json()["watch_id"]
                    await eventually(lambda: _ticks(api, watch_id), 60, "the first tick")
                    if not restart:
                        await _plant_and_find(api, recorder, follower, watch_id)
                        await _report_shows_the_stop(api, watch_id, recorder)
                if restart:
                    await follower.close()
                    async with service(data_dir, target, hook) as api:
                        follower.follow(api, *STREAMS)
                        await _plant_and_find(api, recorder, follower, watch_id)
                await eventually(lambda: set(receiver.issue_ids()[receiver.refuse:]) == set(receiver.issue_ids()),
                                 60, "every issue delivered, the refused one again")
        finally:
            await follower.close()
            await recorder.close()
    assert recorder.stopped_at is not None
    issue_ids = receiver.issue_ids()
    [gap_id] = {issue["issue_id"] for issue in _planted([entry.body["issue"] for entry in receiver.received],
                                                         recorder.stopped_at)}
    first_delivery = next(entry.delivery for entry in receiver.received if entry.body["issue"]["issue_id"] == gap_id)
    assert [entry.delivery for entry in receiver.received if entry.body["issue"]["issue_id"] == gap_id] \
        in ([first_delivery], [first_delivery, first_delivery])  # the first POST is refused once: same key again
    assert all(entry.signed and entry.body["camera_id"] == CAMERA for entry in receiver.received)
    accepted = issue_ids[receiver.refuse:]
    assert len(accepted) == len(set(accepted)), "an issue was delivered twice after it was confirmed"


async def _plant_and_find(api: httpx.AsyncClient, recorder: Recorder, follower: Follower, watch_id: str) -> None:
    """Stop the recorder for STOP_S, see the gap pushed within a tick, let it record again, see no repeat."""
    recorder.stop_for(STOP_S)
    await eventually(lambda: recorder.stopped_at is not None, 10, "the recorder to stop")
    stopped_at = recorder.stopped_at
    assert stopped_at is not None

    def pushed(path: str) -> list[dict[str, Any]]:
        return _planted([event["issue"] for event in follower.kinds(path, "check.issue")], stopped_at)

    await eventually(lambda: all(pushed(path) for path in STREAMS), FOUND_AFTER_S + 30, "the stop on both streams")
    [issue] = pushed(STREAMS[0])
    latest = _utc(issue["first_seen"]) - (stopped_at + timedelta(seconds=FOUND_AFTER_S))
    assert latest.total_seconds() <= EVERY_S + 10, f"found {latest} after it became a stop: more than one tick"
    resumed = len(recorder.clips)
    await eventually(lambda: len(recorder.clips) >= resumed + 2, STOP_S + 30, "recording to resume")
    ticks = await _ticks(api, watch_id)
    await eventually(lambda: _later(api, watch_id, ticks + 2), 60, "two more ticks after the stop ended")
    for path in STREAMS:
        assert len(pushed(path)) == 1, f"{path} pushed the stop {len(pushed(path))} times"
    history = (await api.get(f"/api/v1/cameras/{CAMERA}/issues")).json()
    [kept] = _planted(history, stopped_at)
    assert kept["issue_id"] == issue["issue_id"] and kept["first_seen"] == issue["first_seen"]
    assert _utc(kept["end"]) - _utc(kept["start"]) >= timedelta(seconds=STOP_S)
    assert kept["last_seen"] > kept["first_seen"]


async def _later(api: httpx.AsyncClient, watch_id: str, ticks: int) -> bool:
    return await _ticks(api, watch_id) >= ticks


async def _report_shows_the_stop(api: httpx.AsyncClient, watch_id: str, recorder: Recorder) -> None:
    """The soak report in each format: the stop as a failing gap, the SLO under 1, a valid JUnit suite."""
    assert recorder.stopped_at is not None
    report = (await api.get(f"/api/v1/watches/{watch_id}/report")).json()
    assert report["verdict"] == "fail" and report["ticks"] >= 3
    [gap] = [gap for gap in report["gaps"] if abs((_utc(gap["start"]) - recorder.stopped_at).total_seconds()) < 1]
    assert gap["seconds"] >= STOP_S and gap["cause"] == "stopped"
    assert 0 < report["recording_slo"] < 1 and report["recorded_s"] < report["scheduled_s"]
    assert report["unreachable"] == [] and report["card"]["free_bytes_last"] > 0
    assert any(issue["check"] == "gap" and issue["first_seen"] for issue in report["issues"])
    junit = await api.get(f"/api/v1/watches/{watch_id}/report", params={"format": "junit"})
    assert junit.headers["content-type"].startswith("application/xml")
    assert_valid_junit(junit.content)
    assert junit.text.count("<testsuite ") == 1 and f'name="sdb.{CAMERA}"' in junit.text
    assert '<testcase classname="sdb.CAMW1.watch" name="gap"' in junit.text
    csv = await api.get(f"/api/v1/watches/{watch_id}/report", params={"format": "csv"})
    lines = csv.text.splitlines()
    assert lines[0].startswith("section,issue_id,check") and lines[1].startswith("summary,")
    assert any(line.startswith("issue,") and ",gap,fail," in line for line in lines)
