"""`make up-distributed` supervises its services: a dead one comes back (health sees its consumers again), one that
keeps dying stops the stack with its name."""

from __future__ import annotations

import signal
import threading
from typing import Any

import httpx
import pytest
import structlog

from tests.distributed.conftest import ServicesFactory
from tools.local_servers.polling import eventually, wait_until
from tools.local_servers.supervisor import Supervisor


@pytest.mark.long(seconds=15)
async def test_a_killed_thumbnailer_is_restarted_and_health_counts_its_consumers_again(
    services_on: ServicesFactory, camera_server: int
) -> None:
    with structlog.testing.capture_logs() as logs, services_on(camera_server, restart=True) as services:
        async with httpx.AsyncClient(base_url=services.gateway_url, timeout=10) as gateway:

            async def health() -> dict[str, Any]:
                body: dict[str, Any] = (await gateway.get("/api/v1/health")).json()
                return body

            async def all_consumers_back() -> bool:
                body = await health()
                return body["status"] == "ok" and all(
                    queue["consumers"] == queue["expected_consumers"] for queue in body["queues"].values())

            await eventually(all_consumers_back, 60, "every expected consumer at start")
            assert (await health())["queues"]["sdb.render.jobs"]["expected_consumers"] == 2
            killed = services.processes["thumbnailer-1"]
            killed.send_signal(signal.SIGKILL)
            await eventually(lambda: services.processes["thumbnailer-1"] is not killed, 30, "the restart")
            await eventually(all_consumers_back, 60, "the restarted thumbnailer's consumers")
    assert services.supervisor is not None and dict(services.supervisor.restarts) == {"thumbnailer-1": 1}
    restarted = [entry for entry in logs if entry["event"] == "service exited, restarting it"]
    assert [(entry["service"], entry["exit_code"]) for entry in restarted] == [("thumbnailer-1", -signal.SIGKILL)]


class _AlwaysDying:
    """Processes of which 'collector' dies again right after each restart."""

    def __init__(self) -> None:
        self.started = {"collector": 1, "web": 1}

    def exit_codes(self) -> dict[str, int | None]:
        return {"collector": 3, "web": None}

    def restart(self, name: str) -> None:
        self.started[name] += 1


def test_a_service_that_keeps_dying_makes_the_supervisor_give_up_naming_it() -> None:
    processes, reasons, gave_up = _AlwaysDying(), [], threading.Event()

    def give_up(reason: str) -> None:
        reasons.append(reason)
        gave_up.set()

    supervisor = Supervisor(processes, give_up, max_restarts=3, window_s=60, interval_s=0.01)
    supervisor.start()
    try:
        wait_until(gave_up.is_set, 10, "the supervisor to give up")
    finally:
        supervisor.stop()
    assert processes.started == {"collector": 4, "web": 1}
    assert reasons == ["service collector exited with code 3, 4 times within 60 s: giving up"]
