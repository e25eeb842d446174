"""The day on screen jumps ahead of backfill: a running full-card scan does it next."""

from __future__ import annotations

import httpx

from libs.common.contracts.envelope import Envelope
from libs.common.contracts.events import ClipReadEvent, DayScannedEvent, open_event
from libs.common.documents.focus import read_focus
from services.embedded.system import EmbeddedSystem
from tests.scan_polling import scan_and_wait
from tests.thumbnailer.conftest import FARM_DAYS
from tools.local_servers.polling import eventually

NEWEST, OLDEST = FARM_DAYS[-1].isoformat(), FARM_DAYS[0].isoformat()


async def test_focusing_a_day_during_a_full_scan_makes_it_the_next_day_scanned(
    farm: EmbeddedSystem, gateway: httpx.AsyncClient
) -> None:
    order: list[str] = []
    focused = False

    async def on_event(message: Envelope) -> None:
        nonlocal focused
        event = open_event(message)
        if isinstance(event, DayScannedEvent):
            order.append(event.date)
        if isinstance(event, ClipReadEvent) and not focused:
            focused = True
            answer = await gateway.post("/api/v1/cameras/cam01/focus", json={"date": OLDEST})
            assert answer.status_code == 202

    await farm.broker.subscribe_events(on_event)
    scan = await scan_and_wait(gateway)
    assert scan["status"] == "completed"
    await eventually(lambda: len(order) == len(FARM_DAYS), what="every day.scanned event")
    assert order[:2] == [NEWEST, OLDEST], "the newest day was under way; the focused one came right after"


async def test_a_bad_focus_is_refused_and_changes_nothing(farm: EmbeddedSystem, gateway: httpx.AsyncClient) -> None:
    for body in ({"date": "2026-13-40"}, {"date": "yesterday"}, {}, {"date": OLDEST, "extra": 1}):
        answer = await gateway.post("/api/v1/cameras/cam01/focus", json=body)
        assert answer.status_code == 422 and "detail" in answer.json()
    assert (await gateway.post("/api/v1/cameras/bad id!/focus", json={"date": OLDEST})).status_code == 400
    assert await read_focus(farm.store, "CAM01") is None
