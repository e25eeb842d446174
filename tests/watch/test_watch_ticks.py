"""A watch ticks through the broker's delay queue: each tick joins or runs one scan, then stops when told."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from libs.common.contracts.records import ScanRecord
from services.embedded.system import EmbeddedSystem
from tools.local_servers.polling import eventually


async def _watch(api: httpx.AsyncClient, watch_id: str) -> dict[str, Any]:
    answer = await api.get(f"/api/v1/watches/{watch_id}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def _scans(system: EmbeddedSystem) -> list[ScanRecord]:
    keys = [key for key in await system.store.list("scans/") if key.endswith("/scan.json")]
    return [ScanRecord.model_validate_json(await system.store.get(key)) for key in keys]


async def test_a_watch_ticks_once_per_interval_with_one_scan_per_tick_and_stops_when_told(
        api: httpx.AsyncClient, watched: EmbeddedSystem) -> None:
    started = await api.post("/api/v1/cameras/CAM01/watch", json={"every_s": 1})
    assert started.status_code == 201, started.text
    watch_id = started.json()["watch_id"]
    assert started.json()["status"] == "active"

    changed = await api.post("/api/v1/cameras/CAM01/watch", json={"every_s": 0.5})
    assert changed.status_code == 200 and changed.json()["watch_id"] == watch_id
    assert changed.json()["every_s"] == 0.5

    async def ticked(count: int) -> bool:
        return bool((await _watch(api, watch_id))["ticks"] >= count)

    await eventually(lambda: ticked(3), 180, "three ticks (the first scans the card and makes its images)")
    listed = (await api.get("/api/v1/watches")).json()
    assert [watch["watch_id"] for watch in listed] == [watch_id]

    stopped = await api.delete(f"/api/v1/watches/{watch_id}")
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    assert stopped.json()["next_tick"] is None
    ticks = (await _watch(api, watch_id))["ticks"]
    with pytest.raises(TimeoutError):
        await eventually(lambda: ticked(ticks + 2), 3, "no more ticks after the stop")
    scans = await _scans(watched)
    assert ticks <= len(scans) <= ticks + 1  # one scan per tick; the tick running at the stop may have made one
    assert all(scan.status.value == "completed" for scan in scans), [scan.error for scan in scans]


async def test_a_tick_joins_the_scan_that_is_running_instead_of_starting_another(
        api: httpx.AsyncClient, watched: EmbeddedSystem) -> None:
    scan_id = (await api.post("/api/v1/cameras/CAM01/scans", json={})).json()["scan_id"]
    watch_id = (await api.post("/api/v1/cameras/CAM01/watch", json={"every_s": 60})).json()["watch_id"]

    async def one_tick() -> bool:
        return bool((await _watch(api, watch_id))["ticks"] == 1)

    await eventually(one_tick, 180, "the first tick")
    assert [scan.scan_id for scan in await _scans(watched)] == [scan_id]
