"""Across processes: the camera password is nowhere (logs, events, answers, stored objects); SSE resumes by id."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.sse_client import read_events
from tests.faults.conftest import StackFactory
from tests.sample_card import PASSWORD

pytestmark = [pytest.mark.fault, pytest.mark.distributed]


async def test_a_reconnecting_browser_resumes_after_its_last_event_and_no_password_leaks(
    fault_stack: StackFactory,
) -> None:
    with fault_stack(thumbnailers=1) as stack:
        async with httpx.AsyncClient(base_url=stack.services.web_url, timeout=30) as web:
            scan_id = (await web.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
            url = f"/api/v1/scans/{scan_id}/events"
            before = await read_events(web, url, stop_after=3, timeout_s=60)
            after = await read_events(web, url, last_event_id=before[-1].id, timeout_s=120)
            everything = await read_events(web, url, timeout_s=30)

            assert after[-1].kind == "scan.completed"
            assert [event.id for event in before + after] == [event.id for event in everything]
            assert after[0].id > before[-1].id

            answers = [await web.get(path) for path in (
                f"/api/v1/scans/{scan_id}", "/api/v1/cameras", "/api/v1/cameras/CAM01/storage",
                "/api/v1/cameras/CAM01/dates", "/api/v1/health", "/api/v1/openapi.json")]
        store = stack.store()
        await store.start()
        keys = await store.list("")
        assert keys
        leaking = [key for key in keys if PASSWORD.encode() in await store.get(key)]
        assert leaking == []
        assert all(PASSWORD not in answer.text for answer in answers)
        assert all(PASSWORD not in str(event.data) for event in everything)
    assert PASSWORD not in stack.services.log_text()
