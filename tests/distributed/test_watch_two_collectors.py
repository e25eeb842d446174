"""Two collector processes on RabbitMQ share a watch's ticks: every tick is run once, none twice, none lost."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import pytest

from tests.distributed.conftest import ServicesFactory
from tools.local_servers.polling import eventually

pytestmark = [pytest.mark.distributed]
TICKS = 8


def _ticks_run(log_text: str) -> list[int]:
    """The tick numbers one collector's JSON log says it ran."""
    numbers = []
    for line in log_text.splitlines():
        if line.startswith("{") and '"watch ticked"' in line:
            numbers.append(int(json.loads(line)["tick"]))
    return numbers


@pytest.mark.long(seconds=15)
async def test_two_collectors_on_rabbitmq_run_each_tick_of_a_watch_exactly_once(services_on: ServicesFactory,
                                                                                camera_server: int) -> None:
    with services_on(camera_server, thumbnailers=1, SDB_WATCH_MIN_EVERY_S="1",
                     SDB_EXPECTED_COLLECTORS="2") as services:
        services.start_another("collector-2", like="collector")
        async with httpx.AsyncClient(base_url=services.gateway_url, timeout=30) as gateway:
            started = await gateway.post("/api/v1/cameras/CAM01/watch", json={"every_s": 1})
            assert started.status_code == 201, started.text
            watch_id = started.json()["watch_id"]

            async def ticked() -> bool:
                watch = (await gateway.get(f"/api/v1/watches/{watch_id}")).json()
                assert watch["unreachable"] == [], watch
                return bool(watch["ticks"] >= TICKS)

            await eventually(ticked, 120, f"{TICKS} ticks")
            stopped = (await gateway.delete(f"/api/v1/watches/{watch_id}")).json()
        run = [_ticks_run((services.logs / f"{name}.log").read_text()) for name in ("collector", "collector-2")]
    done = stopped["ticks"]
    every = Counter(run[0] + run[1])
    assert [tick for tick, times in every.items() if times > 1] == [], f"ticks run twice: {every}"
    assert sorted(every) == list(range(1, max(every) + 1)), f"a tick was skipped: {sorted(every)}"
    assert max(every) in (done, done + 1)  # the tick running as the watch stopped may finish after the answer
