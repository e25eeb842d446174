"""A watch survives a restart of RabbitMQ: its next tick waits in a durable holding queue, the ticks go on once
the broker is back, and no tick is run twice. Runs on a RabbitMQ node of its own."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from tests.faults.conftest import StackFactory
from tests.servers.private_rabbit import PrivateRabbit, PrivateRabbitUnavailable, private_rabbitmq
from tests.servers.require import require_service
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.fault, pytest.mark.distributed]


@pytest.fixture
def own_rabbitmq() -> Iterator[PrivateRabbit]:
    """A private RabbitMQ node for this test only."""
    try:
        with private_rabbitmq() as rabbit:
            yield rabbit
    except PrivateRabbitUnavailable as exc:
        require_service("a private RabbitMQ node", str(exc))


@pytest.mark.long(seconds=25)
async def test_a_watch_goes_on_after_rabbitmq_restarts_with_no_tick_run_twice(
        fault_stack: StackFactory, own_rabbitmq: PrivateRabbit) -> None:
    with fault_stack(thumbnailers=1, amqp=own_rabbitmq.url, SDB_WATCH_MIN_EVERY_S="1") as stack:
        async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=10) as gateway:
            watch_id = (await gateway.post("/api/v1/cameras/CAM01/watch", json={"every_s": 2})).json()["watch_id"]

            async def ticks() -> int:
                answer = await gateway.get(f"/api/v1/watches/{watch_id}")
                return int(answer.json()["ticks"]) if answer.status_code == 200 else -1

            await eventually(lambda: _at_least(ticks, 2), 60, "two ticks")
            await asyncio.to_thread(own_rabbitmq.stop_app)
            try:
                before = await ticks()
            finally:
                await asyncio.to_thread(own_rabbitmq.start_app)
            await eventually(lambda: _at_least(ticks, before + 3), 120, "three more ticks after the restart")
            watch = (await gateway.get(f"/api/v1/watches/{watch_id}")).json()
        log = (stack.services.logs / "collector.log").read_text()
    assert watch["status"] == "active"
    run = Counter(int(json.loads(line)["tick"]) for line in log.splitlines()
                  if line.startswith("{") and '"watch ticked"' in line)
    assert [tick for tick, times in run.items() if times > 1] == [], run


async def _at_least(ticks: Callable[[], Awaitable[int]], count: int) -> bool:
    return await ticks() >= count
