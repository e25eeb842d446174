"""Two real processes writing the same scan records at the same moment, against RabbitMQ and the S3 server."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from libs.common.adapters.broker.rabbitmq import RabbitMQBroker
from libs.common.adapters.store.port import put_json
from libs.common.adapters.store.s3 import S3Store
from libs.common.contracts import store_layout as keys
from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ScanRunningEvent, open_event
from libs.common.contracts.records import ScanRecord, ScanStatus
from libs.common.documents.scan_lifecycle import load_scan
from libs.common.documents.scan_progress import EXPECTED, THUMBS, mark
from tools.local_servers.polling import eventually
from tools.local_servers.seaweed import S3Server

pytestmark = [pytest.mark.distributed]

REPO = Path(__file__).resolve().parents[2]
SCANS = 24


@dataclass
class RaceGround:
    """The bucket both processes write, the events they emit, and how to start them."""

    store: S3Store
    env: dict[str, str]
    events: list[Envelope]

    def start(self, *args: str) -> subprocess.Popen[str]:
        """A racer process (tests/distributed/lifecycle_racer.py) with these arguments, once it is connected."""
        racer = subprocess.Popen([sys.executable, "-m", "tests.distributed.lifecycle_racer", *args], cwd=REPO,
                                 env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        assert racer.stdout is not None
        before = []
        for line in racer.stdout:  # warnings of imports come first; the loop ends if the racer exits
            if line == "ready\n":
                return racer
            before.append(line)
        raise AssertionError("the racer exited before it was ready:\n" + "".join(before))

    async def all_events(self, broker: RabbitMQBroker) -> list[Envelope]:
        """Every event the racers emitted: a sentinel published after they exited arrives after all of theirs."""
        sentinel = Envelope.wrap(ScanRunningEvent(scan_id="sentinel", camera_id="CAM01"))
        await broker.publish_event(sentinel)
        await eventually(lambda: any(event.id == sentinel.id for event in self.events), 30, "the sentinel event")
        return [event for event in self.events if event.id != sentinel.id]


@pytest.fixture
async def ground(broker_url: str, s3_server: S3Server) -> AsyncIterator[tuple[RaceGround, RabbitMQBroker]]:
    """A fresh bucket, a subscriber on the events exchange, and the racers' environment."""
    bucket = f"race-{uuid.uuid4().hex[:12]}"
    store = S3Store(s3_server.endpoint, s3_server.access_key, s3_server.secret_key, bucket)
    await store.start()
    broker = RabbitMQBroker(broker_url)
    await broker.start()
    events: list[Envelope] = []

    async def keep(message: Envelope) -> None:
        events.append(message)

    await broker.subscribe_events(keep)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "SDB_MODE": "distributed", "SDB_AMQP_URL": broker_url,
           "SDB_S3_ENDPOINT": s3_server.endpoint, "SDB_S3_ACCESS_KEY": s3_server.access_key,
           "SDB_S3_SECRET_KEY": s3_server.secret_key, "SDB_S3_BUCKET": bucket, "SDB_LOG_LEVEL": "warning"}
    try:
        yield RaceGround(store, env, events), broker
    finally:
        await broker.close()


def _race(*racers: subprocess.Popen[str]) -> list[str]:
    """Let the connected racers go at the same moment and wait for them; their reports (a failing racer fails the
    test with its output)."""
    for racer in racers:
        assert racer.stdin is not None
        racer.stdin.write("go\n")
    for racer in racers:
        assert racer.stdin is not None
        racer.stdin.flush()
    outputs = [racer.communicate(timeout=120)[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * len(racers), outputs
    return outputs


async def test_two_thumbnailers_settling_the_last_two_jobs_together_complete_each_scan_once(
    ground: tuple[RaceGround, RabbitMQBroker],
) -> None:
    race, broker = ground
    scan_ids = [uuid.uuid4().hex for _ in range(SCANS)]
    for scan_id in scan_ids:
        record = ScanRecord(scan_id=scan_id, camera_id="CAM01", status=ScanStatus.RUNNING, collected=True,
                            previews=False, clips_total=2, clips_done=2)
        await put_json(race.store, keys.scan_doc(scan_id), record.model_dump(mode="json"))
        for clip in ("clip-a", "clip-b"):
            await mark(race.store, scan_id, THUMBS, clip)
            await mark(race.store, scan_id, EXPECTED, clip)
    _race(race.start("settle", "clip-a", *scan_ids), race.start("settle", "clip-b", *scan_ids))

    events = [open_event(message) for message in await race.all_events(broker)]
    completed = Counter(event.scan_id for event in events if event.kind == "scan.completed")
    assert {scan_id: completed[scan_id] for scan_id in scan_ids} == dict.fromkeys(scan_ids, 1)
    statuses = {(await load_scan(race.store, scan_id)).status for scan_id in scan_ids}
    assert statuses == {ScanStatus.COMPLETED}


async def test_a_collectors_count_save_never_undoes_a_scan_failed_by_another_process(
    ground: tuple[RaceGround, RabbitMQBroker],
) -> None:
    race, broker = ground
    scan_id = uuid.uuid4().hex
    await put_json(race.store, keys.scan_doc(scan_id), ScanRecord(scan_id=scan_id, camera_id="CAM01").model_dump(
        mode="json"))
    collector, failing = _race(race.start("run", "3", scan_id), race.start("give-up", "1", scan_id))

    record = await load_scan(race.store, scan_id)
    assert record.status is ScanStatus.FAILED, (record, collector, failing)
    assert record.error == "scan gave up: the test gave it up"
    assert "stopped after" in collector and "ended failed while it ran" in collector
    assert record.clips_done > 0
    events = [open_event(message) for message in await race.all_events(broker)]
    assert [event.kind for event in events if event.kind in ("scan.failed", "scan.completed")] == ["scan.failed"]
