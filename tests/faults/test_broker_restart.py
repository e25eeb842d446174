"""Fault 2: RabbitMQ stops and restarts mid-scan; the gateway answers 503 meanwhile, consumers come back, the
scan completes with every clip accounted for. Runs on a RabbitMQ node of its own so no other test is disturbed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from libs.camera_simulator.server import start_simulator
from libs.common.contracts.messages import SCAN_QUEUE, THUMBNAIL_QUEUE
from tests.e2e.sse_client import read_events
from tests.faults.conftest import StackFactory
from tests.sample_card import CARD_DAY, PASSWORD, USER
from tests.servers.private_rabbit import PrivateRabbit, PrivateRabbitUnavailable, private_rabbitmq
from tests.servers.require import require_service
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.fault, pytest.mark.distributed]

# aio-pika cancels a handler whose channel closes; the unacked scan request comes back and runs again.
SCAN_REDELIVERED = "consumer stopped during the attempt"


@pytest.fixture
def own_rabbitmq() -> Iterator[PrivateRabbit]:
    """A private RabbitMQ node for this test only."""
    try:
        with private_rabbitmq() as rabbit:
            yield rabbit
    except PrivateRabbitUnavailable as exc:
        require_service("a private RabbitMQ node", str(exc))


async def _health(gateway: httpx.AsyncClient) -> dict[str, Any]:
    """The gateway's health answer, whatever its status code."""
    body: dict[str, Any] = (await gateway.get("/api/v1/health")).json()
    return body


@pytest.mark.long(seconds=25)
async def test_a_scan_survives_a_broker_restart_and_the_gateway_fails_fast_meanwhile(
    fault_stack: StackFactory, own_rabbitmq: PrivateRabbit, small_card: Path
) -> None:
    slow_camera = await start_simulator(small_card, port=0, user=USER, password=PASSWORD, latency_ms=150)
    try:
        with fault_stack(thumbnailers=1, amqp=own_rabbitmq.url, camera_port=slow_camera.port) as stack:
            services = stack.services
            async with httpx.AsyncClient(base_url=services.web_url, timeout=30) as web, \
                    httpx.AsyncClient(base_url=stack.gateway_url, timeout=5) as gateway:
                scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
                await read_events(web, f"/api/v1/scans/{scan_id}/events", timeout_s=60, stop_after_kind="storage")

                own_rabbitmq.stop_app()
                try:
                    async def gateway_sees_the_broker_down() -> bool:
                        return (await _health(gateway))["broker"]["connected"] is False

                    await eventually(gateway_sees_the_broker_down, 10, "the gateway to notice the broker is down")
                    refused = await gateway.post("/api/v1/cameras/cam02/scans", json={})
                    assert refused.status_code == 503
                    assert refused.json()["detail"].startswith("message broker unavailable")
                    assert (await gateway.get(f"/api/v1/scans/{scan_id}")).status_code == 200
                finally:
                    own_rabbitmq.start_app()

                async def consumers_are_back() -> bool:
                    queues = (await _health(gateway)).get("queues", {})
                    return all(queues.get(queue, {}).get("consumers") == 1 for queue in (SCAN_QUEUE, THUMBNAIL_QUEUE))

                await eventually(consumers_are_back, 60, "collector and thumbnailer consumers to come back")

                async def scan_ended() -> bool:
                    status = (await gateway.get(f"/api/v1/scans/{scan_id}")).json()["status"]
                    return status in ("completed", "failed")

                await eventually(scan_ended, 180, "the scan to end after the restart")
                scan = (await gateway.get(f"/api/v1/scans/{scan_id}")).json()
                assert scan["status"] == "completed", (scan, services.log_text()[-4000:])
                clips = (await gateway.get("/api/v1/cameras/CAM01/recordings",
                                           params={"date": CARD_DAY.isoformat()})).json()
                good = [clip for clip in clips if clip["status"] == "ok"]
                assert scan["progress"]["clips_done"] == scan["progress"]["clips_total"] == len(clips)
                assert scan["progress"]["thumbnails_done"] == len(good) > 0
                assert scan["progress"]["errors"] == len(clips) - len(good)
                assert (await gateway.get("/api/v1/health")).status_code == 200
                assert SCAN_REDELIVERED in services.log_text()
    finally:
        await slow_camera.close()
